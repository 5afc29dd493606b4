"""atheris harness: the segment target of fuzz/targets.py (docs/fuzzing.md).

python -m fuzz.fuzz_segment WORLD [libFuzzer options] [corpus folders]
"""

import sys

from fuzz.run import main

if __name__ == "__main__":
    main([sys.argv[0], "segment", *sys.argv[1:]])
