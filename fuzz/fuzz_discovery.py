"""atheris harness: the discovery target of fuzz/targets.py (docs/fuzzing.md).

python -m fuzz.fuzz_discovery WORLD [libFuzzer options] [corpus folders]
"""

import sys

from fuzz.run import main

if __name__ == "__main__":
    main([sys.argv[0], "discovery", *sys.argv[1:]])
