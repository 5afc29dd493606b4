"""Shared documents: encrypted parts, who they are shared with, publishing and opening them."""
