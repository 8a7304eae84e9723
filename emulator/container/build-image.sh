#!/usr/bin/env bash
# Builds the container image of the embedded emulator (MiniStack from emulator/ministack/requirements.txt,
# every file hash-checked) from Debian packages, and prints its tag on standard output. Nothing is pulled
# from a container registry: the base is a Debian bookworm made here with debootstrap (root, and the
# debootstrap package, are needed for that one step).
#
# Usage: emulator/container/build-image.sh
#
# Idempotent: the tag is a hash of the image's inputs, and a tag that exists is not built again. Parallel
# runs build once (a lock). Build output goes to .adstream/logs/container-image.log.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
requirements="$root/emulator/ministack/requirements.txt"
base_packages="python3,python3-venv"
base="adstream/debian-base:bookworm-$(echo "$base_packages" | sha256sum | cut -c1-12)"
tag="adstream/ministack:$(cat "$here/Dockerfile" "$here/build-image.sh" "$requirements" | sha256sum | cut -c1-16)"
log="$root/.adstream/logs/container-image.log"

command -v docker >/dev/null || { echo "build-image: no docker command (install a Docker engine)" >&2; exit 1; }
docker info >/dev/null 2>&1 || { echo "build-image: the Docker engine does not answer (is dockerd running?)" >&2; exit 1; }
exists() { docker image inspect "$1" >/dev/null 2>&1; }

mkdir -p "$(dirname "$log")"
exec 9>"$root/.adstream/container-image.lock"
flock 9
if exists "$tag"; then echo "$tag"; exit 0; fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
started=$(date +%s)
echo "build-image: building $tag (log: $log)" >&2
{
  echo "== $(date -u +%FT%TZ) building $tag on $base"
  if ! exists "$base"; then
    command -v debootstrap >/dev/null || { echo "debootstrap is not installed (apt-get install debootstrap)"; exit 1; }
    [ "$(id -u)" = 0 ] || { echo "debootstrap needs root to make the base image $base"; exit 1; }
    debootstrap --variant=minbase --include="$base_packages" bookworm "$work/rootfs" http://deb.debian.org/debian
    tar -C "$work/rootfs" -c . | docker import - "$base"
    rm -rf "$work/rootfs"
  fi
  mkdir "$work/context"
  cp "$here/Dockerfile" "$requirements" "$work/context/"
  ca="${PIP_CERT:-${REQUESTS_CA_BUNDLE:-${SSL_CERT_FILE:-/etc/ssl/certs/ca-certificates.crt}}}"
  if [ -f "$ca" ]; then cp "$ca" "$work/context/build-ca-bundle.pem"; else : > "$work/context/build-ca-bundle.pem"; fi
  # --pull=false: the base is local, and a pull attempt where no registry can be reached hangs for minutes
  docker build --pull=false --build-arg BASE="$base" -t "$tag" "$work/context"
  echo "== done in $(( $(date +%s) - started )) s"
} >>"$log" 2>&1 || { echo "build-image: failed; see $log" >&2; tail -n 20 "$log" >&2; exit 1; }
echo "build-image: $tag built in $(( $(date +%s) - started )) s" >&2
echo "$tag"
