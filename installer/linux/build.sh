#!/usr/bin/env bash
# Build dist/safetystation_<version>_amd64.deb for UOS 20 / Kylin V10 (glibc 2.28) and current Debian.
#
# Layout inside the package:
#   /opt/safetystation/python   our CPython 3.11 built for glibc 2.28 (build-runtime.sh), with the
#                               pinned wheels (manylinux ≤ 2_28) in its site-packages
#   /opt/safetystation/app      main.py, safetystation/, ui/, resources/ (byte-compiled)
#   /usr/bin/safetystation      headless commands; /usr/bin/safetystation-gui the window
#   .desktop entry, hicolor icons, man page
# Why not PyInstaller: it only copies the build machine's Python and shared libraries, and a build
# made here (glibc 2.36) would not start on 2.28. A runtime of our own is relocatable, needs no
# network at install time, and runs exactly the code the tests ran.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
dist="${DIST:-$root/dist}"
CACHE="${SAFETYSTATION_BUILD_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/safetystation-build}"
version="$(sed -n 's/^version = "\(.*\)"/\1/p' "$root/pyproject.toml" | head -1)"
deb="$dist/safetystation_${version}_amd64.deb"
log() { echo "[deb] $*" >&2; }
export SOURCE_DATE_EPOCH="${SOURCE_DATE_EPOCH:-$(git -C "$root" log -1 --format=%ct 2>/dev/null || date +%s)}"

runtime="$(bash "$here/build-runtime.sh")"
stage="$(mktemp -d)"
trap 'rm -rf "$stage"' EXIT
opt="$stage/opt/safetystation"
mkdir -p "$opt"
cp -a "$runtime/opt/safetystation/python" "$opt/python"
py="$opt/python/bin/python3"
site="$opt/python/lib/python3.11/site-packages"

# 1. Wheels: only binary, only tags a glibc 2.28 x86_64 machine accepts (pip wants each tag named).
log "wheels ($(grep -c '==' "$root/requirements.lock") pins)"
plats=()
for v in 28 27 26 25 24 23 22 21 20 19 18 17 16 15 14 13 12 11 10 9 8 7 6 5; do
    plats+=(--platform "manylinux_2_${v}_x86_64")
done
plats+=(--platform manylinux2014_x86_64 --platform manylinux2010_x86_64 --platform manylinux1_x86_64)
wheels="$CACHE/wheels-linux"
mkdir -p "$wheels"
python3 -m pip download -q --disable-pip-version-check --no-deps --only-binary=:all: "${plats[@]}" \
    --python-version 3.11 --implementation cp --abi cp311 --abi abi3 --abi none \
    -r "$root/requirements.lock" -d "$wheels" 2>&1 | grep -v "is ignored" >&2 || true
python3 -m pip install -q --disable-pip-version-check --no-deps --no-index --find-links "$wheels" \
    --only-binary=:all: "${plats[@]}" --python-version 3.11 --implementation cp --abi cp311 --abi abi3 \
    --abi none --no-compile --target "$site" -r "$root/requirements.lock" 2>&1 | grep -v "is ignored" >&2 || true
# Every pin installed, at its pinned version (the runtime's own metadata says so).
"$py" -I - "$root/requirements.lock" <<'PY'
import re, sys
from importlib.metadata import PackageNotFoundError, version
pins = re.findall(r"^([A-Za-z0-9_.-]+)==(\S+)", open(sys.argv[1]).read(), re.M)
wrong = []
for name, want in pins:
    try:
        have = version(name)
    except PackageNotFoundError:
        have = None
    if have != want:
        wrong.append(f"{name}=={want} (installed: {have})")
if wrong:
    sys.exit("wheels missing or at another version: " + ", ".join(wrong))
PY
rm -rf "$site/bin"

# 2. Qt: the app imports QtCore, QtGui, QtWidgets and QtPrintSupport; matplotlib's qtagg backend
# also imports QtSvg. Everything else in PySide6-Essentials (QML/Quick, Designer, tools, other
# languages, Wayland) goes.
qt="$site/PySide6"
keep_mod='^(QtCore|QtGui|QtWidgets|QtPrintSupport|QtSvg)\.abi3\.so$'
for f in "$qt"/Qt*.abi3.so; do
    [[ "$(basename "$f")" =~ $keep_mod ]] || rm -f "$f" "${f%.abi3.so}.pyi"
done
rm -rf "$qt"/{assistant,designer,linguist,lrelease,lupdate,qmllint,qmlformat,qmlls,qmlimportscanner,qmlcachegen,qmltyperegistrar,rcc,uic,balsam,balsamui,svgtoqml,Qt/libexec,Qt/qml,Qt/metatypes,Qt/bin,include,typesystems,glue,scripts,support/deploy*,examples} \
    "$qt"/libpyside6qml* "$qt"/Qt/lib/cmake "$qt"/Qt/plugins/{designer,qmltooling,qmllint,generic,tls,networkinformation,sqldrivers,egldeviceintegrations,wayland-*,platformthemes/libqgtk3.so}
