"""Fuzzing of the parsers that take outside bytes (docs/fuzzing.md).

`world` builds a small real network and the real objects the seeds are made of, `targets` holds
one harness per parser, `run` drives a harness under atheris, and `seeds` writes the seed
corpus. The hypothesis tests (tests/test_fuzz_parsers.py) call the same harnesses.
"""
