#!/bin/sh
# First provisioning step: record what Sindri baked in and make the configured environment
# variables (passed by Packer as SINDRI_ENV_NAMES plus one variable each) permanent.
set -eu
mkdir -p /etc/sindri
printf 'SINDRI_VERSION=%s\n' "${SINDRI_VERSION:-latest}" > /etc/sindri/image.env
mkdir -p /etc/profile.d
: > /etc/profile.d/sindri.sh
for name in ${SINDRI_ENV_NAMES:-}; do
  eval "value=\${$name}"
  # Single-quote the value; a ' inside becomes '\''.
  quoted=$(printf '%s' "$value" | sed "s/'/'\\\\''/g")
  printf "export %s='%s'\n" "$name" "$quoted" >> /etc/profile.d/sindri.sh
done
echo "sindri: image prepared (SINDRI_VERSION=${SINDRI_VERSION:-latest})"
