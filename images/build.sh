#!/usr/bin/env bash
# Build the fakehmc image offline:  images/build.sh [--base IMAGE] [--tag TAG]
#   1. wheels of the project and its dependencies, built on the host (images/build-wheels.sh);
#   2. the base: --base, else $FAKEHMC_BASE, else python:3.11-slim if present (or pullable, unless
#      FAKEHMC_PULL=0), else fakehmc-base:bookworm, bootstrapped with debootstrap when absent;
#   3. docker build with --build-arg BASE=... (layers cached: only the project layer changes with code).
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
TAG="${FAKEHMC_IMAGE:-fakehmc:latest}"
BASE="${FAKEHMC_BASE:-}"
SLIM="python:3.11-slim"
BOOTSTRAPPED="fakehmc-base:bookworm"
while [ $# -gt 0 ]; do
  case "$1" in
    --base) BASE="$2"; shift 2 ;;
    --tag) TAG="$2"; shift 2 ;;
    *) echo "usage: $0 [--base IMAGE] [--tag TAG]" >&2; exit 2 ;;
  esac
done

# one build at a time on this machine (parallel test runs share images/ and the Docker engine)
exec 9>"$HERE/.build.lock"
flock 9

have() { docker image inspect "$1" >/dev/null 2>&1; }
if [ -z "$BASE" ]; then
  if have "$SLIM"; then BASE="$SLIM"
  elif have "$BOOTSTRAPPED"; then BASE="$BOOTSTRAPPED"
  elif [ "${FAKEHMC_PULL:-1}" != 0 ] && timeout 30 docker pull -q "$SLIM" >/dev/null 2>&1; then BASE="$SLIM"
  else "$HERE/bootstrap-base.sh" "$BOOTSTRAPPED"; BASE="$BOOTSTRAPPED"
  fi
fi
"$HERE/build-wheels.sh" >/dev/null
echo "build: $TAG from $BASE"
DOCKER_BUILDKIT=0 docker build -q --build-arg "BASE=$BASE" --label "fakehmc.base=$BASE" -t "$TAG" "$HERE" >/dev/null
echo "build: $TAG $(docker image inspect -f '{{.Size}}' "$TAG" | awk '{printf "%.0f MB", $1/1e6}')"
# earlier builds of this image that a new one untagged
docker image prune -f --filter "label=fakehmc.base" >/dev/null 2>&1 || true
