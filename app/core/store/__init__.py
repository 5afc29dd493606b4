"""The encrypted store (SQLCipher): the connection and its transactions, the numbered
migrations, the profile folder and the keyring kept in it."""
