#!/usr/bin/env bash
# jackd (jackd2) registers every running server in shared memory (/dev/shm/jack-shm-registry), eight places in
# all. A server that is killed (SIGKILL, or the machine's session ending under it) keeps its place, and the
# place is only reclaimed when a server of the same name starts again; after eight, every new server fails
# with "Too many servers already active". With no jackd running every entry is stale, so this removes the
# registry and what the dead servers left in /dev/shm (segments, semaphores, sockets), as a reboot would.
# With a jackd running it does nothing. Run by ./test before the tests that start their own servers.
set -uo pipefail
command -v pgrep >/dev/null 2>&1 || exit 0   # cannot tell whether a jackd runs: touch nothing
if pgrep -x jackd >/dev/null 2>&1 || pgrep -x jackdbus >/dev/null 2>&1; then exit 0; fi
shopt -s nullglob
stale=(/dev/shm/jack-shm-registry /dev/shm/jack-[0-9]*-[0-9]* /dev/shm/jack_sem.* /dev/shm/jack_*_[0-9]*_[0-9]*)
[ ${#stale[@]} -eq 0 ] && exit 0
rm -f "${stale[@]}" 2>/dev/null
echo "jack-clear-stale: no jackd running; removed ${#stale[@]} stale JACK entries from /dev/shm" >&2
exit 0
