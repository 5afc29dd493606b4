"""Bytes on the wire: the strict CBOR profile, COSE_Sign1 envelopes, the RFC 9162 Merkle tree."""
