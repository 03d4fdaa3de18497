#!/usr/bin/env bash
# Smoke test of the real desktop app: builds bin/baton-gui with cgo, runs it
# in a real window on a private Xvfb display with a throw-away HOME (so it
# opens the demo vault), waits for the window, measures the start-up, takes a
# screenshot and fails if it is blank. Then it starts the app once per other
# screen and takes a screenshot of each; Verify is started as a user would
# from a download page (baton-gui verify --package --chain --key) and must
# show MATCH. Last, it drives one whole release through the real window by
# keyboard (xdotool) on a vault the CLI made: baton-gui release opens the
# wizard filled in, and each step waits for the window's title to name the
# page (the app titles the window "Baton - Release: review" and so on),
# never for a count of Tab presses or a position. The files the "Publish
# these" page names (the app prints them: "baton-gui: publish: PATH") are
# then checked on disk: they exist, the chain grew by one entry and
# SHA256.sig verifies (baton verify).
#
#   scripts/smoke.sh            writes bin/screenshots/{home,keys,verify,ceremonies,publish}.png
#   SHOTS_DIR=docs/screenshots  where to write the first four instead (make screenshots)
#   SMOKE_TIMEOUT=60 (seconds)  how long to wait for the window and a frame
#
# Needs: Xvfb (xvfb), xwininfo (x11-utils), import, identify and convert
# (imagemagick), xdotool (xdotool) and the cgo build packages of
# scripts/deps.sh build.
set -euo pipefail
cd "$(dirname "$0")/.."

timeout_s=${SMOKE_TIMEOUT:-60}
shots_dir=${SHOTS_DIR:-bin/screenshots}
min_stddev=0.05 # of all channels, 0..1: a flat window is 0
min_colours=64  # distinct colours: text and the icon give hundreds

fail() { echo "smoke: FAIL: $*" >&2; exit 1; }
now_ms() { date +%s%3N; }

for tool in Xvfb:xvfb xwininfo:x11-utils import:imagemagick identify:imagemagick convert:imagemagick xdotool:xdotool; do
  command -v "${tool%%:*}" >/dev/null || fail "${tool%%:*} not found (Debian package ${tool#*:})"
done

echo "smoke: building bin/baton-gui (cgo) and bin/baton"
CGO_ENABLED=1 go build -o bin/baton-gui ./cmd/baton-gui
go build -o bin/baton ./cmd/baton

