#!/usr/bin/env bash
# Build the self-contained Python runtime the .deb ships under /opt/safetystation/python.
#
# Why a CPython of our own: UOS 20 / Kylin V10 have glibc 2.28, and a Python built here (Debian 12,
# glibc 2.36) or in a bullseye root (2.31; libm's pow/exp/log are GLIBC_2.29 there) would need newer
# symbols. PyInstaller would only copy such a build. Zig's C compiler (the `ziglang` wheel) links
# against glibc 2.28's exact symbol set, so every binary built here runs on 2.28 and later.
# Sources: Debian's source packages (bookworm), fetched and verified by apt against the archive's
# signed Release files; nothing else is downloaded.
#
# Output: $OUT/opt/safetystation/python (a --prefix=/opt/safetystation/python install, no tests,
# no tcl/tk, no static libpython). Cached in $CACHE by the hash of this script.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
CACHE="${SAFETYSTATION_BUILD_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/safetystation-build}"
ZIG_VERSION=0.17.0
GLIBC=2.28
PREFIX=/opt/safetystation/python
key="$(cat "$0" | sha256sum | cut -c1-16)"
OUT="$CACHE/runtime-$key"
if [ -x "$OUT$PREFIX/bin/python3" ]; then
    echo "$OUT"
    exit 0
fi
mkdir -p "$CACHE/src" "$CACHE/zig"
log() { echo "[runtime] $*" >&2; }

# 1. zig from PyPI (checked by pip against the index's sha256).
zig="$CACHE/zig/$ZIG_VERSION/ziglang/zig"
if [ ! -x "$zig" ]; then
    log "zig $ZIG_VERSION"
    tmp="$(mktemp -d)"
    python3 -m pip download -q --no-deps --only-binary=:all: --platform manylinux_2_12_x86_64 \
        --python-version 3.11 "ziglang==$ZIG_VERSION" -d "$tmp" >&2
    python3 -m zipfile -e "$tmp"/ziglang-*.whl "$CACHE/zig/$ZIG_VERSION"
    chmod +x "$zig"
    rm -rf "$tmp"
