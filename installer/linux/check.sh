#!/usr/bin/env bash
# Build the .deb and prove it on a clean, older Debian root (run by .ci/run; needs root).
#
# Debian 11 (bullseye, glibc 2.31) is the oldest suite the package registry here serves; it proves
# the Depends: list on a bare older userland. The 2.28 floor itself (UOS 20 / Kylin V10) is proven
# by build.sh's symbol check (glibc_floor.py), since no 2.28 userland can be fetched here.
# Inside the root, as an ordinary user: install with dpkg -i + apt-get install -f, every shipped
# library resolves (ldd), the headless commands work on a new database, the window shows under Xvfb
# (screenshot checked), cold start is measured against a bare Qt window of the same runtime, and
# dpkg -r / -P remove the program and leave the user's data alone.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
CACHE="${SAFETYSTATION_BUILD_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/safetystation-build}"
SUITE=bullseye
MIRROR=http://deb.debian.org/debian
OUT="${CHECK_OUT:-$root/dist/linux-check}"
started=$SECONDS
step() { echo "[check] $(( SECONDS - started ))s $*" >&2; }
fail() { echo "[check] FAILED: $*" >&2; exit 1; }
[ "$(id -u)" = 0 ] || fail "needs root (debootstrap, chroot, mounts)"

export DEBIAN_FRONTEND=noninteractive
need=()
for tool in debootstrap:debootstrap Xvfb:xvfb import:imagemagick rsvg-convert:librsvg2-bin objdump:binutils \
    xwininfo:x11-utils dpkg-deb:dpkg tclsh:tcl make:make; do
    command -v "${tool%%:*}" >/dev/null || need+=("${tool##*:}")
