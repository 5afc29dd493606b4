"""Checking the ledger's signed objects from scratch, without this laptop's derived tables:
a vote's record folder (record.py) and a whole profile (replica.py), both by replaying the
blocks from the genesis into a fresh, throw-away ledger (replay.py)."""
