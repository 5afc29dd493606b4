"""atheris harness: the cuts target of fuzz/targets.py, signed cuts and acknowledgements
(docs/fuzzing.md).

python -m fuzz.fuzz_cuts WORLD [libFuzzer options] [corpus folders]
"""

import sys

from fuzz.run import main

if __name__ == "__main__":
    main([sys.argv[0], "cuts", *sys.argv[1:]])
