"""atheris harness: the device_api target of fuzz/targets.py (docs/fuzzing.md).

python -m fuzz.fuzz_device_api WORLD [libFuzzer options] [corpus folders]
"""

import sys

from fuzz.run import main

if __name__ == "__main__":
    main([sys.argv[0], "device_api", *sys.argv[1:]])
