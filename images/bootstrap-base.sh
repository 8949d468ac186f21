#!/usr/bin/env bash
# Bootstrap a small Debian bookworm base image with Python 3.11 when no registry can be reached:
#   debootstrap --variant=minbase, then `docker import`. Skipped when the image already exists.
# Usage: images/bootstrap-base.sh [IMAGE]   (default fakehmc-base:bookworm)
# Env: DEBIAN_MIRROR (default http://deb.debian.org/debian), FORCE=1 rebuilds,
#      EXTRA_PACKAGES (comma-separated, added to --include: the userland base, images/userland/).
set -euo pipefail
IMAGE="${1:-fakehmc-base:bookworm}"
MIRROR="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
HERE="$(cd "$(dirname "$0")" && pwd)"

exec 8>"$HERE/.bootstrap.lock"   # one bootstrap at a time; the others find the image built
flock 8
if [ -z "${FORCE:-}" ] && docker image inspect "$IMAGE" >/dev/null 2>&1; then
  echo "bootstrap-base: $IMAGE already exists"
  exit 0
fi
if ! command -v debootstrap >/dev/null 2>&1; then
  echo "bootstrap-base: debootstrap is missing (apt-get install -y debootstrap)" >&2
  exit 3
fi
if [ "$(id -u)" != 0 ]; then
  echo "bootstrap-base: debootstrap needs root" >&2
  exit 1
fi

ROOTFS="$(mktemp -d "$HERE/rootfs-bookworm.XXXXXX")"
trap 'rm -rf "$ROOTFS"' EXIT
INCLUDE="python3,python3-venv,ca-certificates,iptables,iproute2,iputils-ping${EXTRA_PACKAGES:+,$EXTRA_PACKAGES}"
debootstrap --variant=minbase --include="$INCLUDE" \
  bookworm "$ROOTFS" "$MIRROR" >"$HERE/.bootstrap-$(basename "${IMAGE%%:*}").log" 2>&1 || { tail -30 "$HERE/.bootstrap-$(basename "${IMAGE%%:*}").log" >&2; exit 1; }

# slim it: no apt lists, docs, man pages or caches in the image
chroot "$ROOTFS" apt-get clean
rm -rf "$ROOTFS"/var/lib/apt/lists/* "$ROOTFS"/usr/share/doc/* "$ROOTFS"/usr/share/man/* \
       "$ROOTFS"/usr/share/info/* "$ROOTFS"/var/cache/debconf/*-old "$ROOTFS"/var/log/*.log
find "$ROOTFS"/usr/share/locale -mindepth 1 -maxdepth 1 ! -name 'locale.alias' -exec rm -rf {} + 2>/dev/null || true
find "$ROOTFS"/usr/lib/python3* -name '__pycache__' -prune -exec rm -rf {} + 2>/dev/null || true
printf 'deb %s bookworm main\n' "$MIRROR" >"$ROOTFS/etc/apt/sources.list"

tar -C "$ROOTFS" -c . | docker import \
  --change 'ENV LANG=C.UTF-8 PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  --change 'CMD ["/bin/bash"]' \
  --message "fakehmc base: debootstrap minbase bookworm + $INCLUDE" - "$IMAGE" >/dev/null
echo "bootstrap-base: built $IMAGE ($(docker image inspect -f '{{.Size}}' "$IMAGE") bytes)"
