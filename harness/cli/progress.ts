// Progress for long runs: one redrawn status line on a TTY, plain log lines otherwise (SPEC 3.7).

interface ProgressStream {
  isTTY?: boolean;
  columns?: number;
  write(text: string): unknown;
}

export interface ProgressTracker {
  /** Marks one item finished; `label` names it in plain mode. */
  itemDone(label: string, outcome: { passed: boolean; note?: string }): void;
  /** A line that is not an item (warnings, phase changes). */
  note(text: string): void;
  /** Redraws the status line (on a TTY) when `detail` has changed. */
  refresh(): void;
  finish(): void;
}

/** Tracks done/total, pass counts and an ETA from the mean item time so far. */
export function createProgress(options: {
  total: number;
  noun: string;
  passWord?: string;
  stream?: ProgressStream;
  now?: () => number;
  /** More status after the counts (e.g. per-node jobs); shown on the status line and each item's line. */
  detail?: () => string;
}): ProgressTracker {
  const stream = options.stream ?? process.stderr;
  const now = options.now ?? Date.now;
  const started = now();
  const passWord = options.passWord ?? 'passed';
  let done = 0;
  let passed = 0;
  const tty = Boolean(stream.isTTY);
  const detail = () => {
    const d = options.detail?.() ?? '';
    return d ? ` · ${d}` : '';
  };
  const status = () => {
    const elapsed = now() - started;
    // An ETA needs one finished item to extrapolate from, and means nothing once all are done.
    const eta = done > 0 && done < options.total ? ` · eta ${formatDuration(((options.total - done) * elapsed) / done)}` : '';
    return `${done}/${options.total} ${options.noun} · ${passed} ${passWord} · elapsed ${formatDuration(elapsed)}${eta}${detail()}`;
  };
  const redraw = () => {
    if (tty) stream.write(`\r\x1b[2K${status().slice(0, (stream.columns ?? 100) - 1)}`);
  };
  return {
    itemDone(label, outcome) {
      done += 1;
      if (outcome.passed) passed += 1;
      if (tty) redraw();
      else
        stream.write(
          `[${done}/${options.total}] ${label}: ${outcome.passed ? 'PASS' : 'FAIL'}${outcome.note ? ` (${outcome.note})` : ''}${detail()}\n`,
        );
    },
    note(text) {
      if (tty) stream.write(`\r\x1b[2K${text}\n`);
      else stream.write(`${text}\n`);
      redraw();
    },
    refresh: redraw,
    finish() {
      if (tty) stream.write(`\r\x1b[2K${status()}\n`);
      else stream.write(`${status()}\n`);
    },
  };
}

/** `1m 05s`, `12.3s`, `850ms`. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)}s`;
  const minutes = Math.floor(ms / 60_000);
  const seconds = Math.round((ms % 60_000) / 1000);
  return `${minutes}m ${String(seconds).padStart(2, '0')}s`;
}
