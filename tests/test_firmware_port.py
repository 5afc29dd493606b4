"""The ESP-IDF port builds what the host builds (firmware/README.md): its component takes every
`core/*.c` by a glob, so a module added to the core cannot be left out of the image, and the
port's own files it names exist. (No ESP-IDF here: the image itself is built elsewhere.)"""

from __future__ import annotations

import re
from pathlib import Path

PORT = Path(__file__).parent.parent / "firmware" / "port" / "esp-idf" / "main"


def test_the_port_compiles_every_core_file_and_names_only_files_that_exist() -> None:
    text = (PORT / "CMakeLists.txt").read_text(encoding="utf-8")
    assert re.search(r'file\(GLOB\s+core_sources\s+"\$\{core\}/\*\.c"\)', text)
    sources = re.search(r"SRCS\s+(.*?)\n\s*INCLUDE_DIRS", text, re.S)
    assert sources is not None
    named = sources.group(1).split()
    assert "${core_sources}" in named
    own = [n.strip('"') for n in named if n != "${core_sources}"]
    assert own and all((PORT / n).is_file() for n in own), own
    assert not any("${core}/" in n for n in named), "core files come from the glob alone"
