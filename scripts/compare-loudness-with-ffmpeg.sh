#!/usr/bin/env bash
# Prints a Markdown table: autofoh analyze vs ffmpeg's ebur128 filter on the four Muldjord songs
# (guitar.ogg, song.ogg and their sum). Used for docs/results.md; the same check runs as a test
# (tests/AutoFoh.Cli.Tests/RealSongLoudnessTests.cs).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
songs="$root/.cache/songs/usr/share/games/fretsonfire/data/songs/muldjord"
[ -d "$songs" ] || bash "$root/scripts/install-deps.sh"
ffmpeg_r128() { # prints "I LRA TP" from the last frame's metadata (3 decimals)
  local meta; meta=$(mktemp)
  if [ $# -eq 1 ]; then
    ffmpeg -nostats -hide_banner -v error -i "$1" -af "ebur128=peak=true:metadata=1,ametadata=mode=print:file=$meta" -f null -
  else
    ffmpeg -nostats -hide_banner -v error -i "$1" -i "$2" -filter_complex "[0:a][1:a]amix=inputs=2:normalize=0,ebur128=peak=true:metadata=1,ametadata=mode=print:file=$meta" -f null -
  fi
  awk -F= '/lavfi.r128.I=/{i=$2} /lavfi.r128.LRA=/{l=$2} /lavfi.r128.true_peak=/{t=$2} END{printf "%s %s %.3f\n", i, l, 20*log(t)/log(10)}' "$meta"
  rm -f "$meta"
}
ours() { "$root/autofoh" analyze "$@" --json | python3 -c 'import json,sys; r=json.load(sys.stdin)[0]; print(r["integrated_lufs"], r["loudness_range_lu"], r["true_peak_dbtp"])'; }
echo "| song | signal | integrated LUFS (autofoh / ffmpeg / diff) | LRA LU (autofoh / ffmpeg / diff) | true peak dBTP (autofoh / ffmpeg / diff) |"
echo "|---|---|---|---|---|"
for song in armygeddon chaos_god internal_degeneration mutilated_mime; do
  g="$songs/$song/guitar.ogg"; s="$songs/$song/song.ogg"
  for signal in guitar song sum; do
    case $signal in
      guitar) a=$(ours "$g"); b=$(ffmpeg_r128 "$g");;
      song) a=$(ours "$s"); b=$(ffmpeg_r128 "$s");;
      sum) a=$(ours --sum "$g" "$s"); b=$(ffmpeg_r128 "$g" "$s");;
    esac
    read -r ai al at <<<"$a"; read -r bi bl bt <<<"$b"
    python3 - "$song" "$signal" "$ai" "$bi" "$al" "$bl" "$at" "$bt" <<'PY'
import sys
song, sig, ai, bi, al, bl, at, bt = sys.argv[1:3] + [float(v) for v in sys.argv[3:]]
print(f"| {song} | {sig} | {ai:.3f} / {bi:.3f} / {ai-bi:+.3f} | {al:.2f} / {bl:.2f} / {al-bl:+.2f} | {at:.2f} / {bt:.2f} / {at-bt:+.2f} |")
PY
  done
done
