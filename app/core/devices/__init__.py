"""Radio relays on the ledger (appareils): registering and retiring boards, their signed link
reports."""