tmp=$(mktemp -d)
xvfb_pid="" app_pid="" win=""
# stop_app ends the app and waits until its window is gone.
stop_app() {
  if [ -n "$app_pid" ]; then
    kill "$app_pid" 2>/dev/null || true
    wait "$app_pid" 2>/dev/null || true
  fi
  app_pid=""
  if [ -n "$win" ]; then
    while xwininfo -id "$win" >/dev/null 2>&1; do sleep 0.05; done
  fi
  win=""
}
cleanup() {
  [ -n "$app_pid" ] && kill "$app_pid" 2>/dev/null && wait "$app_pid" 2>/dev/null
  [ -n "$xvfb_pid" ] && kill "$xvfb_pid" 2>/dev/null && wait "$xvfb_pid" 2>/dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT

# Xvfb picks a free display itself and writes its number to fd 3 once it
# accepts connections, so there is no fixed display to collide with. With
# -noreset it keeps running between the app runs (a reset after the last
# client leaves refuses new connections for a moment).
Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp -noreset 3>"$tmp/display" 2>"$tmp/xvfb.log" &
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
# bus is touched. The first run makes the demo vault in it; later runs
# reopen it.
mkdir -m 700 "$tmp/home" "$tmp/run"
demo_vault="$tmp/home/.cache/baton/demo-vault"

# start_app ARGS...: runs baton-gui ARGS (a screen's name, or a command
# such as release with its flags) on the vault $app_vault when set (else
# the demo vault).
start_app() {
  : >"$tmp/app.log"
  env -u DBUS_SESSION_BUS_ADDRESS -u BATON_GUI_SCREEN HOME="$tmp/home" XDG_RUNTIME_DIR="$tmp/run" \
    XDG_CONFIG_HOME="$tmp/home/.config" XDG_DATA_HOME="$tmp/home/.local/share" \
    XDG_CACHE_HOME="$tmp/home/.cache" LANG=en_US.UTF-8 \
    BATON_VAULT="${app_vault:-}" bin/baton-gui "$@" >"$tmp/app.log" 2>&1 &
  app_pid=$!
}

app_alive() {
  kill -0 "$app_pid" 2>/dev/null && return 0
  echo "--- app output" >&2; cat "$tmp/app.log" >&2
  fail "baton-gui exited before the check was done"
}

# wait_window: sets win to the id of the app's viewable top-level window,
# titled "Baton" or "Baton - …".
wait_window() {
  local deadline=$(( $(now_ms) + timeout_s * 1000 ))
  win=""
  while :; do
    app_alive
    win=$(xdotool search --onlyvisible --name '^Baton( - .*)?$' 2>/dev/null | head -n1 || true)
    if [ -n "$win" ]; then
      info=$(xwininfo -id "$win")
      return
    fi
    [ "$(now_ms)" -lt "$deadline" ] || fail "no window titled Baton mapped within ${timeout_s}s"
    sleep 0.05
  done
}

# wait_painted: screenshots the window into $shot until one has content.
shot="$tmp/shot.png"
wait_painted() {
  local deadline=$(( $(now_ms) + timeout_s * 1000 ))
  while :; do
    app_alive
    import -window "$win" "$shot" 2>"$tmp/import.log" || true
    if [ -s "$shot" ]; then
      stats=$(identify -format '%[fx:standard_deviation] %k' "$shot" 2>>"$tmp/import.log" || true)
      read -r stddev colours <<<"$stats" || true
      if awk -v s="$stddev" -v c="$colours" -v ms="$min_stddev" -v mc="$min_colours" \
           'BEGIN { exit !(s > ms && c > mc) }'; then
        return
      fi
    fi
    if [ "$(now_ms)" -ge "$deadline" ]; then
      cp "$shot" bin/smoke-failed.png 2>/dev/null && echo "smoke: last screenshot in bin/smoke-failed.png" >&2
      cat "$tmp/import.log" >&2
      fail "window looks blank after ${timeout_s}s: standard deviation ${stddev:-none} (want > $min_stddev), ${colours:-0} colours (want > $min_colours)"
    fi
    sleep 0.1
  done
}

# colour_share COLOUR [CROP]: the share (0..1) of $shot (in CROP) that is
# COLOUR.
colour_share() {
  convert "$shot" ${2:+-crop "$2" +repage} -fuzz 8% -fill white -opaque "$1" -fill black +opaque white \
    -format '%[fx:mean]' info: 2>>"$tmp/import.log" || echo 0
}

# demo_banner_shown: whether the top of $shot, below the Go menu's bar, is
# mostly the demo banner's amber (#FFC107).
demo_banner_shown() {
  awk -v a="$(colour_share '#FFC107' 800x60+0+40)" 'BEGIN { exit !(a > 0.5) }'
}

# wait_stable: waits (at most 10 s) for two identical screenshots in a row
# in $shot.
wait_stable() {
  local deadline=$(( $(now_ms) + 10000 )) prev="" sum
  while :; do
    sleep 0.3
    import -window "$win" "$shot" 2>>"$tmp/import.log" || true
    sum=$(md5sum <"$shot" | cut -d' ' -f1)
    [ "$sum" = "$prev" ] && return
    prev=$sum
    [ "$(now_ms)" -lt "$deadline" ] || return
  done
}

# wait_vault: waits for the app to say its vault is open (the demo vault
# is made on the first run), for the DEMO VAULT banner to be painted and
# then for the window to settle.
wait_vault() {
  local deadline=$(( $(now_ms) + timeout_s * 1000 ))
  until grep -q 'baton-gui: vault open:' "$tmp/app.log"; do
    app_alive
    [ "$(now_ms)" -lt "$deadline" ] || { cat "$tmp/app.log" >&2; fail "the vault did not open within ${timeout_s}s"; }
    sleep 0.05
  done
  until import -window "$win" "$shot" 2>>"$tmp/import.log" && demo_banner_shown; do
    app_alive
    [ "$(now_ms)" -lt "$deadline" ] || { cp "$shot" bin/smoke-failed.png; fail "no DEMO VAULT banner painted within ${timeout_s}s (last screenshot in bin/smoke-failed.png)"; }
    sleep 0.1
  done
  wait_stable
}

save_shot() {
  mkdir -p "$shots_dir"
  # Metadata chunks (dates) stripped, so an unchanged UI gives an unchanged file.
  convert "$shot" -strip "$shots_dir/$1.png"
  echo "smoke: wrote $shots_dir/$1.png ($(identify -format '%wx%h' "$shot"))"
}

start=$(now_ms)
start_app
wait_window
mapped=$(now_ms)
echo "smoke: window $win mapped $(( mapped - start )) ms after launch"
grep -E 'geometry|Width|Height' <<<"$info" | sed 's/^ */smoke:   /'
wait_painted
painted=$(now_ms)
echo "smoke: first non-blank frame $(( painted - start )) ms after launch"
echo "smoke: screenshot $(identify -format '%wx%h' "$shot"), standard deviation $stddev, $colours colours"
wait_vault
echo "smoke: demo vault made and shown $(( $(now_ms) - start )) ms after launch"
grep 'baton-gui: vault open:' "$tmp/app.log" | sed 's/^/smoke:   /'
grep -q '(demo: true)' "$tmp/app.log" || fail "a fresh HOME did not open the demo vault"
save_shot home
stop_app

# The other screens, each started by its name; Verify as a user would
# from a maintainer's download page: the demo package's chain, compared
# with its signatory's key, which must show MATCH (green) with nothing
# clicked.
demo_chain=$(compgen -G "$demo_vault/*/chain" | head -n1) || fail "no chain in the demo vault $demo_vault"
demo_pkg=$(basename "$(dirname "$demo_chain")" | sed 's/%2F/\//g')
demo_key=$(sed -n 2p "$(dirname "$demo_chain")/keys/recovery.pub")
for screen in keys verify ceremonies; do
  start=$(now_ms)
  case $screen in
    verify) start_app verify --package "$demo_pkg" --chain "$demo_chain" --key "$demo_key" ;;
    *) start_app "$screen" ;;
  esac
  wait_window
  wait_painted
  wait_vault
  echo "smoke: $screen shown $(( $(now_ms) - start )) ms after launch (demo vault reopened)"
  if [ "$screen" = verify ]; then
    deadline=$(( $(now_ms) + timeout_s * 1000 ))
    until awk -v g="$(colour_share '#1E8E3E')" 'BEGIN { exit !(g > 0.05) }'; do
      app_alive
      [ "$(now_ms)" -lt "$deadline" ] || { cp "$shot" bin/smoke-failed.png; fail "verify: no MATCH banner within ${timeout_s}s (last screenshot in bin/smoke-failed.png)"; }
      sleep 0.1
      import -window "$win" "$shot" 2>>"$tmp/import.log" || true
    done
    wait_stable
    echo "smoke: verify: MATCH shown for $demo_pkg's signatory"
  fi
  save_shot "$screen"
  stop_app
