#!/usr/bin/env bash
# Installs the Debian packages Baton needs, only those missing.
#   scripts/deps.sh build   cgo Fyne build (GLFW) for the desktop app
#   scripts/deps.sh test    interop tools and the headless X server for tests
#   scripts/deps.sh all     both
# test and all also install the Go tools the tests run, at pinned versions,
# into $(go env GOPATH)/bin: litewitness (the transparency log's witnesses).
set -euo pipefail
build=(gcc libc6-dev pkg-config libgl-dev libx11-dev libxcursor-dev libxrandr-dev
       libxinerama-dev libxi-dev libxxf86vm-dev)
test=(signify-openbsd minisign zbar-tools xvfb x11-utils xdotool imagemagick poppler-utils openssl time bc
      openssh-client sqlite3)
LITEWITNESS=v0.6.1 # filippo.io/torchwood; v0.10.0 needs a newer Go
case "${1:-all}" in
  build) want=("${build[@]}") ;;
  test) want=("${test[@]}") ;;
  all) want=("${build[@]}" "${test[@]}") ;;
  *) echo "usage: $0 build|test|all" >&2; exit 2 ;;
esac
# go_tools installs litewitness unless the one installed is the pinned
# version (about a minute on 2 cores, once: it compiles SQLite in Go).
go_tools() {
  local bin
  bin="$(go env GOPATH)/bin/litewitness"
  if [ -x "$bin" ] && go version -m "$bin" | grep -Eq "filippo.io/torchwood[[:space:]]+$LITEWITNESS"; then
    return
  fi
  echo "installing: litewitness $LITEWITNESS" >&2
  go install "filippo.io/torchwood/cmd/litewitness@$LITEWITNESS"
}
[ "${1:-all}" = build ] || go_tools
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
