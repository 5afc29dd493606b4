"""atheris harness: the laptop target of fuzz/targets.py (docs/fuzzing.md).

python -m fuzz.fuzz_laptop WORLD [libFuzzer options] [corpus folders]
"""

import sys

from fuzz.run import main

if __name__ == "__main__":
    main([sys.argv[0], "laptop", *sys.argv[1:]])
