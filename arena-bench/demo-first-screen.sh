#!/usr/bin/env bash
# Times `./arena demo` (or COMMAND, run from the repository root) from launch to its console's first complete screen in a detached 80x24 tmux pane:
# the pane is read every 20 ms until it shows "health ok", "mode WRITE" and "Open runs" (the first screen
# DemoTmuxIT waits for). Then q, and the next run. Usage: demo-first-screen.sh RUNS [COMMAND]
set -euo pipefail
runs=${1:-5}
cmd=${2:-./arena demo}
sock="arena-demo-time-$$"
trap 'tmux -L "$sock" kill-server 2>/dev/null || true' EXIT
for i in $(seq 1 "$runs"); do
  start=$(date +%s%N)
  tmux -L "$sock" new-session -d -s demo -x 80 -y 24 "unset ARENA_ADMIN_TOKEN; $cmd; echo DEMO-EXIT=\$?; sleep 30"
  while :; do
    pane=$(tmux -L "$sock" capture-pane -p -t demo 2>/dev/null || true)
    if [[ $pane == *"health ok"* && $pane == *"mode WRITE"* && $pane == *"Open runs"* ]]; then break; fi
    now=$(date +%s%N)
    if (( (now - start) / 1000000 > 60000 )); then echo "run $i: no first screen in 60 s"; echo "$pane"; break; fi
    sleep 0.02
  done
  end=$(date +%s%N)
  echo "run $i: first screen $(( (end - start) / 1000000 )) ms"
  tmux -L "$sock" send-keys -t demo q
  for _ in $(seq 1 300); do
    tmux -L "$sock" capture-pane -p -t demo | grep -q "DEMO-EXIT=" && break
    sleep 0.05
  done
  tmux -L "$sock" kill-session -t demo 2>/dev/null || true
done
