#!/usr/bin/env bash
# Makes sure a Docker engine answers: installs Debian's docker.io if needed, starts dockerd, waits.
# Safe to call repeatedly and concurrently (a second call when the engine answers is a no-op).
set -euo pipefail
source "$(dirname "$0")/lib/progress.sh"

log() { echo "ensure-docker: $*" >&2; }
engine_up() { docker info >/dev/null 2>&1; }

if engine_up; then exit 0; fi

lock=/tmp/wave-bench-ensure-docker.lock
exec 9>"$lock"
flock 9
if engine_up; then exit 0; fi

SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi

if ! command -v dockerd >/dev/null 2>&1; then
  with_progress "ensure-docker: apt-get update" $SUDO apt-get update -qq
  with_progress "ensure-docker: installing Debian's docker.io (a few minutes)" $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends docker.io
fi

start_dockerd() {
  log "starting dockerd $*"
  # 9>&-: dockerd must not inherit the lock, or a concurrent caller would wait for it forever.
  $SUDO setsid nohup dockerd "$@" >/tmp/wave-bench-dockerd.log 2>&1 < /dev/null 9>&- &
  for _ in $(seq 1 60); do
    if engine_up; then log "engine is up"; return 0; fi
    sleep 0.5
  done
  return 1
}

if ! start_dockerd; then
  log "dockerd did not answer with default networking; retrying without bridge/iptables"
  $SUDO pkill -x dockerd >/dev/null 2>&1 || true
  sleep 1
  if ! start_dockerd --bridge=none --iptables=false; then
    log "dockerd did not start. Its log (/tmp/wave-bench-dockerd.log) ends with:"
    tail -n 20 /tmp/wave-bench-dockerd.log >&2 || true
    exit 1
  fi
fi
