#!/usr/bin/env bash
# The window at scale under Xvfb (BENCHMARKS.md, "The window"): the time from launch to the
# desk's first frame, peak memory, then the register scrolled, filtered and saved, with
# screenshots. openbox gives the window keyboard focus, so typed keys reach it.
# Needs: xvfb, openbox, xdotool, imagemagick.
# Usage: docs/scale-window.sh CASES [path/to/casedesk]   (screenshots go to ./scale-CASES-*.png)
set -euo pipefail
cases=${1:?how many cases}
bin=$(realpath "${2:-target/release/casedesk}")
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT

"$bin" demo --cases "$cases" -o "$work/casebook.ron" >/dev/null
export DISPLAY=:95
Xvfb "$DISPLAY" -screen 0 1400x900x24 -noreset >/dev/null 2>&1 &
sleep 1
openbox >/dev/null 2>&1 &
sleep 1
HOME="$work" CASEDESK_TRACE_STARTUP=1 "$bin" open "$work/casebook.ron" 2>"$work/trace" &
app=$!
until grep -q "first frame of the desk" "$work/trace"; do sleep 0.2; done
grep "first frame" "$work/trace"
sleep 2
shot() { import -window root "scale-$cases-$1.png"; }
shot dashboard
xdotool windowactivate --sync "$(xdotool search --name Casedesk | head -n 1)"
xdotool key ctrl+2 && sleep 2 && shot register
xdotool mousemove 400 500 && for _ in $(seq 30); do xdotool click 5; done && sleep 2 && shot scrolled
xdotool key ctrl+f && sleep 1 && xdotool type --delay 150 khan && sleep 3 && shot filtered
memory() { echo "$1: $(grep -E 'VmRSS|VmHWM' "/proc/$app/status" | tr -s ' \t\n' ' ')"; }
memory "opened, scrolled and filtered"
# Until the save's snapshot is compressed (its mark gone), at most five minutes.
settled() {
  for _ in $(seq 1500); do
    ls "$work"/snapshots/.*.uncompressed >/dev/null 2>&1 || return 0
    sleep 0.2
  done
  echo "the snapshot was not compressed within five minutes" >&2
}
# A new case (the dialog's Create button), then Ctrl+S: the status line shows the save's
# progress. The first save's snapshot is compressed whole (there is no base yet); the
# second's as a difference from it.
new_case_saved() {
  xdotool key Escape ctrl+n && sleep 2 && xdotool mousemove 544 529 click 1 && sleep 2
  xdotool key ctrl+s && sleep 1.6
}
new_case_saved && shot saving
sleep 3 && settled && memory "a case added and saved, its snapshot compressed whole"
new_case_saved && sleep 3 && settled && memory "another added and saved, its snapshot a difference"
ls -l "$work"/snapshots/