find "$qt/Qt/plugins/platforms" -type f ! -name 'libqxcb.so' ! -name 'libqoffscreen.so' ! -name 'libqminimal.so' -delete
find "$qt/Qt/translations" -type f ! -name 'qtbase_zh_CN.qm' -delete 2>/dev/null || true
keep_lib='^libQt6(Core|Gui|Widgets|PrintSupport|DBus|XcbQpa|OpenGL|Svg|SvgWidgets)\.so|^libicu'
for f in "$qt"/Qt/lib/*; do
    [[ "$(basename "$f")" =~ $keep_lib ]] || rm -rf "$f"
done
# A plugin that links to a Qt library left out above goes too (Qt would skip it at run time anyway).
for plugin in $(find "$qt/Qt/plugins" -name '*.so'); do
    for needed in $(objdump -p "$plugin" | awk '$1 == "NEEDED" && $2 ~ /^libQt6/ { print $2 }'); do
        [ -e "$qt/Qt/lib/$needed" ] || { rm -f "$plugin"; break; }
    done
done
find "$site" -name '__pycache__' -prune -exec rm -rf {} +
# olefile2.py is olefile's old Python 2 module (a syntax error for Python 3; nothing imports it).
rm -rf "$site"/*/tests "$site"/*/testing "$site"/matplotlib/mpl-data/sample_data "$site"/numpy/_core/tests \
    "$site"/*/__pyinstaller "$site"/pandas "$site"/olefile/olefile2.py 2>/dev/null || true

# 3. The app, on sys.path through a .pth file, byte-compiled with the runtime itself.
app="$opt/app"
mkdir -p "$app"
cp "$root/main.py" "$app/"
for d in safetystation ui resources; do
    (cd "$root" && git ls-files -z "$d" | xargs -0 -I{} cp --parents {} "$app/")
done
echo "/opt/safetystation/app" > "$site/safetystation-app.pth"
# unchecked-hash: files under /opt belong to dpkg, so no mtime check is needed at each start.
# (compileall reports a file it cannot compile on stdout: shown, and the build stops, when one fails)
if ! out="$("$py" -I -m compileall -q -j0 --invalidation-mode unchecked-hash "$opt/python/lib/python3.11" "$app")"; then
    echo "$out" >&2
    log "byte-compiling failed (above)"
    exit 1
fi

# 4. glibc floor: no compiled file may need a GLIBC_ symbol newer than 2.28 (UOS 20, Kylin V10).
log "glibc check"
python3 "$here/glibc_floor.py" --max 2.28 "$opt"

# 5. Launchers, desktop entry, icons, man page, docs.
mkdir -p "$stage/usr/bin" "$stage/usr/share/applications" "$stage/usr/share/man/man1" \
    "$stage/usr/share/doc/safetystation"
cat > "$stage/usr/bin/safetystation" <<'SH'
#!/bin/sh
# SafetyStation headless commands (乡镇安监站台账命令行). Data stays in the user's own folders.
SAFETYSTATION_PROG=safetystation exec /opt/safetystation/python/bin/python3 -I -m safetystation "$@"
SH
cat > "$stage/usr/bin/safetystation-gui" <<'SH'
#!/bin/sh
# SafetyStation window (乡镇安监站台账).
exec /opt/safetystation/python/bin/python3 -I /opt/safetystation/app/main.py "$@"
SH
chmod 755 "$stage/usr/bin/"*
cp "$here/safetystation.desktop" "$stage/usr/share/applications/"
for s in 16 24 32 48 64 128 256; do
    d="$stage/usr/share/icons/hicolor/${s}x${s}/apps"
    mkdir -p "$d"
    rsvg-convert -w "$s" -h "$s" "$root/resources/icons/safetystation.svg" -o "$d/safetystation.png"
done
mkdir -p "$stage/usr/share/icons/hicolor/scalable/apps"
cp "$root/resources/icons/safetystation.svg" "$stage/usr/share/icons/hicolor/scalable/apps/"
gzip -9n < "$here/safetystation.1" > "$stage/usr/share/man/man1/safetystation.1.gz"
cp "$stage/usr/share/man/man1/safetystation.1.gz" "$stage/usr/share/man/man1/safetystation-gui.1.gz"
cp "$here/copyright" "$stage/usr/share/doc/safetystation/copyright"

# 6. Control files. Depends: what Qt's xcb platform plugin, printing and fontconfig load from the
# system (all present under these names in Debian 10, the UOS 20 / Kylin V10 base, and later).
mkdir -p "$stage/DEBIAN"
size_kb="$(du -sk --apparent-size "$stage" | cut -f1)"
sed -e "s/@VERSION@/$version/" -e "s/@SIZE@/$size_kb/" "$here/control.in" > "$stage/DEBIAN/control"
install -m 755 "$here/postinst" "$here/postrm" "$stage/DEBIAN/"
find "$stage" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +
chmod -R u+rwX,go+rX,go-w "$stage/opt" "$stage/usr"
mkdir -p "$dist"
rm -f "$deb"
dpkg-deb --root-owner-group -Zxz -z6 --build "$stage" "$deb" >/dev/null

# 7. What it costs: the whole package and each part (installed size, MB).
log "sizes (installed, MB)"
{
    for d in "$opt/python/lib/python3.11/site-packages"/*/; do
        name="$(basename "$d")"
        case "$name" in *.dist-info|__pycache__) continue ;; esac
        echo "$(du -sk "$d" | cut -f1) $name"
    done
    echo "$(du -sk --exclude=site-packages "$opt/python" | cut -f1) (python runtime)"
    echo "$(du -sk "$app" | cut -f1) (app)"
} | sort -rn | awk '{ kb = $1; $1 = ""; printf "  %7.1f %s\n", kb / 1024, $0 }' >&2
deb_mb="$(du -k "$deb" | cut -f1 | awk '{ printf "%.1f", $1/1024 }')"
log "$(basename "$deb"): ${deb_mb} MB (budget 100 MB), installed $((size_kb / 1024)) MB"
awk -v s="$deb_mb" 'BEGIN { exit !(s <= 100) }' || { log "over the 100 MB budget"; exit 1; }
sha256sum "$deb" | cut -d' ' -f1 | sed 's/^/[deb] sha256 /' >&2
echo "$deb"
