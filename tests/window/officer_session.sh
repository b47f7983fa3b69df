#!/usr/bin/env bash
# An officer's first session, driven through a real window with xdotool, as the hostile tester
# and the new officer drove it by hand: first run -> who am I -> the sample -> a new incoming
# extradition case by keyboard -> save -> the window ends -> the next start reopens the same
# casebook with the case in it. Run by `cargo test --test window` (under xvfb-run), or by hand:
#   xvfb-run -a -s "-screen 0 1280x800x24" tests/window/officer_session.sh target/release/casedesk /tmp/session
# Each step waits for what it needs and fails naming the step, with a screenshot when
# ImageMagick's `import` is installed.
set -euo pipefail
bin=$1
work=$2
mkdir -p "$work"
export HOME=$work XDG_DATA_HOME=$work/data XDG_CONFIG_HOME=$work/config XDG_CACHE_HOME=$work/cache
export XDG_RUNTIME_DIR=$work CASEDESK_TRACE_STARTUP=1
data=$XDG_DATA_HOME/casedesk
sample=$data/sample-casebook.ron
step=start

fail() {
  echo "officer session: step '$step' failed: $*" >&2
  if command -v import >/dev/null; then import -window root "$work/failed-$step.png" || true; fi
  cat "$work"/window-*.log >&2 || true
  exit 1
}

# Polls `test` (a shell condition) for up to $2 seconds (default 60: a debug build on CI).
wait_for() {
  local deadline=$((SECONDS + ${2:-60}))
  until eval "$1"; do
    [ $SECONDS -lt $deadline ] || fail "timed out waiting for: $1"
    sleep 0.2
  done
}

start_window() {
  "$bin" >"$work/window-$1.log" 2>&1 &
  pid=$!
  wait_for 'xdotool search --pid $pid --name Casedesk >/dev/null 2>&1'
  window=$(xdotool search --pid $pid --name Casedesk | head -1)
  # The first frames take a moment on a software renderer.
  sleep 2
  xdotool windowfocus --sync "$window"
}

keys() { xdotool windowfocus --sync "$window"; xdotool key --delay 80 "$@"; sleep 0.5; }
typed() { xdotool windowfocus --sync "$window"; xdotool type --delay 30 "$1"; sleep 0.5; }

step=first-run
start_window 1
typed "Ayesha Malik"
keys Tab
typed "National Crime Agency"
keys Return
wait_for 'grep -q "Ayesha Malik" "$data"/installation-*.ron 2>/dev/null' 10
grep -q "National Crime Agency" "$data"/installation-*.ron || fail "the agency typed after Tab is not kept"

step=sample
# Welcome: Open a casebook…, Start an empty casebook, Explore the sample casebook.
keys Tab Tab Tab Return
wait_for '[ -f "$sample" ]'
wait_for 'grep -q "first frame of the desk" "$work/window-1.log"'

step=new-case
keys ctrl+n
# Kind (Extradition), MLA, Incoming, Outgoing, Date opened, Summary.
keys Tab Tab Tab Tab Tab
typed "Fraud in Lahore; arrested at Heathrow on a provisional warrant"
keys Tab Return
keys ctrl+s
wait_for '"$bin" export-csv "$sample" -o - 2>/dev/null | grep -q "arrested at Heathrow"' 30
row=$("$bin" export-csv "$sample" -o - 2>/dev/null | grep "arrested at Heathrow")
case "$row" in
  *'"EI-'*'"Incoming"'*'Ayesha Malik'*) ;;
  *) fail "the new case is not an incoming extradition case of Ayesha Malik's: $row" ;;
esac
reference=$(echo "$row" | cut -d, -f1 | tr -d '"')

step=restart
kill "$pid"
wait "$pid" 2>/dev/null || true
start_window 2
wait_for 'grep -q "first frame of the desk" "$work/window-2.log"'
title=$(xdotool getwindowname "$window")
case "$title" in
  *sample-casebook.ron*) ;;
  *) fail "the window reopened on '$title', not the sample casebook used last" ;;
esac
kill "$pid"
wait "$pid" 2>/dev/null || true
"$bin" show "$sample" "$reference" | grep -q "arrested at Heathrow" || fail "$reference lost"
echo "officer session: every step passed ($reference)"
