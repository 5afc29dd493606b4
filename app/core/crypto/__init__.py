"""Keys and secrets: signing keys and their rotation, the Argon2id KDF, keys sealed to a node,
the paper backup, sealed backup files and the passphrase rule."""
