#!/bin/sh
# A CIS level 1 baseline for Ubuntu-like images: kernel network settings, SSH daemon settings,
# permissions of sensitive files. Each step applies only where its file exists.
set -eu
echo "sindri: applying CIS level ${CIS_LEVEL:-1} hardening"
if [ -d /etc/sysctl.d ]; then
  cat > /etc/sysctl.d/60-sindri-cis.conf <<'CONF'
net.ipv4.ip_forward = 0
net.ipv4.conf.all.send_redirects = 0
net.ipv4.conf.default.send_redirects = 0
net.ipv4.conf.all.accept_source_route = 0
net.ipv4.conf.all.accept_redirects = 0
net.ipv4.conf.all.log_martians = 1
net.ipv4.tcp_syncookies = 1
kernel.randomize_va_space = 2
CONF
fi
if [ -d /etc/ssh/sshd_config.d ]; then
  cat > /etc/ssh/sshd_config.d/60-sindri-cis.conf <<'CONF'
PermitRootLogin no
PermitEmptyPasswords no
X11Forwarding no
MaxAuthTries 4
ClientAliveInterval 300
ClientAliveCountMax 3
CONF
fi
for file in /etc/passwd /etc/group; do [ -f "$file" ] && chmod 644 "$file"; done
for file in /etc/shadow /etc/gshadow; do [ -f "$file" ] && chmod 640 "$file"; done
[ -f /etc/crontab ] && chmod 600 /etc/crontab
echo "sindri: hardening done"
