"""The embedded node: keys, envelopes, ledger, validation and the encrypted store. No Qt."""