fi
tools="$CACHE/zig/bin-$GLIBC"
mkdir -p "$tools"
# Wrappers: configure scripts want CC/AR as single commands.
printf '#!/bin/sh\n[ "$1" = -print-multiarch ] && exit 1\nexec "%s" cc -target x86_64-linux-gnu.%s -fno-sanitize=undefined -Wno-date-time "$@"\n' "$zig" "$GLIBC" > "$tools/cc"
printf '#!/bin/sh\nexec "%s" c++ -target x86_64-linux-gnu.%s -fno-sanitize=undefined "$@"\n' "$zig" "$GLIBC" > "$tools/c++"
printf '#!/bin/sh\nexec "%s" ar "$@"\n' "$zig" > "$tools/ar"
printf '#!/bin/sh\nexec "%s" ranlib "$@"\n' "$zig" > "$tools/ranlib"
chmod +x "$tools"/*
export CC="$tools/cc" CXX="$tools/c++" AR="$tools/ar" RANLIB="$tools/ranlib"
export ZIG_GLOBAL_CACHE_DIR="$CACHE/zig/cache" ZIG_LOCAL_CACHE_DIR="$CACHE/zig/cache"

# 2. Sources from Debian (apt checks the .dsc and tarball checksums against the signed archive).
srcdir="$CACHE/src"
if [ ! -f "$srcdir/.done" ]; then
    log "Debian sources"
    aptdir="$CACHE/apt"
    mkdir -p "$aptdir/lists/partial" "$aptdir/etc"
    cat > "$aptdir/etc/sources.list" <<SRC
deb-src [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian bookworm main
SRC
    aptopts=(-o "Dir::Etc::SourceList=$aptdir/etc/sources.list" -o "Dir::Etc::SourceParts=/nonexistent"
             -o "Dir::State::Lists=$aptdir/lists" -o "APT::Sandbox::User=root" -qq)
    apt-get "${aptopts[@]}" update >&2
    (cd "$srcdir" && for p in python3.11 sqlite3 openssl zlib libffi xz-utils bzip2; do
        apt-get "${aptopts[@]}" source --download-only "$p" >&2; done)
    touch "$srcdir/.done"
fi
orig() { ls "$srcdir"/"$1"_*.orig.tar.* | grep -v -e '\.asc$' -e 'orig-www' | head -1; }

build="$(mktemp -d "$CACHE/build.XXXXXX")"
# Kept when the build fails, for its logs.
trap 'if [ $? = 0 ]; then rm -rf "$build"; else echo "[runtime] failed; logs in $build" >&2; fi' EXIT
# The static libraries CPython links are kept between runs; bump DEPS_REV when their recipe changes.
DEPS_REV=1
deps="$CACHE/deps-$ZIG_VERSION-$GLIBC-r$DEPS_REV"
unpack() { mkdir -p "$build/$1" && tar xf "$(orig "$1")" -C "$build/$1" --strip-components=1; cd "$build/$1"; }
J=$(nproc)

# Each step's output goes to its own log, shown only when the step fails.
quiet() { local l="$build/$1.log"; shift; "$@" >>"$l" 2>&1 || { tail -40 "$l" >&2; exit 1; }; }

if [ ! -f "$deps/.done" ]; then
rm -rf "$deps" && mkdir -p "$deps"
log "zlib"; unpack zlib
quiet zlib ./configure --static --prefix="$deps"
CFLAGS="-O2 -fPIC" quiet zlib make -j"$J" install

log "bzip2"; unpack bzip2
quiet bzip2 make -j"$J" libbz2.a CC="$CC" AR="$AR" RANLIB="$RANLIB" CFLAGS="-O2 -fPIC -D_FILE_OFFSET_BITS=64"
cp libbz2.a "$deps/lib/" && cp bzlib.h "$deps/include/"

log "xz"; unpack xz-utils
quiet xz ./configure --prefix="$deps" --disable-shared --enable-static --with-pic --disable-xz --disable-xzdec \
    --disable-lzmadec --disable-lzmainfo --disable-scripts --disable-doc --disable-nls
quiet xz make -j"$J" install

log "libffi"; unpack libffi
# Static trampolines do not compile with clang 19+ (open_temp_exec_file undeclared); not needed here.
quiet libffi ./configure --prefix="$deps" --libdir="$deps/lib" --disable-shared --enable-static --with-pic \
    --disable-docs --disable-multi-os-directory --disable-exec-static-tramp
quiet libffi make -j"$J" install

log "sqlite"; unpack sqlite3
quiet sqlite ./configure --prefix="$deps" --disable-shared --enable-static --with-pic --disable-tcl \
    --disable-readline --disable-editline CFLAGS="-O2 -fPIC -DSQLITE_ENABLE_FTS5 -DSQLITE_ENABLE_DBSTAT_VTAB"
quiet sqlite make -j"$J" libsqlite3.la
cp .libs/libsqlite3.a "$deps/lib/" && cp sqlite3.h sqlite3ext.h "$deps/include/"

log "openssl"; unpack openssl
quiet openssl ./Configure linux-x86_64 no-shared no-tests no-engine no-module no-dso -fPIC \
    --prefix="$deps" --libdir=lib
quiet openssl make -j"$J" build_libs
quiet openssl make install_dev
touch "$deps/.done"
fi

log "cpython"; unpack python3.11
# configure's library checks add -lsqlite3 etc. themselves: give them the folder (static .a only).
export CPPFLAGS="-I$deps/include" LDFLAGS="-L$deps/lib"
export LIBSQLITE3_CFLAGS="-I$deps/include" LIBSQLITE3_LIBS="-L$deps/lib -lsqlite3 -lm"
export ZLIB_CFLAGS="-I$deps/include" ZLIB_LIBS="-L$deps/lib -lz"
export BZIP2_CFLAGS="-I$deps/include" BZIP2_LIBS="-L$deps/lib -lbz2"
export LIBLZMA_CFLAGS="-I$deps/include" LIBLZMA_LIBS="-L$deps/lib -llzma"
export LIBFFI_CFLAGS="-I$deps/include" LIBFFI_LIBS="-L$deps/lib -lffi"
export PKG_CONFIG_PATH="$deps/lib/pkgconfig" PKG_CONFIG_LIBDIR="$deps/lib/pkgconfig"
quiet cpython ./configure --prefix="$PREFIX" --with-openssl="$deps" --with-ensurepip=no --without-doc-strings \
    --disable-test-modules ac_cv_lib_uuid_uuid_generate_time_safe=no
# setup.py (which still builds _sqlite3, _ctypes, _ssl… in 3.11) adds the build machine's
# /usr/include/<multiarch>, asking `cc -print-multiarch` and then dpkg-architecture; those glibc 2.36
# headers clash with zig's 2.28 ones. The cc wrapper answers no, and so does this stand-in.
printf '#!/bin/sh\nexit 1\n' > "$tools/dpkg-architecture" && chmod +x "$tools/dpkg-architecture"
PATH="$tools:$PATH" quiet cpython make -j"$J"
stage="$build/stage"
quiet cpython make install DESTDIR="$stage"
py="$stage$PREFIX"
lib="$py/lib/python3.11"
# Only what a GUI app needs: no tests, tcl/tk, idle, static library, headers of the build.
rm -rf "$lib"/test "$lib"/idlelib "$lib"/tkinter "$lib"/turtledemo "$lib"/turtle.py "$lib"/lib2to3 \
    "$lib"/ensurepip "$lib"/config-3.11-x86_64-linux-gnu/*.a "$lib"/config-3.11-x86_64-linux-gnu/*.o "$py/share" "$py"/bin/idle3* "$py"/bin/2to3* \
    "$py"/bin/pydoc3*
find "$py" -name '__pycache__' -prune -exec rm -rf {} +
find "$py" -name '*.so' -exec strip --strip-unneeded {} +
strip --strip-unneeded "$py/bin/python3.11"
# Every extension module must have been built: a missing one is a silent gap in the app.
"$py/bin/python3" - <<'PY'
import importlib, sys
for name in ("_sqlite3", "zlib", "_bz2", "_lzma", "_ctypes", "_ssl", "_hashlib", "pyexpat", "_decimal",
             "_json", "_csv", "_datetime", "_socket", "select", "mmap", "_multiprocessing", "_posixsubprocess"):
    importlib.import_module(name)
import hashlib, sqlite3
hashlib.scrypt(b"x", salt=b"y", n=2, r=1, p=1)
print("runtime ok:", sys.version.split()[0], "sqlite", sqlite3.sqlite_version, file=sys.stderr)
PY
rm -rf "$OUT.tmp" && mkdir -p "$OUT.tmp" && mv "$stage/opt" "$OUT.tmp/" && mv "$OUT.tmp" "$OUT"
find "$CACHE" -maxdepth 1 -name 'runtime-*' ! -path "$OUT" -exec rm -rf {} +  # older recipes' builds
echo "$OUT"
