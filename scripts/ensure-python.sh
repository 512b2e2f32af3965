#!/usr/bin/env bash
# The fixture base image carries the system python3 (SWE-bench Pro's parser.py runs inside the task
# container). Installs Debian's python3-minimal when /usr/bin/python3 is missing. Safe to repeat.
set -euo pipefail
source "$(dirname "$0")/lib/progress.sh"
if [ -x /usr/bin/python3 ]; then exit 0; fi
SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
exec 9>/tmp/wave-bench-apt.lock
flock 9
with_progress "ensure-python: apt-get update" $SUDO apt-get update -qq
with_progress "ensure-python: installing Debian's python3-minimal" $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends python3-minimal
[ -x /usr/bin/python3 ] || { echo "ensure-python: /usr/bin/python3 is still missing after installing python3-minimal" >&2; exit 1; }
