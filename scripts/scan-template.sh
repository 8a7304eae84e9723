#!/usr/bin/env bash
# Runs the independent template scanners (cfn-lint, checkov) on synthesized CloudFormation templates and
# fails on any finding that infra-cdk/scanners/suppressions.yaml does not justify.
#
#   scripts/scan-template.sh TEMPLATE.json [TEMPLATE.json ...]
#
# `./mvnw verify` runs it on the templates the infra-cdk tests synthesize (infra-cdk/target/scan/); by hand,
# after `npx cdk synth -q`: scripts/scan-template.sh cdk.out/*.template.json
#
# The scanners live in a project-local venv (.adstream/scanners-venv) built from
# infra-cdk/scanners/requirements.txt (every file pinned by hash, wheels only). Idempotent: the venv records
# the hash of the requirements it was built from and is rebuilt only when they or the interpreter change.
# Both scanners run offline. The interpreter is $ADSTREAM_PYTHON if set, else the first Python 3.10-3.13 on PATH.
set -euo pipefail

[ "$#" -ge 1 ] || { echo "usage: $0 TEMPLATE.json [TEMPLATE.json ...]" >&2; exit 2; }
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
scanners="$root/infra-cdk/scanners"
requirements="$scanners/requirements.txt"
venv="$root/.adstream/scanners-venv"
log="$root/.adstream/logs/scanners-setup.log"
stamp="$venv/adstream-requirements.sha256"
mkdir -p "$(dirname "$log")"

supported() { "$1" -c 'import sys; sys.exit(0 if (3, 10) <= sys.version_info[:2] <= (3, 13) else 1)' >/dev/null 2>&1; }
python=""
if [ -n "${ADSTREAM_PYTHON:-}" ]; then
  supported "$ADSTREAM_PYTHON" || { echo "ADSTREAM_PYTHON=$ADSTREAM_PYTHON is not a Python 3.10-3.13" >&2; exit 2; }
  python="$ADSTREAM_PYTHON"
else
  for candidate in python3.13 python3.12 python3.11 python3.10 python3; do
    if command -v "$candidate" >/dev/null 2>&1 && supported "$candidate"; then python="$candidate"; break; fi
  done
fi
[ -n "$python" ] || { echo "the template scanners need Python 3.10-3.13 (none found on PATH; or set ADSTREAM_PYTHON)" >&2; exit 2; }

want="$("$python" -c 'import hashlib, sys; print(hashlib.sha256(open(sys.argv[1], "rb").read()).hexdigest())' "$requirements")"
want="$want $("$python" -c 'import sys; print("%d.%d" % sys.version_info[:2])')"
if ! { [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && [ -x "$venv/bin/cfn-lint" ] && [ -x "$venv/bin/checkov" ]; }; then
  echo "adstream: installing cfn-lint and checkov into .adstream/scanners-venv (first run, or their requirements changed); log: $log" >&2
  started=$(date +%s)
  {
    echo "== $(date -u +%FT%TZ) building $venv with $("$python" --version 2>&1) from $requirements"
    rm -rf "$venv"
    "$python" -m venv "$venv"
    "$venv/bin/python" -m pip install --disable-pip-version-check --no-input --require-hashes \
      --only-binary :all: -r "$requirements"
    echo "$want" > "$stamp"
    echo "== done in $(( $(date +%s) - started )) s"
  } >>"$log" 2>&1 || { echo "scanner venv setup failed; see $log" >&2; tail -n 20 "$log" >&2; exit 1; }
  echo "adstream: scanners installed in $(( $(date +%s) - started )) s" >&2
fi

out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
# each tool runs once over every template; both exit non-zero when they find anything: the check decides
"$venv/bin/cfn-lint" --format json -- "$@" > "$out/cfn-lint.json" || true
# offline: no platform upload, no download of external checks
BC_SKIP_MAPPING=TRUE "$venv/bin/checkov" --quiet --compact --framework cloudformation --skip-download -o json \
  $(printf -- '-f %s ' "$@") > "$out/checkov.json" || true
"$venv/bin/python" "$scanners/check_findings.py" "$scanners/suppressions.yaml" "$out/cfn-lint.json" "$out/checkov.json"
