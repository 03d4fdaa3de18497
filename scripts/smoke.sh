#!/usr/bin/env bash
# Smoke test of the real desktop app: builds bin/baton-gui with cgo, runs it
# in a real window on a private Xvfb display with a throw-away HOME, waits for
# the window, takes a screenshot and fails if it is blank.
#
#   scripts/smoke.sh            writes docs/screenshots/home.png
#   SMOKE_TIMEOUT=60 (seconds)  how long to wait for the window and a frame
#
# Needs: Xvfb (xvfb), xwininfo (x11-utils), import and identify (imagemagick),
# and the cgo build packages of scripts/deps.sh build.
set -euo pipefail
cd "$(dirname "$0")/.."

timeout_s=${SMOKE_TIMEOUT:-60}
shot_out=docs/screenshots/home.png
min_stddev=0.05 # of all channels, 0..1: a flat window is 0
min_colours=64  # distinct colours: text and the icon give hundreds

fail() { echo "smoke: FAIL: $*" >&2; exit 1; }
now_ms() { date +%s%3N; }

for tool in Xvfb:xvfb xwininfo:x11-utils import:imagemagick identify:imagemagick; do
  command -v "${tool%%:*}" >/dev/null || fail "${tool%%:*} not found (Debian package ${tool#*:})"
done

echo "smoke: building bin/baton-gui (cgo)"
CGO_ENABLED=1 go build -o bin/baton-gui ./cmd/baton-gui

tmp=$(mktemp -d)
xvfb_pid="" app_pid=""
cleanup() {
  [ -n "$app_pid" ] && kill "$app_pid" 2>/dev/null && wait "$app_pid" 2>/dev/null
  [ -n "$xvfb_pid" ] && kill "$xvfb_pid" 2>/dev/null && wait "$xvfb_pid" 2>/dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT

# Xvfb picks a free display itself and writes its number to fd 3 once it
# accepts connections, so there is no fixed display to collide with.
Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp 3>"$tmp/display" 2>"$tmp/xvfb.log" &
xvfb_pid=$!
deadline=$(( $(now_ms) + timeout_s * 1000 ))
until [ -s "$tmp/display" ]; do
  kill -0 "$xvfb_pid" 2>/dev/null || { cat "$tmp/xvfb.log" >&2; fail "Xvfb exited"; }
  [ "$(now_ms)" -lt "$deadline" ] || fail "Xvfb did not start within ${timeout_s}s"
  sleep 0.05
done
export DISPLAY=":$(head -n1 "$tmp/display")"
echo "smoke: Xvfb on $DISPLAY"

# A throw-away home and runtime dir: no real vault, preferences or session
# bus is touched.
mkdir -m 700 "$tmp/home" "$tmp/run"
start=$(now_ms)
env -u DBUS_SESSION_BUS_ADDRESS HOME="$tmp/home" XDG_RUNTIME_DIR="$tmp/run" \
  XDG_CONFIG_HOME="$tmp/home/.config" XDG_DATA_HOME="$tmp/home/.local/share" \
  XDG_CACHE_HOME="$tmp/home/.cache" LANG=en_US.UTF-8 \
  bin/baton-gui >"$tmp/app.log" 2>&1 &
app_pid=$!

app_alive() {
  kill -0 "$app_pid" 2>/dev/null && return 0
  echo "--- app output" >&2; cat "$tmp/app.log" >&2
  fail "baton-gui exited before the check was done"
}

# Wait for a viewable top-level window named Baton.
deadline=$(( start + timeout_s * 1000 ))
win=""
while :; do
  app_alive
  info=$(xwininfo -name Baton 2>/dev/null || true)
  if grep -q 'Map State: IsViewable' <<<"$info"; then
    win=$(awk '/Window id:/ {print $4; exit}' <<<"$info")
    break
  fi
  [ "$(now_ms)" -lt "$deadline" ] || fail "no window named Baton mapped within ${timeout_s}s"
  sleep 0.05
done
mapped=$(now_ms)
echo "smoke: window $win mapped $(( mapped - start )) ms after launch"
grep -E 'geometry|Width|Height' <<<"$info" | sed 's/^ */smoke:   /'

# Mapped is not yet painted: take screenshots until one has content or the
# deadline passes.
shot="$tmp/shot.png"
while :; do
  app_alive
  import -window "$win" "$shot" 2>"$tmp/import.log" || true
  if [ -s "$shot" ]; then
    stats=$(identify -format '%[fx:standard_deviation] %k' "$shot" 2>>"$tmp/import.log" || true)
    read -r stddev colours <<<"$stats" || true
    if awk -v s="$stddev" -v c="$colours" -v ms="$min_stddev" -v mc="$min_colours" \
         'BEGIN { exit !(s > ms && c > mc) }'; then
      break
    fi
  fi
  if [ "$(now_ms)" -ge "$deadline" ]; then
    cp "$shot" bin/smoke-failed.png 2>/dev/null && echo "smoke: last screenshot in bin/smoke-failed.png" >&2
    cat "$tmp/import.log" >&2
    fail "window looks blank after ${timeout_s}s: standard deviation ${stddev:-none} (want > $min_stddev), ${colours:-0} colours (want > $min_colours)"
  fi
  sleep 0.1
done
painted=$(now_ms)
echo "smoke: first non-blank frame $(( painted - start )) ms after launch"
echo "smoke: screenshot $(identify -format '%wx%h' "$shot"), standard deviation $stddev, $colours colours"

# Metadata chunks (dates) stripped, so an unchanged UI gives an unchanged file.
mkdir -p "$(dirname "$shot_out")"
convert "$shot" -strip "$shot_out"
echo "smoke: OK, wrote $shot_out"
