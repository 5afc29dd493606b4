"""atheris harness: the kit target of fuzz/targets.py (docs/fuzzing.md).

python -m fuzz.fuzz_kit WORLD [libFuzzer options] [corpus folders]
"""

import sys

from fuzz.run import main

if __name__ == "__main__":
    main([sys.argv[0], "kit", *sys.argv[1:]])
