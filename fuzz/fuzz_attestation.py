"""atheris harness: the attestation target of fuzz/targets.py (docs/fuzzing.md).

python -m fuzz.fuzz_attestation WORLD [libFuzzer options] [corpus folders]
"""

import sys

from fuzz.run import main

if __name__ == "__main__":
    main([sys.argv[0], "attestation", *sys.argv[1:]])
