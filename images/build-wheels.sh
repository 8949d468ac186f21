#!/usr/bin/env bash
# Build fakehmc and every runtime dependency as wheels on the host (where the package index is
# reachable), for an offline image build:  images/wheels/deps/*.whl  +  images/wheels/fakehmc-*.whl
# (+ images/wheels/fakehmc-app.tar: that wheel unpacked, see below)
# The dependency wheels are only rebuilt when pyproject.toml changes, and the project wheel is
# reproducible (SOURCE_DATE_EPOCH), so Docker's layer cache stays warm between runs.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
PY="${PYTHON:-$ROOT/.venv/bin/python}"
[ -x "$PY" ] || PY=python3
OUT="$HERE/wheels"
mkdir -p "$OUT/deps"
export SOURCE_DATE_EPOCH=315532800 PIP_DISABLE_PIP_VERSION_CHECK=1

stamp="$OUT/deps/.pyproject.sha256"
want="$(sha256sum "$ROOT/pyproject.toml" | cut -d' ' -f1)"
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ] || ! ls "$OUT"/deps/*.whl >/dev/null 2>&1; then
  echo "build-wheels: dependencies -> $OUT/deps"
  rm -f "$OUT"/deps/*.whl
  # the project's runtime requirements, resolved for this Python (cp311 wheels, as in the image)
  "$PY" -m pip wheel -q --wheel-dir "$OUT/deps" "$ROOT" 2>&1 | grep -vE "^\s*$|BuildBackendWarning|^ " >&2 || true
  rm -f "$OUT"/deps/fakehmc-*.whl
  echo "$want" >"$stamp"
fi

echo "build-wheels: fakehmc -> $OUT"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
# build from a clean copy of what the package is made of (tracked or new, never ignored files)
(cd "$ROOT" && git ls-files -z --cached --others --exclude-standard -- pyproject.toml README.md LICENSE harness fixtures | tar --null -T - -cf - ) | tar -C "$tmp" -xf -
src_hash="$(cd "$tmp" && find . -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum | sha256sum | cut -d' ' -f1)"
if [ "$(cat "$OUT/.sources.sha256" 2>/dev/null)" = "$src_hash" ] && [ -f "$OUT/fakehmc-app.tar" ] \
   && ls "$OUT"/fakehmc-*.whl >/dev/null 2>&1; then
  echo "build-wheels: sources unchanged"
  exit 0
fi
find "$tmp" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +
"$PY" -m pip wheel -q --no-deps --wheel-dir "$tmp/dist" "$tmp" >"$tmp/build.log" 2>&1 || { cat "$tmp/build.log" >&2; exit 1; }
new="$(ls "$tmp"/dist/fakehmc-*.whl)"
if ! cmp -s "$new" "$OUT/$(basename "$new")"; then
  rm -f "$OUT"/fakehmc-*.whl
  cp "$new" "$OUT/"
fi
# The same wheel, unpacked and byte-compiled, as a reproducible tar that the Dockerfile ADDs as its
# last layer: a code change rebuilds one layer (on fuse-overlayfs every build step costs seconds).
"$PY" -m pip install -q --no-deps --no-compile --target "$tmp/app" "$new"
rm -rf "$tmp/app/bin"
"$PY" -m compileall -q --invalidation-mode unchecked-hash "$tmp/app" >/dev/null
tar -C "$tmp/app" --sort=name --mtime="@$SOURCE_DATE_EPOCH" --owner=0 --group=0 --numeric-owner \
    --mode=a+rX,go-w -cf "$tmp/app.tar" .
cmp -s "$tmp/app.tar" "$OUT/fakehmc-app.tar" || cp "$tmp/app.tar" "$OUT/fakehmc-app.tar"
echo "$src_hash" >"$OUT/.sources.sha256"
(cd "$OUT" && ls -1 fakehmc-* deps/*.whl | wc -l | xargs echo "build-wheels: files:")
