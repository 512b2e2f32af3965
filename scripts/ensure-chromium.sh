#!/usr/bin/env bash
# Installs Debian's chromium for the HTML report's browser test, if it is not there yet.
set -euo pipefail
source "$(dirname "$0")/lib/progress.sh"
if [ -x /usr/bin/chromium ]; then exit 0; fi
SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
exec 9>/tmp/wave-bench-ensure-chromium.lock
flock 9
if [ -x /usr/bin/chromium ]; then exit 0; fi
with_progress "ensure-chromium: apt-get update" $SUDO apt-get update -qq
with_progress "ensure-chromium: installing Debian's chromium (a few minutes)" $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core