done

# One whole release through the real window, by keyboard only, as a
# person without a mouse would: a vault with a genesis made by the CLI,
# then baton-gui release with the details filled in, as a release script
# would start it. Each step waits for the window's title to name the page
# it needs (Next is focused on the details, the review focuses its button
# once the files are listed, the passphrase page its field), presses the
# one key that page wants, and the "This machine is online" question is
# answered when the machine is online. Every wait is bounded.

# key KEY...: sends keys to the window, in order.
key() { xdotool key --window "$win" --delay 40 "$@"; }
# typein TEXT: types TEXT into the focused field.
typein() { xdotool type --window "$win" --delay 10 "$1"; }

# release_fail MESSAGE: keeps the last screenshot and the app's output.
release_fail() {
  import -window "$win" "$shot" 2>>"$tmp/import.log" && cp "$shot" bin/smoke-failed.png &&
    echo "smoke: last screenshot in bin/smoke-failed.png" >&2
  echo "--- app output" >&2; cat "$tmp/app.log" >&2
  fail "release: $*"
}

# wait_title WANT [ALSO]: waits for the window's title to be "Baton - WANT"
# (or "Baton - ALSO"); sets title to the title seen.
wait_title() {
  local deadline=$(( $(now_ms) + timeout_s * 1000 ))
  while :; do
    app_alive
    title=$(xdotool getwindowname "$win" 2>/dev/null || true)
    [ "$title" = "Baton - $1" ] && return
    [ -n "${2:-}" ] && [ "$title" = "Baton - $2" ] && return
    [ "$(now_ms)" -lt "$deadline" ] || release_fail "the window is titled \"$title\" after ${timeout_s}s, want \"Baton - $1\"${2:+ or \"Baton - $2\"}"
    sleep 0.05
  done
}

