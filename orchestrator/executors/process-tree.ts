// Every process an agent started, found three ways on Linux (/proc), so that none outlives the
// agent (docs/launcher.md "Process isolation"): its session and process group (the agent starts as
// a session leader), the descendants seen by walking parent links while it runs (which keeps a
// process that called setsid and was re-parented), and an environment token every descendant
// inherits unless it clears its environment. Start times guard against a reused pid.
import { readdirSync, readFileSync } from 'node:fs';

/** The environment variable carrying an agent run's token (inherited by every descendant). */
export const AGENT_TOKEN_ENV = 'WAVE_BENCH_AGENT_TOKEN';

interface ProcStat {
  pid: number;
  ppid: number;
  pgid: number;
  sid: number;
  /** Start time in clock ticks since boot: a pid with another start time is another process. */
  start: string;
  /** Z (zombie) and X (dead) processes are gone already: nothing to kill. */
  state: string;
}

export const PROC_AVAILABLE = process.platform === 'linux';

function readStat(pid: number): ProcStat | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses: fields resume after the last ')'.
    const f = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return { pid, state: f[0]!, ppid: Number(f[1]), pgid: Number(f[2]), sid: Number(f[3]), start: f[19]! };
  } catch {
    return null; // gone
  }
}

function allProcesses(): ProcStat[] {
  if (!PROC_AVAILABLE) return [];
  return readdirSync('/proc')
    .filter((n) => /^\d+$/.test(n))
    .map((n) => readStat(Number(n)))
    .filter((s): s is ProcStat => s !== null);
}

function hasToken(pid: number, token: string): boolean {
  try {
    return readFileSync(`/proc/${pid}/environ`).includes(`${AGENT_TOKEN_ENV}=${token}\0`);
  } catch {
    return false;
  }
}

/**
 * The process tree of one agent run, from its root pid (a session leader started with setsid). A tree
 * may be made from the token alone, before the root is started (the watchdog learns of a run before
 * its process exists), and given its root once it is known.
 */
export class AgentProcessTree {
  private readonly members = new Map<number, string>();
  /** Processes already looked at and found not to belong (pid → start time): a parent never changes to a member. */
  private readonly strangers = new Map<number, string>();
  private root: number | undefined;

  constructor(
    root: number | undefined,
    private readonly token: string,
  ) {
    if (root !== undefined) this.setRoot(root);
  }

  /** The run's root process: it and its session and group belong to the run from now on. */
  setRoot(root: number): void {
    this.root = root;
    this.strangers.delete(root);
    const stat = readStat(root);
    if (stat) this.members.set(root, stat.start);
  }

  /** Adds every process whose parent is a member (repeated until nothing new): call it while the agent runs. */
  sample(): void {
    if (!PROC_AVAILABLE) return;
    // Only processes not seen before are read (one directory listing plus a few files a sample).
    const listed = readdirSync('/proc')
      .filter((n) => /^\d+$/.test(n))
      .map(Number);
    // A pid gone from the listing may come back as another process: forget it.
    const present = new Set(listed);
    for (const pid of this.strangers.keys()) if (!present.has(pid)) this.strangers.delete(pid);
    const fresh = listed.filter((pid) => !this.members.has(pid) && !this.strangers.has(pid));
    const stats = fresh.map(readStat).filter((p): p is ProcStat => p !== null);
    for (let grew = true; grew; ) {
      grew = false;
      for (const p of stats) {
        if (this.members.has(p.pid) || !this.belongs(p)) continue;
        this.members.set(p.pid, p.start);
        grew = true;
      }
    }
    for (const p of stats) if (!this.members.has(p.pid)) this.strangers.set(p.pid, p.start);
  }

  private belongs(p: ProcStat): boolean {
    if (p.pid === process.pid) return false;
    const parentStart = this.members.get(p.ppid);
    if (parentStart !== undefined && readStat(p.ppid)?.start === parentStart) return true;
    // Until the root is known the token is the only way in; afterwards parent links and the session suffice.
    return this.root === undefined ? hasToken(p.pid, this.token) : this.inRootSession(p);
  }

  private inRootSession(p: ProcStat): boolean {
    return this.root !== undefined && (p.sid === this.root || p.pgid === this.root);
  }

  /** Members still alive (same pid and start time), plus any process holding the token or in the agent's session or group. */
  private alive(): number[] {
    const out = new Set<number>();
    for (const p of allProcesses()) {
      if (p.pid === process.pid || p.state === 'Z' || p.state === 'X') continue;
      if (this.members.get(p.pid) === p.start || this.inRootSession(p) || hasToken(p.pid, this.token)) out.add(p.pid);
    }
    return [...out];
  }

  /** SIGKILLs every process of the run until none is left (a few rounds catch forks in flight); the pids it killed. */
  killAll(): number[] {
    const killed = new Set<number>();
    for (let round = 0; round < 20; round += 1) {
      this.sample();
      const left = this.alive();
      if (!left.length) break;
      for (const pid of left) {
        try {
          process.kill(pid, 'SIGKILL');
          killed.add(pid);
        } catch {
          // already gone
        }
      }
    }
    return [...killed];
  }
}
