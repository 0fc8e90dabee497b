#!/usr/bin/env bash
# Builds the Windows executable by cross-compiling (x86_64-pc-windows-gnu with Debian's
# MinGW-w64) and smoke-tests it under wine (64-bit):
#   - `export` of every example gives the same bytes as the Linux build (CSV and SVG),
#     also with `-o` to a path written with backslashes;
#   - `check` exits 0 on a good plan, 1 on a plan with errors and 2 on a broken file,
#     with the same messages;
#   - the desktop app starts under a virtual display (Xvfb) and a screenshot is taken;
#     opening a plan puts it in the recent-files list in %APPDATA%\portolan.
#
#   scripts/build-windows.sh [OUT_DIR]      (default target/windows-smoke)
#   PORTOLAN_LINUX=target/debug/portolan scripts/build-windows.sh   (reuse a Linux build)
#
# Installs what it needs when run as root on Debian (rustup target, gcc-mingw-w64-x86-64,
# wine64, xvfb, imagemagick); otherwise says what is missing. Not part of the README's two
# commands. The executable is target/x86_64-pc-windows-gnu/release/portolan.exe.
#
# Wine 8 lacks ProcessPrng in bcryptprimitives.dll, which Rust's standard library imports
# on Windows 10 and later: the smoke tests put a small stand-in DLL (built here from the C
# below) beside a COPY of the executable in OUT_DIR. It is for testing under wine only:
# never ship it, real Windows has the DLL.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
OUT=${1:-target/windows-smoke}
TARGET=x86_64-pc-windows-gnu
EXE=target/$TARGET/release/portolan.exe
fail=0
say() { printf '%s\n' "$*"; }
ok() { say "ok    $*"; }
bad() { say "FAIL  $*"; fail=1; }

need_apt=()
command -v x86_64-w64-mingw32-gcc >/dev/null || need_apt+=(gcc-mingw-w64-x86-64)
command -v wine64 >/dev/null || [ -x /usr/lib/wine/wine64 ] || need_apt+=(wine64)
command -v Xvfb >/dev/null || need_apt+=(xvfb)
command -v import >/dev/null || need_apt+=(imagemagick)
if [ ${#need_apt[@]} -gt 0 ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        say "installing ${need_apt[*]}"
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >/dev/null
    else
        say "missing: ${need_apt[*]} (apt-get install -y ${need_apt[*]})"
        exit 2
    fi
fi
rustup target list --installed | grep -qx "$TARGET" || rustup target add "$TARGET"
WINE=$(command -v wine64 || echo /usr/lib/wine/wine64)

say "== building for Windows ($TARGET, release)"
start=$(date +%s)
cargo build --release --target "$TARGET"
say "built $EXE ($(du -h "$EXE" | cut -f1)) in $(( $(date +%s) - start )) s"
# The Linux build whose outputs Windows must match; PORTOLAN_LINUX names one already built.
LINUX=${PORTOLAN_LINUX:-}
if [ -z "$LINUX" ]; then
    say "== building for Linux (reference outputs)"
    cargo build --release
    LINUX=target/release/portolan
fi

rm -rf "$OUT"
mkdir -p "$OUT/out"
cp "$EXE" "$OUT/portolan.exe"
cat > "$OUT/prng-shim.c" <<'C'
/* Test stand-in for bcryptprimitives.dll under wine 8: ProcessPrng over RtlGenRandom. */
#include <windows.h>
BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);
__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length) {
    while (length > 0) {
        ULONG chunk = length > 0x40000000 ? 0x40000000 : (ULONG)length;
        if (!SystemFunction036(data, chunk)) return FALSE;
        data += chunk;
        length -= chunk;
    }
    return TRUE;
}
C
x86_64-w64-mingw32-gcc -shared -O2 -o "$OUT/bcryptprimitives.dll" "$OUT/prng-shim.c" -ladvapi32

export WINEPREFIX
WINEPREFIX=$(mktemp -d /tmp/portolan-wine.XXXXXX)
export WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="
trap 'rm -rf "$WINEPREFIX"' EXIT
say "== wine prefix $WINEPREFIX"
"$WINE" wineboot -i >/dev/null 2>&1 || true
win() { "$WINE" "$OUT/portolan.exe" "$@"; }

