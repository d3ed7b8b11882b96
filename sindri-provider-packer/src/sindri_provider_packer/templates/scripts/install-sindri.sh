#!/bin/sh
# Install the sindri CLI from PyPI and record the profile and extensions to install on first
# start (SINDRI_PROFILE, SINDRI_EXTENSIONS, space-separated).
set -eu
if command -v python3 >/dev/null 2>&1; then
  if [ "${SINDRI_VERSION:-latest}" = latest ]; then spec=sindri-core; else spec="sindri-core==$SINDRI_VERSION"; fi
  python3 -m pip install --quiet "$spec" || python3 -m pip install --quiet --break-system-packages "$spec"
else
  echo "sindri: python3 is missing: cannot install the sindri CLI" >&2
  exit 1
fi
mkdir -p /etc/sindri
printf 'SINDRI_PROFILE=%s\nSINDRI_EXTENSIONS=%s\n' "${SINDRI_PROFILE:-}" "${SINDRI_EXTENSIONS:-}" >> /etc/sindri/image.env
echo "sindri: CLI installed"
