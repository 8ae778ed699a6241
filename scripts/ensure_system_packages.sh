#!/usr/bin/env bash
# System packages the tests need: Debian's chromium for the browser tests (driven by
# Playwright; Playwright's own browser download is not used) and Pango for WeasyPrint's
# PDF reports. Install what is missing when we may.
set -eu
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
ldconfig -p 2>/dev/null | grep -q libpangoft2-1.0 || missing+=(libpango-1.0-0 libpangoft2-1.0-0)
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "== installing ${missing[*]}"
  apt-get install -y -q "${missing[@]}" >/dev/null 2>&1 || { apt-get update -q >/dev/null && apt-get install -y -q "${missing[@]}" >/dev/null; }
else
  echo "missing system packages: ${missing[*]} (sudo apt-get install ${missing[*]})" >&2
  exit 1
fi
