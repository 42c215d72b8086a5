"""Refuse a bundle whose compiled files need a newer glibc (or libstdc++) than the oldest target.

UOS 20 and Kylin V10 have glibc 2.28 and GCC 8's libstdc++ (GLIBCXX_3.4.25). A wheel or a runtime
built against anything newer links to versioned symbols those systems lack, and the program then
dies at start with "version `GLIBC_2.34' not found". Reading the symbol versions every ELF file
requires (``objdump -T``) catches that at build time, whatever pin or build machine caused it.

Usage: python3 glibc_floor.py --max 2.28 [--max-glibcxx 3.4.25] DIR...
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from pathlib import Path

_NEEDS = re.compile(r"\*UND\*\s+\S+\s+\((GLIBC|GLIBCXX|CXXABI)_([0-9.]+)\)")


def _version(text: str) -> tuple[int, ...]:
    return tuple(int(p) for p in text.split("."))


def is_elf(path: Path) -> bool:
    """An ELF executable or shared object (object files link to nothing)."""
    try:
        with path.open("rb") as f:
            head = f.read(18)
    except OSError:
        return False
    return head[:4] == b"\x7fELF" and int.from_bytes(head[16:18], "little") in (2, 3)  # ET_EXEC, ET_DYN


def needs(path: Path) -> dict[str, tuple[int, ...]]:
    """The newest version of each of GLIBC / GLIBCXX / CXXABI that ``path`` requires."""
    out = subprocess.run(["objdump", "-T", str(path)], capture_output=True, text=True, check=True).stdout
    newest: dict[str, tuple[int, ...]] = {}
    for family, ver in _NEEDS.findall(out):
        v = _version(ver)
        if v > newest.get(family, ()):
            newest[family] = v
    return newest


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--max", default="2.28", help="newest GLIBC_ version allowed")
    parser.add_argument("--max-glibcxx", default="3.4.25", help="newest GLIBCXX_ version allowed")
    parser.add_argument("dirs", nargs="+", type=Path)
    args = parser.parse_args()
    limit = {"GLIBC": _version(args.max), "GLIBCXX": _version(args.max_glibcxx), "CXXABI": (1, 3, 11)}
    files = [p for d in args.dirs for p in sorted(d.rglob("*")) if p.is_file() and not p.is_symlink() and is_elf(p)]
    worst: dict[str, tuple[tuple[int, ...], Path]] = {}
    bad = []
    for path in files:
        for family, v in needs(path).items():
            if v > worst.get(family, ((), path))[0]:
                worst[family] = (v, path)
            if v > limit[family]:
                bad.append(f"{path}: {family}_{'.'.join(map(str, v))}")
    for family, (v, path) in sorted(worst.items()):
        print(f"  {len(files)} ELF files; newest {family}_{'.'.join(map(str, v))} ({path.name})", file=sys.stderr)
    if bad:
        print("These files need a newer system than the oldest target:", *bad, sep="\n  ", file=sys.stderr)
        return 1
    if not files:
        print("no ELF files found", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
