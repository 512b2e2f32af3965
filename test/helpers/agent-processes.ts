// Finds live processes the launcher started for one agent of one workspace, through /proc (Linux):
// every agent process has WAVE_AGENT_ID in its environment and a HOME under the workspace's lane state.
import { readdirSync, readFileSync } from 'node:fs';

/** Pids of live processes started for `agentId` in workspace `ws`. */
export function agentProcesses(ws: string, agentId: string): number[] {
  const out: number[] = [];
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    let env = '';
    try {
      env = readFileSync(`/proc/${pid}/environ`, 'utf8');
    } catch {
      continue; // gone, or not ours
    }
    const vars = env.split('\0');
    if (vars.includes(`WAVE_AGENT_ID=${agentId}`) && vars.some((v) => v.startsWith('HOME=') && v.includes(ws))) out.push(Number(pid));
  }
  return out;
}

/** Polls `probe` until it returns true or `timeoutMs` passes; resolves with its last answer. */
export async function waitUntil(probe: () => boolean, timeoutMs: number, everyMs = 100): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    if (probe()) return true;
    if (Date.now() >= end) return false;
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
