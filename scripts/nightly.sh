#!/usr/bin/env bash
# Nightly entry point (works anywhere; .github/workflows/nightly.yml calls it): run the pilot with
# --resume into reports/nightly/<date>/, render, diff against the previous nightly and against the
# release baseline, keep the last N nightlies, and publish a markdown summary.
#
#   scripts/nightly.sh --manifest pilots/swe-bench-pro-public-pilot.json --dataset rows.jsonl \
#                      --run-scripts SWE-bench_Pro-os/run_scripts --executor claude --model <id> [--arm single-agent --arm full-wave]
#   scripts/nightly.sh --calibrate --manifest pilots/fixtures/fixture-pilot.json   # no model needed
#   scripts/nightly.sh --native                                                    # the native suite
#
# Options: --root DIR (default reports/nightly), --keep N (default 14), --baseline DIR
# (default reports/baselines/<package version> for --native), NIGHTLY_DATE=YYYY-MM-DD to override.
# Exit: 0 done, 1 the diff against the baseline found a regression, other: the run failed.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
cli=(node "$here/bin/wave-bench.js")
root="$here/reports/nightly"; keep=14; mode=pilot; baseline=""; pass=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --root) root="$2"; shift 2;;
    --keep) keep="$2"; shift 2;;
    --baseline) baseline="$2"; shift 2;;
    --calibrate) mode=calibrate; shift;;
    --native) mode=native; shift;;
    *) pass+=("$1"); shift;;
  esac
done
date="${NIGHTLY_DATE:-$(date -u +%Y-%m-%d)}"
out="$root/$date"
mkdir -p "$root"
previous="$(ls -1 "$root" 2>/dev/null | grep -E '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' | grep -v "^$date$" | sort | tail -n 1 || true)"

case "$mode" in
  native) "${cli[@]}" run --out "$out" --work-dir "$root/.work/$date" "${pass[@]}" ;;
  calibrate) "${cli[@]}" pilot calibrate --resume --out "$out" "${pass[@]}" ;;
  pilot) "${cli[@]}" pilot run --resume --out "$out" "${pass[@]}" ;;
esac
"${cli[@]}" report render "$out" >/dev/null

status=0
summary="$out/summary.md"
{ echo "# wave-bench nightly $date"; echo; sed -n '1,40p' "$out/results.md"; } > "$summary"
if [[ -n "$previous" ]]; then
  "${cli[@]}" report diff "$root/$previous" "$out" > "$out/diff-previous.md" || true
  { echo; echo "## Against the previous nightly ($previous)"; echo; cat "$out/diff-previous.md"; } >> "$summary"
fi
if [[ -z "$baseline" && "$mode" == native ]]; then baseline="$here/reports/baselines/$(node -p "require('$here/package.json').version")"; fi
if [[ -n "$baseline" && -f "$baseline/results.json" ]]; then
  "${cli[@]}" report diff "$baseline" "$out" --fail-on regression > "$out/diff-baseline.md" || status=1
  { echo; echo "## Against the release baseline ($(basename "$baseline"))"; echo; cat "$out/diff-baseline.md"; } >> "$summary"
fi

# Keep the newest $keep nightlies.
ls -1 "$root" | grep -E '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' | sort | head -n "-$keep" | while read -r old; do rm -rf "${root:?}/$old" "${root:?}/.work/$old"; done
if [[ -n "${GITHUB_STEP_SUMMARY:-}" ]]; then cat "$summary" >> "$GITHUB_STEP_SUMMARY"; fi
echo "nightly $date: $summary"
exit "$status"
