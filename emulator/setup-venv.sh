#!/usr/bin/env bash
# Creates the project-local venv of one embedded emulator (.adstream/venv-<emulator>) from
# emulator/<emulator>/requirements.txt: every file pinned by hash, wheels only.
#
# Usage: emulator/setup-venv.sh ministack|moto
#
# Idempotent: the venv records the hash of the requirements it was built from, and a run whose
# requirements or interpreter no longer match rebuilds it from scratch. The embedded emulator runs
# this before it starts (under a lock, so that parallel JVMs build it once); it can also be run by
# hand. Output goes to .adstream/logs/venv-<emulator>-setup.log.
#
# The interpreter is $ADSTREAM_PYTHON if set, else the first python3.13 ... python3.9, python3 on PATH
# whose version the emulator's pinned requirements install on (MiniStack 3.10-3.13, moto 3.9-3.13).
# Exit code 3 means no such Python was found.
set -euo pipefail

emulator="${1:-}"
case "$emulator" in
  ministack) min_minor=10 ;;
  moto) min_minor=9 ;;
  *) echo "usage: $0 ministack|moto" >&2; exit 2 ;;
esac

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
requirements="$root/emulator/$emulator/requirements.txt"
venv="$root/.adstream/venv-$emulator"
log="$root/.adstream/logs/venv-$emulator-setup.log"
stamp="$venv/adstream-requirements.sha256"

mkdir -p "$(dirname "$log")"

supported() {
  "$1" -c "import sys; sys.exit(0 if (3, $min_minor) <= sys.version_info[:2] <= (3, 13) else 1)" >/dev/null 2>&1
}

python=""
if [ -n "${ADSTREAM_PYTHON:-}" ]; then
  supported "$ADSTREAM_PYTHON" || { echo "ADSTREAM_PYTHON=$ADSTREAM_PYTHON is not a Python 3.$min_minor-3.13 ($emulator needs one)" >&2; exit 3; }
  python="$ADSTREAM_PYTHON"
else
  for candidate in python3.13 python3.12 python3.11 python3.10 python3.9 python3; do
    if command -v "$candidate" >/dev/null 2>&1 && supported "$candidate"; then python="$candidate"; break; fi
  done
fi
[ -n "$python" ] || { echo "$emulator needs Python 3.$min_minor-3.13 (none found on PATH; or set ADSTREAM_PYTHON)" >&2; exit 3; }

# hashlib instead of sha256sum/shasum: the one tool every platform here is sure to have is Python
want="$("$python" -c 'import hashlib, sys; print(hashlib.sha256(open(sys.argv[1], "rb").read()).hexdigest())' "$requirements")"
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && "$venv/bin/python" -c "import $emulator" >/dev/null 2>&1; then
  exit 0
fi

echo "adstream: installing the $emulator AWS emulator into .adstream/venv-$emulator (first run, or its requirements changed); log: $log" >&2
started=$(date +%s)
{
  echo "== $(date -u +%FT%TZ) building $venv with $("$python" --version 2>&1) from $requirements"
  rm -rf "$venv"
  "$python" -m venv "$venv"
  # --require-hashes: every file must match a pinned hash; --only-binary: wheels only, nothing compiles
  "$venv/bin/python" -m pip install --disable-pip-version-check --no-input --require-hashes \
    --only-binary :all: -r "$requirements"
  echo "$want" > "$stamp"
  echo "== done in $(( $(date +%s) - started )) s"
} >>"$log" 2>&1 || { echo "$emulator venv setup failed; see $log" >&2; tail -n 20 "$log" >&2; exit 1; }
echo "adstream: $emulator installed in $(( $(date +%s) - started )) s" >&2
