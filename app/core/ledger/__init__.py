"""The ledger: signed objects (genesis, blocks, transactions), body fields, actors, applying
blocks under the rules, the embedded node, sealing, vector clocks, transport keys, backups
and the incarnation of a restored laptop."""
