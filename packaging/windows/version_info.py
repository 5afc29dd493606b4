"""The Windows version resource of obambu.exe and obambu-debug.exe, from the package version.

Explorer shows it under Properties > Details, and Windows' installer list and antivirus tools
read it. Windows wants four numbers (0-65535); a development version such as
"0.2.0.dev3+g1a2b" becomes 0.2.0.3 there, while the text fields keep the full version.
PyInstaller reads the first form (its `version=` file), the stand-in launcher of
`make package-check-windows` the second (a windres .rc).
"""

from __future__ import annotations

import re

COMPANY = "Obambu"
DESCRIPTION = "Obambu"
COPYRIGHT = "GPL-3.0-or-later"


def numbers(version: str) -> tuple[int, int, int, int]:
    """The four 16-bit numbers Windows keeps: release numbers first, then a dev/rc/post count."""
    release = re.match(r"\d+(?:\.\d+)*", version)
    parts = [int(n) for n in release.group(0).split(".")] if release else []
    parts = parts[:3] + [0] * (3 - len(parts[:3]))
    extra = re.search(r"(?:dev|rc|post|a|b)\.?(\d+)", version[release.end() if release else 0 :])
    parts.append(int(extra.group(1)) if extra else 0)
    a, b, c, d = (min(n, 0xFFFF) for n in parts)
    return a, b, c, d


def strings(version: str, program: str) -> dict[str, str]:
    return {
        "CompanyName": COMPANY,
        "FileDescription": DESCRIPTION,
        "FileVersion": version,
        "InternalName": program,
        "LegalCopyright": COPYRIGHT,
        "OriginalFilename": f"{program}.exe",
        "ProductName": "Obambu",
        "ProductVersion": version,
    }


def pyinstaller_text(version: str, program: str = "obambu") -> str:
    """PyInstaller's version file (the `version=` argument of EXE in obambu.spec)."""
    four = numbers(version)
    table = ",\n".join(
        f"          StringStruct({key!r}, {value!r})"
        for key, value in strings(version, program).items()
    )
    # 040C04B0: French (France), Unicode; Explorer shows it whatever the system's language.
    return f"""VSVersionInfo(
  ffi=FixedFileInfo(filevers={four}, prodvers={four}, mask=0x3f, flags=0x0, OS=0x40004,
                    fileType=0x1, subtype=0x0, date=(0, 0)),
  kids=[
    StringFileInfo([
      StringTable('040C04B0', [
{table}
      ])
    ]),
    VarFileInfo([VarStruct('Translation', [0x040C, 1200])])
  ]
)
"""


def rc_text(version: str, program: str, icon: str | None = None) -> str:
    """The same resource for windres (the stand-in launcher), with the icon when given."""
    four = ",".join(str(n) for n in numbers(version))
    rows = "\n".join(
        f'      VALUE "{key}", "{value}"' for key, value in strings(version, program).items()
    )
    head = f'1 ICON "{icon}"\n' if icon else ""
    return f"""{head}1 VERSIONINFO
FILEVERSION {four}
PRODUCTVERSION {four}
FILEOS 0x40004
FILETYPE 0x1
BEGIN
  BLOCK "StringFileInfo"
  BEGIN
    BLOCK "040C04B0"
    BEGIN
{rows}
    END
  END
  BLOCK "VarFileInfo"
  BEGIN
    VALUE "Translation", 0x040C, 1200
  END
END
"""
