#!/usr/bin/env bash
# Everything the whole test suite needs beyond npm packages: a Docker engine and Chromium.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
bash "$here/ensure-docker.sh"
bash "$here/ensure-chromium.sh"
