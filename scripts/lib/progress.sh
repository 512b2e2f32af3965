# Sourced by the setup scripts. `with_progress LABEL CMD...` runs a step that can take minutes
# (apt-get, npm install) and says so: a start line, a heartbeat every 15 s, the duration at the end.
# The command's output goes to a log file whose tail is printed when it fails.
with_progress() {
  local label="$1"; shift
  local log; log="$(mktemp "${TMPDIR:-/tmp}/wave-bench-setup.XXXXXX")"
  local start=$SECONDS rc=0
  echo "$label: started (progress every 15 s)" >&2
  "$@" >"$log" 2>&1 &
  local pid=$!
  while kill -0 "$pid" 2>/dev/null; do
    sleep 1
    if (( (SECONDS - start) % 15 == 0 )) && kill -0 "$pid" 2>/dev/null; then
      echo "$label: still running ($((SECONDS - start)) s)" >&2
    fi
  done
  wait "$pid" || rc=$?
  if (( rc != 0 )); then
    echo "$label: FAILED after $((SECONDS - start)) s (exit $rc); the end of its output:" >&2
    tail -n 20 "$log" >&2
    rm -f "$log"
    return "$rc"
  fi
  echo "$label: done in $((SECONDS - start)) s" >&2
  rm -f "$log"
}
