#!/bin/sh
# Last provisioning step: leave nothing of the build in the image. CLEAN_SENSITIVE_DATA
# removes shell histories, temporary files and logs; REMOVE_SSH_KEYS removes host keys
# (regenerated at first boot) and the build user's authorized keys.
set -eu
if [ "${CLEAN_SENSITIVE_DATA:-true}" = true ]; then
  rm -f /root/.bash_history /home/*/.bash_history /root/.ash_history /home/*/.ash_history
  find /tmp /var/tmp -mindepth 1 -maxdepth 1 ! -name 'script_*' ! -name 'packer*' -exec rm -rf {} + 2>/dev/null || true
  if [ -d /var/log ]; then
    find /var/log -type f -exec sh -c ': > "$1"' _ {} \; 2>/dev/null || true
  fi
  rm -rf /var/lib/cloud/instances 2>/dev/null || true
fi
if [ "${REMOVE_SSH_KEYS:-true}" = true ]; then
  rm -f /etc/ssh/ssh_host_*_key /etc/ssh/ssh_host_*_key.pub
  rm -f /root/.ssh/authorized_keys /home/*/.ssh/authorized_keys
fi
echo "sindri: cleanup done"
