"""Attestations (certificates): issuing, the commune's numbers, the printed page, the QR text,
verification and its seven outcomes, verifier kits, scanning photos and PDFs."""
