#!/bin/sh
# Headless Chromium for the browser test of the Inline XBRL report (tests/test_inline.py).
# Debian's package; installed only when missing, so repeated `make test` runs stay offline.
set -eu
if [ -x /usr/bin/chromium ]; then
    exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
    echo "install-chromium: /usr/bin/chromium is missing and installing it needs root (apt-get)" >&2
    exit 1
fi
apt-get update
DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium
