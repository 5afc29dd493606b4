"""The encrypted store (SQLCipher): the connection and its transactions, the numbered
migrations, the profile folder, atomic file writes."""
