#!/bin/sh
# Starts wirescope as the image's unprivileged user, holding the capture capabilities the
# container was given (NET_RAW, NET_ADMIN) and no others.
#
# Podman passes capabilities added with --cap-add to a non-root user as ambient capabilities,
# which deno inherits. Docker does not: they reach only the bounding set. Then a copy of
# setpriv carrying those two as file capabilities (permitted, not effective, so it still starts
# when the container lacks them) raises whichever the bounding set allows into the ambient set
# before starting deno. Reading a file needs neither, and starts without them.
set -eu

NET_ADMIN=$((1 << 12))
NET_RAW=$((1 << 13))

capability_set() {
  sed -n "s/^$1:[[:space:]]*//p" /proc/self/status
}
ambient=$((0x$(capability_set CapAmb)))
bounding=$((0x$(capability_set CapBnd)))

raise=""
if [ "$(id -u)" -ne 0 ]; then
  if [ $((ambient & NET_RAW)) -eq 0 ] && [ $((bounding & NET_RAW)) -ne 0 ]; then
    raise="+net_raw"
  fi
  if [ $((ambient & NET_ADMIN)) -eq 0 ] && [ $((bounding & NET_ADMIN)) -ne 0 ]; then
    raise="${raise:+$raise,}+net_admin"
  fi
fi

# The start task's permissions (deno.json), writing only under the data volume, and code only
# from the cache the image was built with.
set -- deno run --cached-only --config /opt/wirescope/deno.json --v8-flags=--max-semi-space-size=1 \
  --allow-ffi --allow-net --allow-read --allow-env --allow-sys --allow-run \
  --allow-write=/var/lib/wirescope /opt/wirescope/main.ts "$@"

if [ -n "$raise" ]; then
  exec /usr/local/lib/wirescope/raise-capture-caps \
    --inh-caps="$raise" --ambient-caps="$raise" -- "$@"
fi
exec "$@"
