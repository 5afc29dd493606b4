"""The node: the ledger with every domain's rules (the registry of transaction types), opening
and unlocking a profile, submitting and sealing, receiving blocks, and backups of the whole."""
