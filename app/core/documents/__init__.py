"""Shared documents: encrypted parts (documents.py), their rule (rules.py), publishing and
opening them (service.py), and what the screens and the command list (queries.py)."""
