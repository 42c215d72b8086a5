"""Test harness only (check.sh copies it into the wine prefix; never installed): start a module or a
script with the *installed* Python after loading ucrtcomplex.dll, which stands in for the C99 complex
functions wine 8's ucrtbase lacks (numpy calls them on import; see ../shim/ucrtcomplex.c).

    python.exe C:\\harness\\boot.py -m safetystation check
    python.exe C:\\harness\\boot.py C:\\...\\app\\main.py --print hazard --pdf out.pdf
"""

import ctypes
import os
import runpy
import sys

patched = ctypes.CDLL(os.path.join(os.path.dirname(os.path.abspath(__file__)), "ucrtcomplex.dll")).ucrtcomplex_patched()
if patched == 0:
    sys.exit("boot.py: ucrtcomplex.dll replaced no wine stub (not wine 8, or its ucrtbase changed)")
# Wine's default locale gives pipes the ANSI code page 1252 (a clerk's Chinese Windows has 936), on
# which `main.py --print` fails to print its Chinese result line; the CLI switches its own streams to
# UTF-8, main.py does not yet (reported on issue #14). The harness reads everything as UTF-8.
for stream in (sys.stdout, sys.stderr):
    stream.reconfigure(encoding="utf-8")
if sys.argv[1] == "-m":
    sys.argv = sys.argv[2:]
    runpy.run_module(sys.argv[0], run_name="__main__", alter_sys=True)
else:
    sys.argv = sys.argv[1:]
    runpy.run_path(sys.argv[0], run_name="__main__")
