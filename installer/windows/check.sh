#!/usr/bin/env bash
# Check the Windows installer as far as this Linux machine can (issue #14): build it, then under wine
# install it silently, run the installed program's commands, print to PDF, start its window offscreen
# and save 首页 as a PNG, upgrade over it, uninstall it — asserting at each step.
#
#   bash installer/windows/check.sh              build + check (CI)
#   bash installer/windows/check.sh --no-build   check dist/SafetyStation-Setup-<version>.exe as it is
#
# What wine 8 cannot show is left to .github/workflows/windows.yml on a real Windows runner: the
# on-screen `windows` platform plugin (it hangs in its start-up under wine 8), Windows' own loader.
# Gaps of wine 8 are crossed here, in the test harness only, never in the installer (shim/, harness/):
# bcryptprimitives.dll!ProcessPrng (Rust wheels), ucrtbase's C99 complex functions (numpy).
#
# Exit status: non-zero when any assertion failed; the last line is "windows: N passed, M failed".
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
CACHE="${SAFETYSTATION_BUILD_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/safetystation-build}/windows"
t0=$(date +%s)
log() { echo "[check] $*" >&2; }
pass=0; fail=0
# The summary is the last line however the script ends: a step that stops it early counts as a failure.
finish() {
    local rc=$?
    if [ "$rc" != 0 ] && [ "$fail" = 0 ]; then
        fail=1
        echo "  FAIL  check.sh stopped early (exit $rc, see above)"
    fi
    echo "check.sh took $(( $(date +%s) - t0 )) s${build_s:+ (build ${build_s} s)}"
    echo "windows: $pass passed, $fail failed"
    [ "$fail" = 0 ] || exit 1
}
trap finish EXIT

