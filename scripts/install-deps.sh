#!/usr/bin/env bash
# Installs what AutoFOH's tests and demo need, where it can: Debian packages (when root and missing)
# and the real songs of fretsonfire-songs-muldjord, unpacked into the cache (never committed).
# Safe to run again: does nothing when everything is present. Prints progress on stderr only.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cache=${AUTOFOH_CACHE:-$root/.cache}
mkdir -p "$cache"

need=()
command -v ffmpeg >/dev/null 2>&1 || need+=(ffmpeg)
command -v ffprobe >/dev/null 2>&1 || need+=(ffmpeg)
command -v fluidsynth >/dev/null 2>&1 || need+=(fluidsynth)
[ -f /usr/share/sounds/sf2/FluidR3_GM.sf2 ] || need+=(fluid-soundfont-gm)
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v npm >/dev/null 2>&1 || need+=(nodejs npm)
command -v jackd >/dev/null 2>&1 || need+=(jackd2)
[ -e /usr/lib/x86_64-linux-gnu/libjack.so.0 ] || ldconfig -p 2>/dev/null | grep -q "libjack.so.0 " || need+=(libjack-jackd2-0)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "install-deps: apt-get install ${need[*]}" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2 || true
    apt-get install -y -qq --no-install-recommends "${need[@]}" >&2
  else
    echo "install-deps: missing ${need[*]} and cannot apt-get (not root); tests that need them will fail" >&2
  fi
fi

songs="$cache/songs"
if [ ! -d "$songs/usr/share/games/fretsonfire/data/songs" ]; then
  echo "install-deps: fetching fretsonfire-songs-muldjord into $songs" >&2
  tmp=$(mktemp -d)
  ( cd "$tmp" && apt-get download fretsonfire-songs-muldjord >&2 ) || {
    if [ "$(id -u)" = 0 ]; then apt-get update -qq >&2; ( cd "$tmp" && apt-get download fretsonfire-songs-muldjord >&2 ); else exit 1; fi; }
  mkdir -p "$songs.partial"
  dpkg -x "$tmp"/fretsonfire-songs-muldjord_*.deb "$songs.partial"
  rm -rf "$songs" && mv "$songs.partial" "$songs"
  rm -rf "$tmp"
fi

# The web app's front end: TypeScript compiled by the build (web/), its npm packages installed here.
if [ -f "$root/web/package-lock.json" ] && [ ! -d "$root/web/node_modules/typescript" ]; then
  echo "install-deps: npm ci in web/" >&2
  ( cd "$root/web" && npm ci --no-audit --no-fund >&2 )
fi
