#!/usr/bin/env bash
# Takes the README's screenshots from the real window under Xvfb (wgpu on Mesa's llvmpipe).
# Needs: xvfb, xdotool, imagemagick. Usage: docs/screenshots.sh [path/to/casedesk]
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-target/release/casedesk}
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT

"$bin" demo --cases 300 --seed 7 -o "$work/sample.ron" >/dev/null
export DISPLAY=:97
Xvfb "$DISPLAY" -screen 0 1600x1000x24 -noreset >/dev/null 2>&1 &
sleep 1
HOME="$work" "$bin" open "$work/sample.ron" >/dev/null 2>&1 &
sleep 6
window=$(xdotool search --name "Casedesk" | head -n 1)
xdotool windowmove "$window" 0 0 windowsize "$window" 1600 1000
sleep 2
# The window opens on the dashboard.
import -window root docs/dashboard.png
echo "wrote docs/dashboard.png"

# Ctrl+2: the register.
xdotool windowfocus --sync "$window"
xdotool key ctrl+2
sleep 2
import -window root docs/register.png

# Open a case with running deadlines (EI-2025-0002, awaiting surrender): its status panel.
xdotool mousemove 60 590
sleep 0.5
xdotool mousedown 1
sleep 0.2
xdotool mouseup 1
sleep 2
import -window root docs/case.png
echo "wrote docs/register.png docs/case.png"

# The same case's details: the editor.
xdotool mousemove 1245 86
sleep 0.3
xdotool mousedown 1
sleep 0.2
xdotool mouseup 1
sleep 2
import -window root docs/editor.png
echo "wrote docs/editor.png"
