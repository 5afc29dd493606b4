"""Keys and secrets: signing keys and their rotation, the Argon2id KDF, the keyring, the paper
backup, sealed backup files and the passphrase rule."""
