#!/usr/bin/env bash
# Installs what the browser tests need and the project does not pin:
# Debian's Chromium (driven by playwright-core from web/node_modules, which
# downloads no browser of its own) and aiosmtpd for the SMTP sink.
set -euo pipefail
if [ ! -x "${CHROMIUM:-/usr/bin/chromium}" ]; then
    echo "web/e2e/install-browser.sh: installing chromium"
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium
fi
if ! python3 -c "import aiosmtpd" 2>/dev/null; then
    echo "web/e2e/install-browser.sh: installing aiosmtpd"
    python3 -m pip install --quiet aiosmtpd
fi
