"""Attestations (certificates): issuing, correcting and cancelling them (certificates.py), the
commune's numbers, the printed page, the QR text, verification and its seven outcomes, verifier
kits, scanning photos and PDFs, and what the screens read (queries.py)."""
