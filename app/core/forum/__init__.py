"""The mayors' forum: moderation of threads and messages (the thread and post rules are still in
ledger/rules.py)."""
