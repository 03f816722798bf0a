#!/usr/bin/env bash
# Installs what the browser tests need and the project does not pin:
# Debian's Chromium (driven by playwright-core from web/node_modules, which
# downloads no browser of its own), Debian's Noto CJK fonts (so the
# screenshots show Chinese rather than empty boxes) and aiosmtpd for the SMTP
# sink. Each only when missing.
set -euo pipefail
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
updated=""
apt_install() {
    if [ -z "$updated" ]; then
        $sudo apt-get update -qq
        updated=1
    fi
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$@"
}
if [ ! -x "${CHROMIUM:-/usr/bin/chromium}" ]; then
    echo "web/e2e/install-browser.sh: installing chromium"
    apt_install chromium
fi
if ! dpkg-query -W -f='${Status}' fonts-noto-cjk 2>/dev/null | grep -q "install ok installed"; then
    echo "web/e2e/install-browser.sh: installing fonts-noto-cjk"
    apt_install fonts-noto-cjk
fi
if ! python3 -c "import aiosmtpd" 2>/dev/null; then
    echo "web/e2e/install-browser.sh: installing aiosmtpd"
    python3 -m pip install --quiet aiosmtpd
fi
