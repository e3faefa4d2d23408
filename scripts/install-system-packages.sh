#!/bin/sh
# Debian packages the tests need: Chromium for the browser tests; Pango, HarfBuzz and the
# DejaVu fonts for PDF export (WeasyPrint); poppler-utils (pdftotext, pdffonts) to read
# the PDFs back; LibreOffice Writer to open the Word exports (and show their tracked changes);
# pandoc to accept and reject the Word exports' tracked changes (--track-changes).
# Installed with apt-get when missing (as root, or through sudo); where that is impossible,
# the browser tests say why they are skipped (and fail under CI).
set -eu
missing=""
[ -x /usr/bin/chromium ] || missing="$missing chromium"
for package in libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core \
        poppler-utils libreoffice-writer-nogui pandoc; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "ok installed" \
        || missing="$missing $package"
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" = "0" ]; then
    apt="apt-get"
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    apt="sudo apt-get"
else
    echo "note: cannot install$missing (needs root); the browser and PDF tests will be skipped" >&2
    exit 0
fi
echo "installing$missing with apt-get" >&2
$apt update -q >/dev/null
DEBIAN_FRONTEND=noninteractive $apt install -y -q --no-install-recommends $missing >/dev/null