# Debian packages, when run as root (CI on a fresh machine). 64-bit wine alone suffices: setup.exe is
# an amd64 NSIS installer and the program is x64, so no i386 architecture and no wine32.
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    pkgs=(wine64 nsis osslsigncode librsvg2-bin gcc-mingw-w64-x86-64-win32 p7zip-full poppler-utils python3 python3-pip git)
    missing=()
    for p in "${pkgs[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
    if [ ${#missing[@]} -gt 0 ]; then
        log "apt-get install ${missing[*]}"
        export DEBIAN_FRONTEND=noninteractive
        for try in 1 2 3 4 5; do  # another apt may hold the dpkg lock for a while
            if apt-get update -qq && apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null; then break; fi
            [ $try = 5 ] && { log "apt-get install failed"; exit 1; }
            sleep 20
        done
    fi
fi
WINE=/usr/lib/wine/wine64
WINESERVER=/usr/lib/wine/wineserver
[ -x "$WINE" ] || WINE="$(command -v wine64 || command -v wine)"
[ -x "$WINESERVER" ] || WINESERVER="$(command -v wineserver)"

PYTHON="${PYTHON:-python3}"
version=$("$PYTHON" -c 'import tomllib,sys; print(tomllib.load(open(sys.argv[1],"rb"))["project"]["version"])' \
    "$repo/pyproject.toml")
setup="$repo/dist/SafetyStation-Setup-$version.exe"
manifest="${setup%.exe}.manifest.txt"
if [ "${1:-}" != "--no-build" ]; then
    tb=$(date +%s)
    bash "$here/build.sh"
    build_s=$(( $(date +%s) - tb ))
fi
[ -f "$setup" ] || { log "no $setup: run build.sh"; exit 1; }

ok() { pass=$((pass + 1)); echo "  ok    $*"; }
bad() { fail=$((fail + 1)); echo "  FAIL  $*"; }
check() { local what="$1"; shift; if "$@"; then ok "$what"; else bad "$what"; fi; }
has() { grep -qF -- "$2" "$1" || { echo "        “$2” not in $1:"; tail -n 15 "$1" | sed 's/^/        | /'; return 1; }; }
out="$CACHE/check"
rm -rf "$out" && mkdir -p "$out"

echo "== setup.exe: $(du -m "$setup" | cut -f1) MB, sha256 $(sha256sum "$setup" | cut -c1-64)"
check "setup.exe is within the 90 MB budget" test "$(stat -c %s "$setup")" -le 90000000
# The installer holds exactly the files of the manifest, with their sizes (and its own uninstaller).
7z l -slt "$setup" > "$out/7z.txt"
check "setup.exe holds exactly the manifest's files and sizes" "$PYTHON" - "$out/7z.txt" "$manifest" <<'PY'
import sys
listed, path = {}, None
for line in open(sys.argv[1], encoding="utf-8"):
    if line.startswith("Path = "):
        path = line[7:].rstrip("\n")
    elif line.startswith("Size = ") and path is not None:
        listed[path] = line[7:].strip()
        path = None
# NSIS's own plugins, and the uninstaller it writes at install time, are not program files.
listed = {p: int(s) for p, s in listed.items() if s and not p.startswith("$PLUGINSDIR/")}
want = {}
for line in open(sys.argv[2], encoding="utf-8"):
    size, _sha, rel = line.split(None, 2)
    want[rel.rstrip("\n")] = int(size)
extra, lost = sorted(set(listed) - set(want)), sorted(set(want) - set(listed))
diff = sorted(p for p in set(listed) & set(want) if listed[p] != want[p])
print(f"        {len(listed)} files in setup.exe, {len(want)} in the manifest")
if extra or lost or diff:
    print(f"        not in the manifest: {extra[:5]}; missing: {lost[:5]}; other size: {diff[:5]}")
    sys.exit(1)
PY

# The test-only shims (never shipped): built here from shim/*.c with Debian's mingw-w64.
shims="$CACHE/shims"
mkdir -p "$shims"
x86_64-w64-mingw32-gcc -shared -O2 -s -static -Wall -o "$shims/bcryptprimitives.dll" \
    "$here/shim/bcryptprimitives.c" -ladvapi32
x86_64-w64-mingw32-gcc -shared -O2 -s -static -Wall -o "$shims/ucrtcomplex.dll" "$here/shim/ucrtcomplex.c"

# A fresh wine prefix per run (10 s): nothing from an earlier install can make a check pass.
# No display: wine must not open windows on a developer's screen, and offscreen Qt needs none.
export WINEPREFIX="$CACHE/wine" WINEDEBUG=-all WINEARCH=win64
# No host menu entries or icons from the shortcuts (winemenubuilder), no Mono/Gecko prompts, no debugger.
export WINEDLLOVERRIDES="winemenubuilder.exe=d;mscoree=;mshtml=;winedbg.exe=d"
unset DISPLAY WAYLAND_DISPLAY
# wineboot makes menu folders under the XDG folders even so: keep them in the cache, not in $HOME.
export XDG_DATA_HOME="$CACHE/xdg/data" XDG_CONFIG_HOME="$CACHE/xdg/config"
[ -d "$WINEPREFIX" ] && { "$WINESERVER" -k 2>/dev/null || true; rm -rf "$WINEPREFIX"; }
tw=$(date +%s)
"$WINE" wineboot --init </dev/null >"$out/wineboot.log" 2>&1
"$WINESERVER" -w
cp "$shims/bcryptprimitives.dll" "$WINEPREFIX/drive_c/windows/system32/"
harness="$WINEPREFIX/drive_c/harness"
mkdir -p "$harness/out"
cp "$shims/ucrtcomplex.dll" "$here/harness/boot.py" "$here/harness/app_checks.py" "$harness/"
profile=$(ls -d "$WINEPREFIX"/drive_c/users/*/AppData/Local | grep -v /Public/ | head -1)
user=$(basename "$(dirname "$(dirname "$profile")")")
inst="$profile/Programs/SafetyStation"
inst_win="C:\\users\\$user\\AppData\\Local\\Programs\\SafetyStation"
data="$profile/SafetyStation"
menu="$WINEPREFIX/drive_c/users/$user/AppData/Roaming/Microsoft/Windows/Start Menu/Programs/乡镇安监站台账.lnk"
desktop="$WINEPREFIX/drive_c/users/$user/Desktop/乡镇安监站台账.lnk"
cp "$setup" "$harness/setup.exe"
echo "== wine $("$WINE" --version 2>/dev/null), prefix ready in $(( $(date +%s) - tw )) s"

# Runs a Windows program; its output goes to $1. Through a pipe: wine's CPython cannot initialise its
# standard streams on a regular file (WinError 6), and exits 1 before running anything.
run() {
    local logf="$1" rc=0
    shift
    timeout 600 "$WINE" "$@" </dev/null 2>&1 | cat >"$logf" || rc=${PIPESTATUS[0]}
    "$WINESERVER" -w  # an installer or uninstaller may hand over to a child process and return at once
    return "$rc"
}
# The installed Python, through the harness's boot.py (loads the ucrtcomplex shim first).
py() { local logf="$1"; shift; run "$logf" "$inst/python.exe" 'C:\harness\boot.py' "$@"; }
cli() { local logf="$1"; shift; py "$logf" -m safetystation "$@"; }
regkey() {  # the per-user uninstall entry as "name=value" lines, from the prefix's user.reg
    "$PYTHON" - "$WINEPREFIX/user.reg" <<'PY'
import re, sys
text = open(sys.argv[1], encoding="utf-8", errors="replace").read()
m = re.search(r"^\[Software\\\\Microsoft\\\\Windows\\\\CurrentVersion\\\\Uninstall\\\\SafetyStation\][^\n]*\n(.*?)(?:\n\n|\Z)", text, re.S | re.M)
for line in (m.group(1).splitlines() if m else []):
    kv = re.match(r'"([^"]+)"=(.*)', line)
    if kv:
        value = re.sub(r"\\x([0-9a-f]{1,4})", lambda h: chr(int(h.group(1), 16)), kv.group(2)).strip('"')
        print(f"{kv.group(1)}={value}")
PY
}
lnk_points_to_pythonw() {  # a shell link's target and arguments (stored as UTF-16 strings)
    "$PYTHON" -c '
import sys
b = open(sys.argv[1], "rb").read()
for part in ("pythonw.exe", "main.py", "safetystation.ico"):
    if part.encode("utf-16-le") not in b and part.encode() not in b:
        sys.exit(f"{part} not in {sys.argv[1]}")' "$1"
}

echo "== Windows 7 is refused (Qt 6 needs 10)"
run "$out/winver7.log" winecfg /v win7
rc=0; run "$out/setup-win7.log" 'C:\harness\setup.exe' /S || rc=$?
check "setup.exe on Windows 7 exits with 3 (its refusal)" test "$rc" = 3
check "nothing was installed on Windows 7" test ! -e "$inst"
run "$out/winver10.log" winecfg /v win10

echo "== silent install"
rc=0; run "$out/setup.log" 'C:\harness\setup.exe' /S || rc=$?
check "setup.exe /S exits 0" test "$rc" = 0
check "the program is in %LOCALAPPDATA%\\Programs\\SafetyStation" test -f "$inst/pythonw.exe" -a -f "$inst/app/main.py"
check "every file of the manifest is installed with its size" "$PYTHON" - "$manifest" "$inst" <<'PY'
import os, sys
bad = []
for line in open(sys.argv[1], encoding="utf-8"):
    size, _sha, rel = line.split(None, 2)
    p = os.path.join(sys.argv[2], rel.rstrip("\n"))
    if not os.path.isfile(p) or os.path.getsize(p) != int(size):
        bad.append(rel.rstrip("\n"))
print(f"        {len(bad)} missing or different") if bad else None
sys.exit(bool(bad))
PY
check "the uninstaller is installed" test -f "$inst/uninstall.exe"
check "Start-menu shortcut: pythonw.exe app\\main.py, the app's icon" lnk_points_to_pythonw "$menu"
check "desktop shortcut: pythonw.exe app\\main.py, the app's icon" lnk_points_to_pythonw "$desktop"
regkey > "$out/regkey.txt"
check "程序和功能 entry (HKCU) with name, version, uninstaller" \
    grep -qx "DisplayName=乡镇安监站台账" "$out/regkey.txt"
check "程序和功能 entry: DisplayVersion=$version, QuietUninstallString" \
    bash -c "grep -qx 'DisplayVersion=$version' '$out/regkey.txt' && grep -q '^QuietUninstallString=.*uninstall.exe.* /S' '$out/regkey.txt'"
check "the data folder is not created by the installer" test ! -e "$data"

echo "== the installed Python sees only the bundle"
export PYTHONPATH='C:\elsewhere'
check "sys.path is the program folder only (PYTHONPATH ignored)" py "$out/isolation.log" 'C:\harness\app_checks.py' isolation
unset PYTHONPATH

echo "== headless commands against %LOCALAPPDATA%\\SafetyStation\\safetystation.db"
check "safetystation init" cli "$out/init.log" init
check "init created the database in the wine profile's %LOCALAPPDATA%" test -f "$data/safetystation.db"
check "safetystation demo" cli "$out/demo.log" demo
check "demo wrote the 青石镇 township" has "$out/demo.log" "示范乡镇“青石镇”已写入"
check "safetystation stats --month 2026-06" cli "$out/stats.log" stats --month 2026-06
check "stats prints the month report" has "$out/stats.log" "2026年6月 安全生产工作月报"
check "stats prints the hazard statistics table" has "$out/stats.log" "隐患排查治理情况统计表"
check "safetystation export-month --month 2026-06" cli "$out/export.log" export-month --month 2026-06 -o 'C:\harness\out\month.xlsx'
check "the workbook opens in openpyxl with its 统计表 sheet" py "$out/workbook.log" 'C:\harness\app_checks.py' workbook 'C:\harness\out\month.xlsx'
check "safetystation check" cli "$out/check.log" check
check "check: integrity passed" has "$out/check.log" "完整性检查：通过"
# The console entry, through cmd.exe as a clerk would type it (the handles are redirected inside
# cmd: wine's cmd hands an invalid stdin to its children otherwise).
clicmd() { run "$1" cmd /c "$inst_win\\safetystation-cli.cmd $2 <NUL >C:\\harness\\out\\$3 2>&1"; }
check "safetystation-cli.cmd --help" clicmd "$out/cmd.log" "--help" cli-help.txt
check "its --help names it safetystation-cli" has "$harness/out/cli-help.txt" "usage: safetystation-cli"
check "safetystation-cli.cmd check" clicmd "$out/cmd2.log" "check" cli-check.txt
rc=0; clicmd "$out/cmd3.log" "no-such-command" cli-bad.txt || rc=$?
check "safetystation-cli.cmd passes the exit code on (usage error: 2)" test "$rc" = 2

echo "== printing and the window, with the installed runtime (offscreen Qt)"
check "main.py --print hazard --pdf" py "$out/print.log" "$inst_win\\app\\main.py" --print hazard --pdf 'C:\harness\out\hazard.pdf'
pdf="$harness/out/hazard.pdf"
if [ -f "$pdf" ]; then
    pages=$(pdfinfo "$pdf" 2>/dev/null | awk '/^Pages:/ {print $2}' || true)
    said=$(grep -o '（[0-9]*页）' "$out/print.log" | tr -dc 0-9 || true)
    pdftotext -layout "$pdf" "$out/hazard.txt"
    check "the PDF has the pages the program reported ($pages)" test "${pages:-0}" -ge 1 -a "${pages:-0}" = "${said:-x}"
    check "the PDF's text is Chinese (隐患排查治理台账, 青石镇)" \
        bash -c "grep -q '隐患' '$out/hazard.txt' && grep -q '青石镇' '$out/hazard.txt'"
else
    bad "no PDF was written"
fi
check "the real start path, 首页 with its chart, saved as PNG" \
    py "$out/window.log" 'C:\harness\app_checks.py' window "C:\\users\\$user\\AppData\\Local\\SafetyStation\\safetystation.db" 'C:\harness\out\home.png'
sed -n 's/^/        /p' "$out/window.log" | grep -v '^        $' | head -8
mkdir -p "$repo/dist/windows-check"
png="$repo/dist/windows-check/home.png"
cp "$harness/out/home.png" "$png" 2>/dev/null || true
cp "$pdf" "$repo/dist/windows-check/hazard.pdf" 2>/dev/null || true
check "the PNG is a real screenshot (> 30 kB)" test "$(stat -c %s "$png" 2>/dev/null || echo 0)" -gt 30000
echo "        首页 screenshot: $png"
check "the window's start made the daily backup in the data folder" bash -c "ls '$data'/backups/* >/dev/null 2>&1"

echo "== upgrade in place"
before=$(sha256sum "$data/safetystation.db" 2>/dev/null | cut -c1-64 || true)
mkdir -p "$inst/Lib/site-packages/old_only_pkg"  # as if an older version had shipped these
echo "raise SystemExit('an old version file survived the upgrade')" > "$inst/app/safetystation/_old_only.py"
touch "$inst/Lib/site-packages/old_only_pkg/__init__.py"
rc=0; run "$out/upgrade.log" 'C:\harness\setup.exe' /S || rc=$?
check "setup.exe /S over the installed version exits 0" test "$rc" = 0
check "files only the old version had are gone" \
    test ! -e "$inst/app/safetystation/_old_only.py" -a ! -e "$inst/Lib/site-packages/old_only_pkg"
check "the database is untouched by the upgrade" \
    test "$(sha256sum "$data/safetystation.db" 2>/dev/null | cut -c1-64 || true)" = "$before" -a -n "$before"
check "the program runs after the upgrade" cli "$out/check-after-upgrade.log" check

echo "== silent uninstall"
before=$(sha256sum "$data/safetystation.db" 2>/dev/null | cut -c1-64 || true)
backups_before=$(ls "$data/backups" 2>/dev/null | wc -l)
rc=0; run "$out/uninstall.log" "$inst/uninstall.exe" /S || rc=$?
check "uninstall.exe /S exits 0" test "$rc" = 0
check "the program folder is gone" test ! -e "$inst"
check "the shortcuts are gone" test ! -e "$menu" -a ! -e "$desktop"
regkey > "$out/regkey-after.txt"
check "the 程序和功能 entry is gone" test ! -s "$out/regkey-after.txt"
check "the database is still there, unchanged" \
    test "$(sha256sum "$data/safetystation.db" 2>/dev/null | cut -c1-64 || true)" = "$before" -a -n "$before"
check "the backups are still there ($backups_before)" test "$(ls "$data/backups" 2>/dev/null | wc -l)" = "$backups_before" -a "$backups_before" -gt 0

echo
echo "Not checked here (wine 8): the on-screen 'windows' Qt platform plugin, Windows' own DLL loader and"
echo "CRT; .github/workflows/windows.yml runs those on a Windows runner. Logs: $out"
