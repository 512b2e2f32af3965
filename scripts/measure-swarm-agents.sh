#!/usr/bin/env bash
# Per-item time of real-CLI agents as swarm jobs against the local backend (docs/cluster.md,
# "Agents as swarm jobs"): starts the scripted model endpoint, then runs the fixture task under
# single-agent and full-wave with codex, alternating --backend local and swarm, REPS times each
# (concurrency 1), and prints each run's wall time and per-item durations, then the mean ratio.
# Needs the engine, a swarm (scripts/ensure-swarm.sh), the agent CLIs (scripts/ensure-agent-clis.sh)
# and a build (npm run build). Usage: bash scripts/measure-swarm-agents.sh [REPS]
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
reps="${1:-3}"
work="$(mktemp -d /tmp/wave-bench-measure-XXXXXX)"
cd "$here"
cat > "$work/scenario.json" <<'JSON'
{"steps":[{"kind":"read","path":"src/calc.js"},{"kind":"edit","path":"src/calc.js","old":"  return a - b;","new":"  return a + b;"}],
 "final":"Fixed add.\n{{required-markers}}","plain":"Fix add"}
JSON
npx tsx test/helpers/model-endpoint/serve.ts "$work/scenario.json" > "$work/endpoint.log" 2>&1 &
endpoint=$!
trap 'kill $endpoint 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do grep -q '^http' "$work/endpoint.log" && break; sleep 0.2; done
url="$(grep -m1 '^http' "$work/endpoint.log")"
export PATH="$here/.cache/agent-clis/node_modules/.bin:$PATH" OPENAI_BASE_URL="$url/v1" OPENAI_API_KEY=sk-measure
for i in $(seq 1 "$reps"); do
  for backend in local swarm; do
    out="$work/$backend-$i"
    start=$(date +%s%N)
    node bin/wave-bench.js pilot run --dataset pilots/fixtures/tasks.jsonl --task fixture__calc-add \
      --arm single-agent --arm full-wave --executor codex --model gpt-5.5 --timeout-agent 300 --timeout-verify 60 \
      --concurrency 1 --backend "$backend" --out "$out" > /dev/null 2>&1 || echo "run $backend $i exited $?"
    ms=$(( ($(date +%s%N) - start) / 1000000 ))
    echo "$backend $i $ms $(node -e "const r=require('$out/results.json');console.log(r.items.map(i=>i.arm+'='+i.classification+':'+i.durationsMs.total).join(' '))")"
  done
done | tee "$work/runs.txt"
node -e "
const rows=require('fs').readFileSync('$work/runs.txt','utf8').trim().split('\n').map(l=>l.split(' '));
const mean=b=>{const x=rows.filter(r=>r[0]===b).map(r=>+r[2]);return x.reduce((a,c)=>a+c,0)/x.length};
console.log('mean wall ms (2 items): local '+Math.round(mean('local'))+', swarm '+Math.round(mean('swarm'))+', swarm/local '+(mean('swarm')/mean('local')).toFixed(2)+'x');"