say "== command line"
for e in rds-perimeter wds-pxe small-office enterprise; do
    "$LINUX" export "examples/$e.ron" > "$OUT/out/$e.linux.csv"
    win export "examples\\$e.ron" > "$OUT/out/$e.windows.csv" 2>/dev/null || true
    if cmp -s "$OUT/out/$e.linux.csv" "$OUT/out/$e.windows.csv"; then
        ok "export examples\\$e.ron: CSV identical to Linux ($(wc -l < "$OUT/out/$e.linux.csv") lines)"
    else
        bad "export examples\\$e.ron: CSV differs from Linux"
    fi
    "$LINUX" export "examples/$e.ron" --format svg > "$OUT/out/$e.linux.svg"
    win export "examples\\$e.ron" --format svg > "$OUT/out/$e.windows.svg" 2>/dev/null || true
    if cmp -s "$OUT/out/$e.linux.svg" "$OUT/out/$e.windows.svg"; then
        ok "export --format svg examples\\$e.ron: identical to Linux"
    else
        bad "export --format svg examples\\$e.ron: differs from Linux"
    fi
done
win export "examples\\rds-perimeter.ron" -o "$OUT\\out\\backslash.csv" 2>/dev/null || true
if cmp -s "$OUT/out/rds-perimeter.linux.csv" "$OUT/out/backslash.csv"; then
    ok "-o $OUT\\out\\backslash.csv (backslashes): written, identical"
else
    bad "-o with backslashes: no file or different bytes"
fi
win export "examples\\rds-perimeter.ron" --format png --scale 2 -o "$OUT\\out\\rds-perimeter.png" 2>/dev/null || true
if [ -s "$OUT/out/rds-perimeter.png" ]; then
    ok "export --format png --scale 2: $(identify -format '%wx%h' "$OUT/out/rds-perimeter.png" 2>/dev/null || echo written)"
else
    bad "export --format png: no file"
fi
win export "examples\\rds-perimeter.ron" --format report -o "$OUT\\out\\report.html" 2>/dev/null || true
[ -s "$OUT/out/report.html" ] && ok "export --format report: $(du -h "$OUT/out/report.html" | cut -f1)" || bad "export --format report: no file"

printf 'Plan(version: 2, zones: [(id: 1, nme: "x")])\n' > "$OUT/out/broken.ron"
sed 's/"rd_licensing"\]/]/' examples/small-office.ron > "$OUT/out/no-licensing.ron"
for case in "examples\\rds-perimeter.ron:examples/rds-perimeter.ron" \
            "$OUT\\out\\no-licensing.ron:$OUT/out/no-licensing.ron" \
            "$OUT\\out\\broken.ron:$OUT/out/broken.ron"; do
    winpath=${case%%:*}; unixpath=${case#*:}
    set +e
    "$LINUX" check "$unixpath" > "$OUT/out/check.linux" 2>&1; lin=$?
    win check "$winpath" > "$OUT/out/check.windows" 2>&1; wincode=$?
    set -e
    if [ "$lin" = "$wincode" ]; then
        ok "check $winpath: exit $wincode on both"
    else
        bad "check $winpath: exit $wincode on Windows, $lin on Linux"
    fi
    say "      windows: $(tr -d '\r' < "$OUT/out/check.windows" | grep -m1 -E 'error|warning|no problems' || true)"
done

say "== desktop app under Xvfb"
display=:$(( 90 + RANDOM % 9 ))
Xvfb "$display" -screen 0 1400x900x24 >/dev/null 2>&1 &
xvfb=$!
sleep 2
DISPLAY=$display "$WINE" "$OUT/portolan.exe" "examples\\small-office.ron" >"$OUT/out/app.log" 2>&1 &
app=$!
sleep "${PORTOLAN_APP_WAIT:-25}"
if kill -0 "$app" 2>/dev/null; then
    ok "the app is running after ${PORTOLAN_APP_WAIT:-25} s"
else
    bad "the app exited: $(tail -3 "$OUT/out/app.log")"
fi
DISPLAY=$display import -window root "$OUT/app.png" 2>/dev/null && ok "screenshot $OUT/app.png" || bad "no screenshot"
recent=$(find "$WINEPREFIX/drive_c/users" -path '*AppData/Roaming/portolan/recent.txt' 2>/dev/null | head -1)
if [ -n "$recent" ]; then
    ok "recent files in %APPDATA%\\portolan\\recent.txt: $(tr -d '\r' < "$recent" | head -1)"
else
    bad "no recent-files list under %APPDATA%"
fi
kill "$app" 2>/dev/null || true
"$(command -v wineserver || echo /usr/lib/wine/wineserver64)" -k 2>/dev/null || true
kill "$xvfb" 2>/dev/null || true
wait 2>/dev/null || true

if [ "$fail" = 0 ]; then say "== all Windows smoke tests passed"; else say "== SOME WINDOWS SMOKE TESTS FAILED"; fi
exit "$fail"
