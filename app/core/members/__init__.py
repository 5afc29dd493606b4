"""Members and their keys: who belongs to which commune, rotating and revoking keys, approving a
new epoch (the rules of these transactions are in ledger/governance.py)."""
