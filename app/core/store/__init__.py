"""The encrypted store (SQLCipher): the connection and its transactions, the numbered
migrations, the profile folder, the keyring kept in it, atomic file writes."""
