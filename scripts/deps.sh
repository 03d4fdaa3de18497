#!/usr/bin/env bash
# Installs the Debian packages Baton needs, only those missing.
#   scripts/deps.sh build   cgo Fyne build (GLFW) for the desktop app
#   scripts/deps.sh test    interop tools and the headless X server for tests
#   scripts/deps.sh all     both
set -euo pipefail
build=(gcc libc6-dev pkg-config libgl-dev libx11-dev libxcursor-dev libxrandr-dev
       libxinerama-dev libxi-dev libxxf86vm-dev)
test=(signify-openbsd minisign zbar-tools xvfb x11-utils xdotool imagemagick poppler-utils openssl time bc)
case "${1:-all}" in
  build) want=("${build[@]}") ;;
  test) want=("${test[@]}") ;;
  all) want=("${build[@]}" "${test[@]}") ;;
  *) echo "usage: $0 build|test|all" >&2; exit 2 ;;
esac
missing=()
for p in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "installing: ${missing[*]}" >&2
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
