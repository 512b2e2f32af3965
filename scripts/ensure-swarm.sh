#!/usr/bin/env bash
# Makes sure this engine is a Docker Swarm manager and a local image registry answers on it:
# `docker swarm init` (single node) when the engine is in no swarm, and Debian's docker-registry
# (distribution 2.8) on 127.0.0.1:${WAVE_BENCH_REGISTRY_PORT:-5000}, data under /var/lib/wave-bench-registry.
# Safe to call repeatedly and concurrently (a lock; a second call when both answer is a no-op).
# Prints the registry address (HOST:PORT) on stdout. See docs/cluster.md.
#
# The offline job network is a swarm-scoped bridge. When an engine restarts it keeps a stale
# node-local copy of such a network and then rejects every task that joins it ("network <id>
# exists"; moby/moby#37087, still open). So the network is made again when this engine started
# after it was made, and `--renew-network` makes it again unconditionally (after a worker restarted).
set -euo pipefail
renew=0
case "${1:-}" in
  --renew-network) renew=1 ;;
  "") ;;
  *) echo "usage: ensure-swarm.sh [--renew-network]" >&2; exit 2 ;;
esac

here="$(cd "$(dirname "$0")" && pwd)"
log() { echo "ensure-swarm: $*" >&2; }
port="${WAVE_BENCH_REGISTRY_PORT:-5000}"
registry="127.0.0.1:${port}"

swarm_state() { docker info --format '{{.Swarm.LocalNodeState}}/{{.Swarm.ControlAvailable}}' 2>/dev/null || echo "unknown/false"; }
registry_up() { curl -fsS -m 2 "http://${registry}/v2/" >/dev/null 2>&1; }
offline_up() { docker network inspect wave-bench-offline >/dev/null 2>&1; }
agents_up() { docker network inspect wave-bench-agents >/dev/null 2>&1; }
# Whether this engine (a local dockerd) started after the offline network was made.
offline_stale() {
  local pid started made
  pid="$(pidof dockerd 2>/dev/null | awk '{print $1}')" || return 1
  [ -n "$pid" ] || return 1
  started="$(date -d "$(ps -o lstart= -p "$pid")" +%s)" || return 1
  made="$(date -d "$(docker network inspect -f '{{.Created}}' wave-bench-offline | sed 's/ UTC$//')" +%s)" || return 1
  [ "$started" -gt "$made" ]
}
ready() { [ "$renew" = 0 ] && [ "$(swarm_state)" = "active/true" ] && registry_up && offline_up && agents_up && ! offline_stale; }

bash "$here/ensure-docker.sh"
if ready; then echo "$registry"; exit 0; fi

lock=/tmp/wave-bench-ensure-swarm.lock
exec 9>"$lock"
flock 9
if ready; then echo "$registry"; exit 0; fi

SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi

state="$(swarm_state)"
case "$state" in
  active/true) ;;
  active/false)
    log "this engine is a swarm worker, not a manager: run wave-bench from a manager (docs/cluster.md)"
    exit 1 ;;
  inactive/*)
    # The address other nodes would reach this manager on: WAVE_BENCH_SWARM_ADDR, else the host's
    # first address, else loopback (a single-node swarm needs no other).
    addr="${WAVE_BENCH_SWARM_ADDR:-$(hostname -I 2>/dev/null | awk '{print $1}')}"
    addr="${addr:-127.0.0.1}"
    log "docker swarm init --advertise-addr $addr"
    if ! docker swarm init --advertise-addr "$addr" >/dev/null; then
      log "swarm init on $addr failed; retrying on loopback"
      docker swarm init --advertise-addr 127.0.0.1 --listen-addr 127.0.0.1:2377 >/dev/null
    fi ;;
  *)
    log "swarm state is '$state' (pending or error): see 'docker info' and docs/cluster.md"
    exit 1 ;;
esac

# Right after the engine (re)starts, the manager answers before it has a leader: wait for one.
for _ in $(seq 1 120); do
  if docker node ls >/dev/null 2>&1; then break; fi
  sleep 0.25
done

if offline_up && { [ "$renew" = 1 ] || offline_stale; }; then
  log "making the wave-bench-offline network again (this engine restarted since it was made, or --renew-network)"
  if ! docker network rm wave-bench-offline >/dev/null; then
    log "wave-bench-offline is in use by running jobs: run this again when they have ended"
    exit 1
  fi
  for _ in $(seq 1 80); do
    if ! offline_up; then break; fi
    sleep 0.25
  done
  if offline_up; then
    log "the swarm has not finished removing wave-bench-offline: run this again in a minute"
    exit 1
  fi
fi

# Swarm tasks cannot use the engine's `none` network: jobs without network join this one instead,
# an internal bridge on each node (no route off the node) with container-to-container traffic off.
if ! offline_up; then
  log "creating the wave-bench-offline network (internal bridge, icc off)"
  docker network inspect wave-bench-offline-cfg >/dev/null 2>&1 ||
    docker network create --config-only -o com.docker.network.bridge.enable_icc=false wave-bench-offline-cfg >/dev/null
  docker network create --scope swarm --internal --config-from wave-bench-offline-cfg -d bridge \
    wave-bench-offline >/dev/null
fi
if ! agents_up; then
  # Agent jobs' only network: an internal overlay (no route off it), where they reach the run's gateway.
  log "creating the wave-bench-agents network (internal overlay)"
  docker network create -d overlay --internal wave-bench-agents >/dev/null
fi

if ! registry_up; then
  bin="$(command -v docker-registry || true)"
  if [ -z "$bin" ]; then
    log "installing Debian's docker-registry"
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends docker-registry >/dev/null 2>&1 ||
      { $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends docker-registry >/dev/null; }
    bin="$(command -v docker-registry)"
  fi
  conf=/etc/wave-bench/registry.yml
  $SUDO mkdir -p /etc/wave-bench /var/lib/wave-bench-registry
  # Our own config (the package's service may also run on :5000 with its own; we never edit it).
  $SUDO tee "$conf" >/dev/null <<EOF
version: 0.1
log:
  level: warn
storage:
  filesystem:
    rootdirectory: /var/lib/wave-bench-registry
  delete:
    enabled: true
http:
  addr: ${WAVE_BENCH_REGISTRY_LISTEN:-$registry}
EOF
  log "starting docker-registry on $registry"
  $SUDO setsid nohup "$bin" serve "$conf" >/tmp/wave-bench-registry.log 2>&1 </dev/null 9>&- &
  for _ in $(seq 1 40); do
    if registry_up; then break; fi
    sleep 0.25
  done
  if ! registry_up; then
    log "the registry did not answer. Its log (/tmp/wave-bench-registry.log) ends with:"
    tail -n 20 /tmp/wave-bench-registry.log >&2 || true
    exit 1
  fi
fi
echo "$registry"
