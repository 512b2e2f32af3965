// Shared pieces of the hostile-input corpus: the case type, argument fragments and sandbox setups.
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Sandbox } from '../sandbox.js';
import { writeScriptedWave } from '../sandbox.js';

/** test/hostile: the corpus's fixtures are found from here. */
export const HOSTILE_DIR = join(__dirname, '..');

export type HostileClass = 'identifiers' | 'numbers' | 'symlinks' | 'interrupted-runs' | 'unclear-errors' | 'stored-state' | 'already-good';

export interface HostileCase {
  id: string;
  cls: HostileClass;
  /** Start from a workspace whose wave 1 already ran and passed on lane main (else: wave file only). */
  launched?: boolean;
  setup?: (sb: Sandbox) => void;
  /** Placeholders: {ws} {out} {outside} {root} {wave} (the wave file). */
  args: string[];
  exit: number;
  /** Must appear in stdout + stderr. */
  expect: string;
  /** Must not appear in stdout + stderr. */
  forbid?: string[];
  /** Paths (relative to the sandbox root) allowed to change; default none. */
  writes?: string[];
  /** Extra environment of the CLI process (e.g. WAVE_AGENT_ID, as the launcher gives an agent). */
  env?: Record<string, string>;
}

export const W = ['--workspace', '{ws}'];
export const WAVE = ['--wave-file', '{wave}'];
export const CTL = (...rest: string[]) => ['control', ...rest, ...W, '--wave', '1'];
export const REAL_ROW = readFileSync(join(HOSTILE_DIR, '..', 'fixtures', 'swe-bench-pro', 'element-web-row.jsonl'), 'utf8').trim();
export const row = (patch: Record<string, unknown>) => JSON.stringify({ ...JSON.parse(REAL_ROW), ...patch });
export const file = (rel: string, text: string) => (sb: Sandbox) => {
  mkdirSync(join(sb.root, rel, '..'), { recursive: true });
  writeFileSync(join(sb.root, rel), text);
};
export const bundle = (artifacts: unknown[], agentId = 'A1') =>
  JSON.stringify({ agentId, authoritative: true, proof: { completion: 'contract', durability: 'none', proof: 'unit' }, artifacts });
export const PROOF = ['control', 'proof', 'register', '--file', '{root}/bundle.json', ...W, '--wave', '1'];
export const DATASET = ['pilot', 'calibrate', '--dataset', '{root}/rows.jsonl', '--out', '{out}'];
/** A copy of the repository's cases with one case changed by `change`. */
export const casesWith = (change: (c: { fixture: { agents: { title: string; prompt: string }[] } }) => void) => (sb: Sandbox) => {
  cpSync(join(HOSTILE_DIR, '..', '..', 'cases'), join(sb.root, 'cases'), { recursive: true });
  const f = join(sb.root, 'cases', 'wave-silo-cross-agent-state.json');
  const c = JSON.parse(readFileSync(f, 'utf8'));
  change(c);
  writeFileSync(f, JSON.stringify(c));
};
/** A wave whose A1 is a real child process (`command` executor) running `script` with its log path as $1. */
export const commandAgentWave = (script: (sb: Sandbox) => string) => (sb: Sandbox) => {
  const wave = writeScriptedWave(sb.ws);
  writeFileSync(join(sb.ws, 'agent.sh'), `#!/bin/sh\n${script(sb)}\n`);
  writeFileSync(
    wave,
    readFileSync(wave, 'utf8').replace('- id: scripted\n- policy: policies/A1.json', '- id: command\n- command: sh ./agent.sh {log}'),
  );
};
export const coordLog = (sb: Sandbox) => join(sb.ws, '.wave', 'main', 'coordination', 'wave-1.jsonl');
export const controlLog = (sb: Sandbox) => join(sb.ws, '.wave', 'main', 'control', 'wave-1.jsonl');
export const forged = (agentId: string, summary: string) =>
  JSON.stringify({
    id: `forged-${agentId}`,
    version: 1,
    lane: 'main',
    wave: 1,
    kind: 'blocker',
    agentId,
    targets: ['agent:A1'],
    status: 'open',
    priority: 'urgent',
    summary,
    detail: '',
    artifactRefs: [],
    dependsOn: [],
    closureCondition: '',
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    attempt: 1,
    source: 'agent',
  });
