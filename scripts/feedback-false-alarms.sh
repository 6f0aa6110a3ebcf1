#!/usr/bin/env bash
# No false alarms (issue 17): every live multitrack folder under the given roots, through the live engine on files
# with every mixer, must give no feedback event. Prints one line per root and mixer (minutes of music, events) and
# the events themselves; exit 1 if there was any.
# Usage: scripts/feedback-false-alarms.sh MIXERS ROOT...   (MIXERS: comma-separated, e.g. dugan,loudness,unity,alm)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
mixers="$1"; shift
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
status=0
for data in "$@"; do
  for mixer in ${mixers//,/ }; do
    total_s=0; events=0; lines=""
    for folder in "$data"/*/; do
      [ -d "$folder/inputs" ] || continue
      json="$("$root/autofoh" live --backend files --in "$folder" --out "$out/mix.wav" --mixer "$mixer" --json 2>/dev/null)"
      read -r s n detail < <(python3 -c '
import json, sys
d = json.loads(sys.stdin.read())
ev = d["feedback_events"]
shown = ["%.2fs ch%s %s %s Hz" % (e["time_s"], e["channel"], e["action"], e["frequency_hz"]) for e in ev[:3]]
print(d["seconds"], len(ev), "; ".join(shown) or "-")' <<<"$json")
      total_s=$(python3 -c "print($total_s + $s)")
      events=$((events + n))
      [ "$n" -gt 0 ] && lines+="  $(basename "$folder"): $n events: $detail"$'\n'
    done
    printf '%s %s: %.1f min, %d feedback events\n' "$data" "$mixer" "$(python3 -c "print($total_s / 60)")" "$events"
    printf '%s' "$lines"
    [ "$events" -eq 0 ] || status=1
  done
done
exit $status
