#!/usr/bin/env bash
# An officer's first session, driven through a real window with xdotool, as the hostile tester
# and the new officer drove it by hand: first run -> who am I -> the sample -> a new incoming
# extradition case by keyboard, with the requested person and their CNIC -> provisional arrest
# (two moves) -> a partner summary PDF showing the person's name -> the case found in the
# register by the CNIC typed without dashes -> save -> the window ends -> the next start reopens
# the same casebook with the case in it. Each step is checked through the command line on the
# same casebook or in what the window wrote. Run by `cargo test --test window` (under
# xvfb-run, 1280x800: the two clicks below are at places in the case panel), or by hand:
#   xvfb-run -a -s "-screen 0 1280x800x24 -noreset" tests/window/officer_session.sh target/release/casedesk /tmp/session
# Each step waits for what it needs and fails naming the step, with a screenshot when
# ImageMagick's `import` is installed. With SHOTS=docs it also takes the README's screenshots
# of adding the requested person and of the provisional arrest.
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
  [ -z "${pid:-}" ] || kill "$pid" 2>/dev/null || true
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
  # The first frames take a moment on a software renderer; the window found is the one that
  # takes the keyboard.
  wait_for 'kill -0 $pid 2>/dev/null || fail "the window exited"
    window=$(xdotool search --pid $pid --name Casedesk 2>/dev/null | head -1) &&
    sleep 2 && xdotool windowfocus --sync "$window" 2>/dev/null'
}

# One key a frame: egui moves the focus once a frame, so two Tabs in one slow frame are one.
keys() {
  xdotool windowfocus --sync "$window"
  for key in "$@"; do
    xdotool key "$key"
    sleep 0.4
  done
  sleep 0.6
}
typed() { xdotool windowfocus --sync "$window"; xdotool type --delay 30 "$1"; sleep 0.5; }
# A click at x y in the window, for the two buttons no key reaches (a case panel's tab, the
# first move offered), then the pointer out of the way.
click() {
  xdotool windowfocus --sync "$window"
  xdotool mousemove --window "$window" "$1" "$2" click 1
  sleep 1
  xdotool mousemove --window "$window" 1000 760
  sleep 0.5
}
# With SHOTS set to a folder, the window at a step, for the README (docs/).
shot() {
  [ -n "${SHOTS:-}" ] || return 0
  sleep 1
  xdotool mousemove --window "$window" 1000 760 # a move draws a fresh frame
  sleep 1
  import -window root "$SHOTS/$1.png"
}
# The case as the command line shows it, saved first (Ctrl+S) so the file holds it.
shown() {
  keys ctrl+s
  "$bin" show "$sample" "$reference" 2>&1
}
# Writes the export form's file into $work/$1 through the path typed in the window (no file
# dialog under Xvfb), and waits for it.
export_to() {
  click 412 494 # Export to file…
  keys ctrl+a
  typed "$work/$1"
  keys Return
  wait_for "[ -s '$work/$1' ]" 90
}

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
# Kind (a dropdown on Extradition), Incoming, Outgoing, Date opened, Summary.
keys Tab Tab Tab Tab
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

step=requested-person
# Ctrl+Shift+P: the case's "Find a person"; no one has this CNIC, so Enter opens New person on
# the name and the CNIC typed, and Enter creates them, the partner's as the requested person.
keys ctrl+shift+p
typed "Zafar Iqbal Qureshi 35202-9876543-1"
keys Return
shot new-person-from-case
keys Return
# Their CNIC shows in the partner summary below, and finds the case.
wait_for 'shown | grep -q "Zafar Iqbal Qureshi — Requested person"' 30

step=provisional-arrest
click 796 110 # Status and deadlines
click 822 230 # Provisional arrest requested…
# The form has the keyboard in its date: the urgency, the warrant, past Reason and Documents
# to the override of what the case still lacks, then Enter records.
keys Tab
typed "Flight risk: a ticket to Dubai for Friday"
keys Tab
typed "Warrant 17/2026, Judicial Magistrate Lahore"
keys Tab Tab Tab
typed "Offence and authority follow with the papers"
keys Return
wait_for 'shown | grep -q "Pre-request → Provisional arrest requested"' 30
click 822 230 # Provisionally arrested…
keys Tab
typed "09:40"
keys Tab
typed "Westminster Magistrates' Court"
keys Tab
typed "Remanded in custody"
keys Return
wait_for 'shown | grep -q "Provisional arrest requested → Provisionally arrested"' 30
shown | grep -q "^Status *Provisionally arrested" || fail "not provisionally arrested: $(shown)"
shot provisional-arrest

step=partner-pdf
# Ctrl+E: the export form (centred, so its fields are at fixed places at this size): Profile,
# "p" for Partner and Enter, the recipient, "Export to file…".
sleep 2 # the save the check above asked for has finished
keys ctrl+e
sleep 3 # the form is drawn
click 486 410 # Profile
sleep 2 # its list is open
keys p Return
click 620 465 # Recipient
typed "FIA Islamabad"
export_to partner.pdf
pdftotext "$work/partner.pdf" - | grep -q "Zafar Iqbal Qureshi" ||
  fail "the partner summary withholds the requested person's name"
pdftotext "$work/partner.pdf" - | grep -q "Profile: Partner" || fail "not the partner profile"
pdftotext "$work/partner.pdf" - | grep -q "CNIC 35202-9876543-1" ||
  fail "the CNIC typed is not the requested person's, or is withheld from the partner"

step=find-by-cnic
# Ctrl+F: the register's filter, the CNIC typed without its dashes; the summary of the cases
# the register then shows holds this case and no other.
keys ctrl+f
typed "3520298765431"
sleep 2 # the register is filtered
keys ctrl+e
sleep 3 # the form is drawn
click 367 382 # The cases the register shows
click 620 465 # Recipient
typed "Case file"
export_to found.pdf
found=$(pdftotext "$work/found.pdf" - | grep -oE "\b[EM][IO]-[0-9]{4}-[0-9]{4}\b" | sort -u)
[ "$found" = "$reference" ] || fail "the CNIC found '$found', not $reference alone"

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
