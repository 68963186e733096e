#!/usr/bin/env bash
# npm test: the whole suite. Browser tests need Debian's chromium; npm cannot install it, so this
# script does (apt-get, when it runs as root), or stops and names the command. It never skips them.
set -euo pipefail
cd "$(dirname "$0")/.."

CHROMIUM=${CHROMIUM_PATH:-/usr/bin/chromium}
if [ ! -x "$CHROMIUM" ]; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
    echo "chromium is missing: installing Debian's chromium for the browser tests (apt-get)…"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "The browser tests need Debian's chromium at $CHROMIUM. Install it with:" >&2
    echo "  sudo apt-get update && sudo apt-get install -y chromium" >&2
    exit 1
  fi
fi

echo "== typecheck"
npx tsc --noEmit
echo "== tests"
npx vitest run "$@"
