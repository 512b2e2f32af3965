#!/usr/bin/env bash
# Everything the whole test suite needs beyond npm packages: a Docker engine, Chromium, and the
# real agent CLIs (for their argument parsers), the system python3 the fixture image copies, and a
# single-node Docker Swarm with a local registry (the --backend swarm tests).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
steps=(ensure-python ensure-docker ensure-chromium ensure-agent-clis ensure-swarm)
for i in "${!steps[@]}"; do
  step="${steps[$i]}"
  start=$SECONDS
  echo "setup-test-env [$((i + 1))/${#steps[@]}] $step" >&2
  bash "$here/$step.sh"
  echo "setup-test-env [$((i + 1))/${#steps[@]}] $step: ok ($((SECONDS - start)) s)" >&2
done
