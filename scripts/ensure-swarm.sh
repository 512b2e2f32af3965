#!/usr/bin/env bash
# Makes sure this engine is a Docker Swarm manager and a local image registry answers on it:
# `docker swarm init` (single node) when the engine is in no swarm, and Debian's docker-registry
# (distribution 2.8) on 127.0.0.1:${WAVE_BENCH_REGISTRY_PORT:-5000}, data under /var/lib/wave-bench-registry.
# Safe to call repeatedly and concurrently (a lock; a second call when both answer is a no-op).
# Prints the registry address (HOST:PORT) on stdout. See docs/cluster.md.
#
# Jobs without network each get an --internal overlay of their own from wave-bench itself; the one
# network made here is wave-bench-agents, the internal overlay agent jobs join. (Earlier versions
# made swarm-scoped bridges, wave-bench-offline*, for those jobs; they are removed when unused.)
set -euo pipefail
if [ $# -gt 0 ]; then echo "usage: ensure-swarm.sh" >&2; exit 2; fi

here="$(cd "$(dirname "$0")" && pwd)"
log() { echo "ensure-swarm: $*" >&2; }
port="${WAVE_BENCH_REGISTRY_PORT:-5000}"
registry="127.0.0.1:${port}"

swarm_state() { docker info --format '{{.Swarm.LocalNodeState}}/{{.Swarm.ControlAvailable}}' 2>/dev/null || echo "unknown/false"; }
registry_up() { curl -fsS -m 2 "http://${registry}/v2/" >/dev/null 2>&1; }
legacy() { docker network ls --format '{{.Name}}' 2>/dev/null | grep '^wave-bench-offline' | grep -v -- '-cfg$' || true; }
legacy_up() { [ -n "$(legacy)" ]; }
agents_up() { docker network inspect wave-bench-agents >/dev/null 2>&1; }
ready() { [ "$(swarm_state)" = "active/true" ] && registry_up && agents_up && ! legacy_up; }

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

# An earlier version's offline bridge (see the top): a stale copy of it broke every job after an
# engine restart. Nothing uses it now.
for net in $(legacy); do
  log "removing the $net network of an earlier wave-bench (jobs now get networks of their own)"
  docker network rm "$net" >/dev/null 2>&1 || log "$net is still in use; it is harmless and goes on a later call"
done
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
