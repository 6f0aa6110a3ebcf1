#!/usr/bin/env bash
# The results table of issue 9 (docs/results.md): every style on (1) seed 004's validation suite, (2) rendered
# multitracks that the mix predictor never trained on, (3) the four real songs as guitar + song stems. Each
# written file is measured by autofoh (the mix's own report) and by ffmpeg's ebur128 filter (loudness, true peak).
# Usage: scripts/mix-results.sh [OUT_FOLDER]   (default .cache/mix-results; about 10 minutes on 2 cores)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-$root/.cache/mix-results}
songs="$root/.cache/songs/usr/share/games/fretsonfire/data/songs/muldjord"
[ -d "$songs" ] || bash "$root/scripts/install-deps.sh"
mkdir -p "$out/mixes"
# Rendered songs of seeds 901.. (the mix predictor trains on seeds 101.. and holds out 1..; see models/README.md).
"$root/autofoh" songs render --count 4 --seconds 60 --seed 901 --out "$root/.cache/mastering/results-songs" > "$out/rendered.txt"
"$root/autofoh" validate --seconds 20 --keep "$out/mixes" --json > "$out/seed.json" || true   # exit 2 when a case misses: the table says which
mapfile -t rendered < "$out/rendered.txt"
"$root/autofoh" validate --songs-only --songs "${rendered[@]}" "$songs"/*/ --keep "$out/mixes" --json > "$out/songs.json" || true
ffmpeg_r128() { # "I TP" of a file, from the last frame's metadata
  local meta; meta=$(mktemp)
  ffmpeg -nostdin -nostats -hide_banner -v error -i "$1" -af "ebur128=peak=true:metadata=1,ametadata=mode=print:file=$meta" -f null -
  awk -F= '/lavfi.r128.I=/{i=$2} /lavfi.r128.true_peak=/{t=$2} END{printf "%s %.3f\n", i, 20*log(t)/log(10)}' "$meta"
  rm -f "$meta"
}
echo "| set | case | style | LUFS (target) | ffmpeg LUFS | centroid Hz (target) | ms_ratio (target) | true peak dBTP | ffmpeg dBTP | passes | pass |"
echo "|---|---|---|---:|---:|---:|---:|---:|---:|---:|---|"
for set in seed songs; do
  python3 -c '
import json, sys
for c in json.load(open(sys.argv[1]))["cases"]:
    print("\t".join(str(x) for x in [c["case"], c["style"], c["integrated_lufs"], c["target_lufs"], c["spectral_centroid_hz"], c["target_centroid_hz"], c["ms_ratio"], c["target_ms_ratio"], c["true_peak_dbtp"], c["solver_passes"], c["passed"], c["output"]]))
' "$out/$set.json" | while IFS=$'\t' read -r name style lufs tl centroid tc ms tm tp passes passed file; do
    read -r fl ftp < <(ffmpeg_r128 "$file")
    printf '| %s | %s | %s | %.2f (%s) | %.2f | %.0f (%s) | %.3f (%s) | %.2f | %.2f | %s | %s |\n' "$set" "$name" "$style" "$lufs" "$tl" "$fl" "$centroid" "$tc" "$ms" "$tm" "$tp" "$ftp" "$passes" "$passed"
  done
done
