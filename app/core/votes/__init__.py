"""Votes between communes (consultations): casting and counting ballots."""
