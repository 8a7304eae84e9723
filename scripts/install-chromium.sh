#!/bin/sh
# Installs Debian's headless-capable Chromium for the dashboard's browser test, unless it is already there.
# The test drives it over the DevTools protocol, so no separate driver binary is needed.
# Needs root (CI runs as root) or password-less sudo; ADSTREAM_CHROMIUM names another binary to skip this.
set -eu
if [ -n "${ADSTREAM_CHROMIUM:-}" ] && [ -x "$ADSTREAM_CHROMIUM" ]; then
  exit 0
fi
if [ -x /usr/bin/chromium ]; then
  exit 0
fi
if [ "$(id -u)" -eq 0 ]; then
  as_root=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  as_root="sudo -n"
else
  echo "install-chromium.sh: /usr/bin/chromium is missing and this user cannot install it;" >&2
  echo "  run as root: apt-get update && apt-get install -y chromium (or set ADSTREAM_CHROMIUM)" >&2
  exit 1
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "install-chromium.sh: no apt-get here; install Chromium and set ADSTREAM_CHROMIUM to its binary" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
$as_root apt-get update -qq
$as_root apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null
/usr/bin/chromium --version
