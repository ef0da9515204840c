#!/bin/sh
# As the official image: a server started without a config file listens beyond loopback (protected mode off), as
# other containers on the network must reach it.
set -eu
if [ "${1:-}" = redis-server ] && { [ $# -eq 1 ] || [ "${2#--}" != "$2" ]; }; then
  set -- "$@" --protected-mode no
fi
exec "$@"
