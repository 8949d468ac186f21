#!/usr/bin/env bash
# Build the partition image with a real userland offline:  images/build-userland.sh [--base IMAGE] [--tag TAG]
#   1. the base: --base, else $FAKEHMC_USERLAND_BASE, else fakehmc-userland-base:bookworm, bootstrapped
#      with debootstrap (openssh-server, ksh, python3) when absent; python:3.11-slim works too (the
#      Dockerfile then installs the packages with apt-get);
#   2. the context: the guest (shims + init) and the relay (LAN prober) from harness/runtime, and the
#      shim manifest made from the fake's command registries;
#   3. docker build (layers cached: a code change rebuilds only the last two layers).
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(dirname "$HERE")"
TAG="${FAKEHMC_USERLAND_IMAGE:-fakehmc-userland:latest}"
BASE="${FAKEHMC_USERLAND_BASE:-}"
BOOTSTRAPPED="fakehmc-userland-base:bookworm"
PYTHON="${PYTHON:-$( [ -x "$ROOT/.venv/bin/python" ] && echo "$ROOT/.venv/bin/python" || echo python3)}"
while [ $# -gt 0 ]; do
  case "$1" in
    --base) BASE="$2"; shift 2 ;;
    --tag) TAG="$2"; shift 2 ;;
    *) echo "usage: $0 [--base IMAGE] [--tag TAG]" >&2; exit 2 ;;
  esac
done

exec 9>"$HERE/.build-userland.lock"   # one build at a time (parallel test runs share the context)
flock 9

if [ -z "$BASE" ]; then
  BASE="$BOOTSTRAPPED"
  if ! docker image inspect "$BASE" >/dev/null 2>&1; then
    EXTRA_PACKAGES=openssh-server,openssh-sftp-server,ksh,procps "$HERE/bootstrap-base.sh" "$BASE"
  fi
fi
CTX="$HERE/userland"
cp "$ROOT/harness/runtime/userland_guest.py" "$CTX/guest.py"
cp "$ROOT/harness/runtime/relay.py" "$CTX/relay.py"
(cd "$ROOT" && "$PYTHON" -m harness.runtime.userland manifest) > "$CTX/shims.json.new"
mv "$CTX/shims.json.new" "$CTX/shims.json"
echo "build: $TAG from $BASE"
DOCKER_BUILDKIT=0 docker build -q --build-arg "BASE=$BASE" --label "fakehmc.userland-base=$BASE" -t "$TAG" "$CTX" >/dev/null
echo "build: $TAG $(docker image inspect -f '{{.Size}}' "$TAG" | awk '{printf "%.0f MB", $1/1e6}')"
docker image prune -f --filter "label=fakehmc.userland-base" >/dev/null 2>&1 || true
