#!/usr/bin/env bash
# Builds the local base images the test stack uses instead of registry images, from Debian's packages only:
#   ledgerlens-local/debian:bookworm   debootstrap --variant=minbase (+ ca-certificates, curl), docker import
#   ledgerlens-local/jre:17            + openjdk-17-jre-headless   (RUNTIME_IMAGE for docker/Dockerfile)
#   ledgerlens-local/postgres:15       + postgresql-15             (stands in for postgres:15)
#   ledgerlens-local/redis:7           + redis-server              (stands in for redis:7)
#   ledgerlens-local/haproxy:2.6       + haproxy                   (stands in for haproxy:2.6)
# Once per machine: an image that exists is kept (--rebuild makes them all again). Needs root, debootstrap and a
# running Docker daemon. Usage: docker/base-images.sh [--rebuild] [--mirror URL]
set -euo pipefail
cd "$(dirname "$0")"
rebuild=false
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
while [ $# -gt 0 ]; do
  case "$1" in
    --rebuild) rebuild=true ;;
    --mirror) mirror=$2; shift ;;
    *) echo "usage: $0 [--rebuild] [--mirror URL]" >&2; exit 2 ;;
  esac
  shift
done
export DOCKER_BUILDKIT=1
# Debian's docker.io client has BuildKit built in; a newer client elsewhere on the PATH may want a buildx plugin.
if [ -x /usr/bin/docker ]; then docker() { /usr/bin/docker "$@"; }; fi

have() { ! $rebuild && docker image inspect "$1" >/dev/null 2>&1; }

base=ledgerlens-local/debian:bookworm
if have "$base"; then
  echo "$base: present"
else
  root=$(mktemp -d /var/tmp/ledgerlens-rootfs.XXXXXX)
  trap 'rm -rf "$root"' EXIT
  # mktemp makes the directory 0700, and tar records it as the image's /: no user but root could reach a file.
  chmod 0755 "$root"
  echo "$base: debootstrap from $mirror"
  debootstrap --variant=minbase --include=ca-certificates,curl bookworm "$root" "$mirror" >"$root.log" 2>&1 \
    || { tail -20 "$root.log"; exit 1; }
  rm -f "$root.log"
  # The package lists and downloaded archives are not needed in the image; each image's apt-get update fetches them.
  rm -rf "$root"/var/lib/apt/lists/* "$root"/var/cache/apt/archives/*.deb
  tar -C "$root" -c . | docker import --change 'CMD ["bash"]' - "$base" >/dev/null
  rm -rf "$root"
  trap - EXIT
fi

for spec in jre:17 postgres:15 redis:7 haproxy:2.6; do
  name=${spec%%:*}
  image=ledgerlens-local/$spec
  if have "$image"; then
    echo "$image: present"
  else
    echo "$image: building"
    docker build -q --build-arg BASE="$base" -f "local/$name.Dockerfile" -t "$image" local >/dev/null
  fi
done
docker image ls 'ledgerlens-local/*' --format '{{.Repository}}:{{.Tag}} {{.Size}}'
