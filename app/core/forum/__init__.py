"""The mayors' forum: the thread and message rules (rules.py), moderation (moderation.py), what
a mayor does in it (service.py) and what the screen and the command read (queries.py)."""
