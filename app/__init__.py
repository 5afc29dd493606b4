"""Obambu: an offline-first town-hall node."""
