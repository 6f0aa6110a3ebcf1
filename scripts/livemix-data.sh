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
# build NAME RENDERED PER_SONG SEED REAL_PER_SONG REAL_SEED REAL_SONG...: one set of live folders, written
# beside its place and moved in when whole.
build() {
  local name=$1 rendered=$2 per=$3 seed=$4 real_per=$5 real_seed=$6; shift 6
  [ -d "$cache/livemix/$name" ] && return 0
  "$af" livemix dataset --songs "$rendered" --per-song "$per" --seconds 30 --seed "$seed" --out "$cache/livemix/$name.partial" >/dev/null
  for s in "$@"; do
    "$af" livemix dataset --songs "$real/$s" --per-song "$real_per" --seconds 30 --seed "$real_seed" --out "$cache/livemix/$name.partial" >/dev/null
  done
  mv "$cache/livemix/$name.partial" "$cache/livemix/$name"
}
build train "$cache/rendered-train" 3 11 8 12 armygeddon chaos_god
build heldout "$cache/rendered" 2 1 4 2 internal_degeneration mutilated_mime
echo "$cache/livemix/train"
echo "$cache/livemix/heldout"
