"""The ledger: signed objects (genesis, blocks, transactions), body fields, actors, applying
blocks under the rules the node gives it, the rule context, sealing, vector clocks, transport
keys and the incarnation of a restored laptop. It knows no domain: app/core/node/ does."""