pkg=example.org/hello
vault="$tmp/vault" dist="$tmp/dist"
pkg_dir="$vault/example.org%2Fhello"
passphrase="orbit marble cactus velvet lantern"
printf '%s\n' "$passphrase" >"$tmp/passphrase"
mkdir -p "$dist"
printf 'hello 1.0\n' >"$dist/hello-1.0.tar.gz"
bin/baton init --vault "$vault" --trust "$tmp/trust" --passphrase-file "$tmp/passphrase" \
  --package "$pkg" --name "Jane Doe" --operator "Smoke Test" --kdf-rounds 1 >"$tmp/init.log" 2>&1 ||
  { cat "$tmp/init.log" >&2; fail "baton init could not make the vault"; }
entries_before=$(grep -c '^baton-entry ' "$pkg_dir/chain")

start=$(now_ms)
app_vault="$vault" start_app release --package "$pkg" --version 1.0 --dir "$dist" --operator "Smoke Test"
wait_window
wait_painted
wait_title "Release: details"
grep -q "baton-gui: vault open: $vault (demo: false)" "$tmp/app.log" || release_fail "the app did not open the vault $vault"
echo "smoke: release: the wizard opened on $vault $(( $(now_ms) - start )) ms after launch"
key space                    # Next, focused: the details are filled in
wait_title "Release: review"
key space                    # "Sign these files: passphrase", focused once the files are listed
wait_title "Release: passphrase"
typein "$passphrase"         # the passphrase field is focused
key Return

# On an online machine the app first asks whether to run online anyway,
# with "Do not start" focused: Shift+Tab moves to "Run online anyway" (the
# dialog's only other button) and Space presses it.
wait_title "Release: done" "Release: This machine is online"
if [ "$title" = "Baton - Release: This machine is online" ]; then
  echo "smoke: release: the app asks to run online (this machine is online): running anyway"
  key shift+Tab space
  wait_title "Release: done"
fi
wait_stable
echo "smoke: release: ceremony done $(( $(now_ms) - start )) ms after launch"

# What the publish page names, as the app printed it, checked on disk.
mapfile -t published < <(sed -n 's/^.*baton-gui: publish: //p' "$tmp/app.log")
[ "${#published[@]}" -eq 2 ] || release_fail "the app named ${#published[@]} files to publish, want 2 (the chain and SHA256.sig)"
for f in "${published[@]}"; do
  [ -s "$f" ] || release_fail "the publish page names $f, which does not exist"
  echo "smoke: release: publish $f (exists)"
done
[ "${published[0]}" = "$pkg_dir/chain" ] || release_fail "the chain named is ${published[0]}, want $pkg_dir/chain"
[ "${published[1]}" = "$dist/SHA256.sig" ] || release_fail "the signature named is ${published[1]}, want $dist/SHA256.sig"
entries_after=$(grep -c '^baton-entry ' "${published[0]}")
[ "$entries_after" -eq $(( entries_before + 1 )) ] ||
  release_fail "the chain ${published[0]} has $entries_after entries, want $(( entries_before + 1 ))"
bin/baton verify --vault "$vault" --trust "$tmp/trust-user" --package "$pkg" --chain "${published[0]}" \
  --sig "${published[1]}" --expect-key "$(sed -n 2p "$pkg_dir/keys/recovery.pub")" >"$tmp/verify.log" 2>&1 ||
  { cat "$tmp/verify.log" >&2; release_fail "baton verify refused the release the app signed"; }
grep '^OK: ' "$tmp/verify.log" | sed 's/^/smoke: release: /'
echo "smoke: release: chain ($entries_before -> $entries_after entries) and SHA256.sig verified"
# The real window's publish page is the run's evidence, not a docs
# picture (docs/screenshots/release-publish.png is drawn by the shots tool).
shots_dir=bin/screenshots save_shot publish
stop_app
echo "smoke: OK"
