#!/usr/bin/env bash
# The automixer's data recipe (issue 7), reproducible from the seeds below:
#   training: 24 rendered songs (seeds 101-124, 4 per style) x 3 live folders of 30 s (seed 11),
#             and the real songs armygeddon and chaos_god x 8 (seed 12);
#   held out: the 6 rendered songs of seeds 1-6 x 2 (seed 1), and the real songs internal_degeneration
#             and mutilated_mime x 4 (seed 2). No song of the held-out set is in the training set.
# Usage: scripts/livemix-data.sh [CACHE]   (default .cache; about 10 minutes on 2 cores)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cache="${1:-$root/.cache}"
af="$root/autofoh"
"$root/scripts/install-deps.sh" >/dev/null
real="$cache/songs/usr/share/games/fretsonfire/data/songs/muldjord"
"$af" songs render --count 24 --seconds 90 --seed 101 --out "$cache/rendered-train" >/dev/null
"$af" songs render --count 6 --seconds 90 --seed 1 --out "$cache/rendered" >/dev/null
if [ ! -d "$cache/livemix/train" ]; then
  "$af" livemix dataset --songs "$cache/rendered-train" --per-song 3 --seconds 30 --seed 11 --out "$cache/livemix/train.partial" >/dev/null
  for s in armygeddon chaos_god; do
    "$af" livemix dataset --songs "$real/$s" --per-song 8 --seconds 30 --seed 12 --out "$cache/livemix/train.partial" >/dev/null
  done
  mv "$cache/livemix/train.partial" "$cache/livemix/train"
fi
if [ ! -d "$cache/livemix/heldout" ]; then
  "$af" livemix dataset --songs "$cache/rendered" --per-song 2 --seconds 30 --seed 1 --out "$cache/livemix/heldout.partial" >/dev/null
  for s in internal_degeneration mutilated_mime; do
    "$af" livemix dataset --songs "$real/$s" --per-song 4 --seconds 30 --seed 2 --out "$cache/livemix/heldout.partial" >/dev/null
  done
  mv "$cache/livemix/heldout.partial" "$cache/livemix/heldout"
fi
echo "$cache/livemix/train"
echo "$cache/livemix/heldout"
