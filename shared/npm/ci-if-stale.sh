#!/bin/sh
# Installs the packages pinned by package-lock.json, unless node_modules already holds exactly them:
# repeated builds stay fast and work offline. The stamp is written only after a successful `npm ci`.
# Works on this directory, or on the package directory given as the argument (the dashboard's).
set -eu
cd "${1:-$(dirname "$0")}"
stamp=node_modules/.adstream-installed-lock.json
if cmp -s package-lock.json "$stamp" 2>/dev/null; then
  exit 0
fi
npm ci --no-audit --no-fund
cp package-lock.json "$stamp"
