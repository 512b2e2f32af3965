#!/usr/bin/env bash
# Installs the real coding-agent CLIs (offline they only answer --help and parse flags) into
# .cache/agent-clis, so the adapter tests run their real argument parsers. Versions that work on Node 20.
set -euo pipefail
source "$(dirname "$0")/lib/progress.sh"
root="$(cd "$(dirname "$0")/.." && pwd)"
dir="$root/.cache/agent-clis"
if [[ -x "$dir/node_modules/.bin/codex" && -x "$dir/node_modules/.bin/claude" && -x "$dir/node_modules/.bin/opencode" ]]; then
  echo "agent CLIs already installed in $dir"
  exit 0
fi
mkdir -p "$dir"
with_progress "ensure-agent-clis: npm install codex, claude, opencode (a few minutes)" \
  npm install --prefix "$dir" --no-save --no-audit --no-fund \
  @openai/codex@0.169 @anthropic-ai/claude-code@2.1.197 opencode-ai@1.18
for bin in codex claude opencode; do
  [[ -x "$dir/node_modules/.bin/$bin" ]] || { echo "ensure-agent-clis: $bin did not install" >&2; exit 1; }
done
echo "agent CLIs installed in $dir"
