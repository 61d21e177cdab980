#!/usr/bin/env bash
# Makes sure Debian's chromium is installed for the browser tests. Never downloads
# a browser of its own: it uses apt-get (as root) or fails with one clear line.
set -euo pipefail
if command -v chromium >/dev/null 2>&1; then exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "racecourse: installing Debian's chromium for the browser tests (apt-get)…"
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
    || { echo "racecourse: could not install chromium with apt-get; install it with 'sudo apt-get install -y chromium' and run the tests again." >&2; exit 1; }
  exit 0
fi
echo "racecourse: the browser tests need Debian's chromium at /usr/bin/chromium; install it with 'sudo apt-get install -y chromium' and run the tests again." >&2
exit 1