done
if [ ${#need[@]} -gt 0 ]; then
    apt-get update -qq && apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

step "build"
deb="${DEB:-$(bash "$here/build.sh")}"  # DEB=path checks an already built package
mkdir -p "$OUT"

# A pristine bootstrapped root is kept as a tarball; every run unpacks a fresh copy of it.
base="$CACHE/$SUITE-minbase.tar"
if [ ! -f "$base" ]; then
    step "debootstrap $SUITE (cached afterwards)"
    tmproot="$(mktemp -d)"
    debootstrap --variant=minbase "$SUITE" "$tmproot" "$MIRROR" >"$CACHE/debootstrap.log" 2>&1 \
        || { tail -20 "$CACHE/debootstrap.log" >&2; fail "debootstrap"; }
    tar -C "$tmproot" -cf "$base.tmp" . && mv "$base.tmp" "$base"
    rm -rf "$tmproot"
fi
R="$(mktemp -d /tmp/safetystation-root.XXXXXX)"
display=:$(( 90 + RANDOM % 9 ))
xvfb_pid=""
cleanup() {
    [ -n "$xvfb_pid" ] && kill "$xvfb_pid" 2>/dev/null || true
    for m in tmp/.X11-unix dev/shm dev/pts dev proc; do umount -l "$R/$m" 2>/dev/null || true; done
    rm -rf --one-file-system "$R"
}
trap cleanup EXIT
tar -C "$R" -xf "$base"
chmod 755 "$R"  # its / (0700 from mktemp, kept by tar) must be readable by the user who runs the program
cp /etc/resolv.conf "$R/etc/resolv.conf"
mount -t proc proc "$R/proc"
mount --bind /dev "$R/dev"
mount --bind /dev/pts "$R/dev/pts"
mount --bind /dev/shm "$R/dev/shm"
in_root() { chroot "$R" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 "$@"; }
as_clerk() { chroot --userspec=clerk:clerk "$R" /usr/bin/env -i PATH=/usr/bin:/bin HOME=/home/clerk \
    LANG=zh_CN.UTF-8 LC_ALL=C.UTF-8 "$@"; }

step "install $(basename "$deb") on a clean $SUITE root"
echo "deb $MIRROR $SUITE main" > "$R/etc/apt/sources.list"
in_root apt-get update -qq >/dev/null
cp "$deb" "$R/tmp/"
in_root dpkg -i "/tmp/$(basename "$deb")" >"$OUT/dpkg-i.log" 2>&1 || true  # Depends not there yet
in_root apt-get install -f -y -qq --no-install-recommends >"$OUT/apt-f.log" 2>&1 || { tail "$OUT/apt-f.log" >&2; fail "apt-get install -f"; }
in_root dpkg -s safetystation | grep -q '^Status: install ok installed' || fail "not installed"
in_root useradd -m -s /bin/sh clerk

step "every shipped library resolves"
missing="$(in_root sh -c 'find /opt/safetystation -name "*.so*" -type f | while read -r f; do
    ldd "$f" 2>/dev/null | grep "not found" | sed "s|^|$f: |"; done' | sort -u)"
[ -z "$missing" ] || { echo "$missing" >&2; fail "libraries not found (add them to Depends:)"; }

step "every module of the program imports with the installed runtime"
as_clerk env QT_QPA_PLATFORM=offscreen /opt/safetystation/python/bin/python3 -I -c '
import importlib, pkgutil, safetystation, ui
names = [m.name for p in (safetystation, ui) for m in pkgutil.walk_packages(p.__path__, p.__name__ + ".")
         if not m.name.endswith("__main__")]
for name in names + ["matplotlib.backends.backend_qtagg", "PySide6.QtPrintSupport"]:
    importlib.import_module(name)
print(len(names), "modules")' >"$OUT/imports.txt" || fail "a module does not import"

step "headless commands"
db=/home/clerk/台账.db
as_clerk safetystation --help >"$OUT/help.txt"
grep -q "数据存放位置" "$OUT/help.txt" || fail "--help does not say where data lives"
as_clerk safetystation init --db "$db" --station 柳河镇安监站 --town 柳河镇 --county 清河县 >"$OUT/init.txt"
as_clerk safetystation check --db "$db" >"$OUT/check-empty.txt"
rm -f "$R$db"* && rm -rf "$R/home/clerk/backups"
as_clerk safetystation demo --db "$db" --years 2 --until 2026-11-22 >"$OUT/demo.txt"
as_clerk safetystation stats --db "$db" --month 2026-10 >"$OUT/stats.txt"
grep -q "隐患" "$OUT/stats.txt" || fail "stats printed no 隐患 figures"
as_clerk safetystation export-month --db "$db" --month 2026-10 -o /home/clerk/月报.xlsx >"$OUT/export.txt"
as_clerk /opt/safetystation/python/bin/python3 -I -c '
import openpyxl, sys
wb = openpyxl.load_workbook(sys.argv[1], read_only=True)
assert "隐患排查治理情况统计表" in wb.sheetnames, wb.sheetnames
print("sheets:", ",".join(wb.sheetnames))' /home/clerk/月报.xlsx >"$OUT/workbook.txt"
as_clerk safetystation check --db "$db" >"$OUT/check.txt"
grep -q "完整性检查：通过" "$OUT/check.txt" || { cat "$OUT/check.txt" >&2; fail "check"; }
as_clerk safetystation export-ledger hazard --db "$db" -o /home/clerk/隐患.xlsx >/dev/null
[ -s "$R/home/clerk/隐患.xlsx" ] || fail "export-ledger wrote nothing"

step "window under Xvfb"
mkdir -p "$R/tmp/.X11-unix"
Xvfb "$display" -screen 0 1366x768x24 -nolisten tcp >/dev/null 2>&1 &
xvfb_pid=$!
for _ in $(seq 50); do [ -S "/tmp/.X11-unix/X${display#:}" ] && break; sleep 0.1; done
mount --bind /tmp/.X11-unix "$R/tmp/.X11-unix"
chroot --userspec=clerk:clerk "$R" /usr/bin/env -i PATH=/usr/bin:/bin HOME=/home/clerk LANG=C.UTF-8 \
    DISPLAY="$display" safetystation-gui --db "$db" --operator 陈国强 >"$OUT/gui.log" 2>&1 &
gui=$!
sleep 10
kill -0 "$gui" 2>/dev/null || { cat "$OUT/gui.log" >&2; fail "the window exited within 10 s"; }
import -display "$display" -window root "$OUT/window.png"
xwininfo -display "$display" -root -tree >"$OUT/windows.txt"
kill "$gui"; wait "$gui" 2>/dev/null || true
grep -q "乡镇安监站台账" "$OUT/windows.txt" || fail "no window titled 乡镇安监站台账"
# The excepthook logs every unexpected error (ui/errors.py): there must be none.
errlog="$R/home/clerk/.local/state/SafetyStation/log/safetystation.log"
[ ! -s "$errlog" ] || { cat "$errlog" >&2; fail "the window hit an unexpected error"; }
# The main window, not a black or empty screen: many colours, and most of the screen not black.
python3 - "$OUT/window.png" <<'PY' || fail "screenshot looks empty"
import subprocess, sys
hist = subprocess.run(["convert", sys.argv[1], "-format", "%k %[fx:mean]", "info:"],
                      capture_output=True, text=True, check=True).stdout.split()
colours, mean = int(hist[0]), float(hist[1])
print(f"[check] screenshot: {colours} colours, mean brightness {mean:.2f}", file=sys.stderr)
sys.exit(0 if colours > 200 and mean > 0.3 else 1)
PY

step "cold start of the installed program"
cp "$root/bench/coldstart.py" "$R/tmp/coldstart.py"
as_clerk /opt/safetystation/python/bin/python3 -I /tmp/coldstart.py \
    --python /opt/safetystation/python/bin/python3 --root /opt/safetystation/app | tee "$OUT/coldstart.txt" >&2 \
    || fail "cold start over the goal"

step "remove and purge leave the user's data"
data_sum() { (cd "$R/home/clerk" && find . -type f ! -name '*.png' -print0 | sort -z | xargs -0 sha256sum); }
before="$(data_sum)"
[ -f "$R/home/clerk/.config/SafetyStation/config.json" ] || fail "the window kept no settings"
in_root dpkg -r safetystation >/dev/null
[ ! -e "$R/usr/bin/safetystation" ] && [ ! -e "$R/opt/safetystation" ] || fail "dpkg -r left the program"
[ "$before" = "$(data_sum)" ] || fail "dpkg -r changed the user's files"
in_root dpkg -i "/tmp/$(basename "$deb")" >/dev/null
in_root dpkg -P safetystation >/dev/null
[ "$before" = "$(data_sum)" ] || fail "dpkg -P changed the user's files"
[ ! -e "$R/opt/safetystation" ] || fail "dpkg -P left /opt/safetystation"
step "ok: $(basename "$deb") installs, runs and removes cleanly on $SUITE (screenshot $OUT/window.png)"
