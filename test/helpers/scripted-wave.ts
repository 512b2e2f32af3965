// Builds a workspace with a wave of scripted agents: each agent gets a policy file and a section.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from './tmp.js';

export interface ScriptedAgentSpec {
  id: string;
  role?: string;
  rules: unknown[];
  extra?: string;
}

export const QA_PASS = [
  {
    when: { start: true },
    do: [
      { marker: '[wave-gate] architecture=pass integration=pass durability=pass live=pass docs=pass' },
      { marker: '[wave-verdict] pass' },
    ],
  },
];

export function scriptedWorkspace(agents: ScriptedAgentSpec[]): { ws: string; waveFile: string } {
  const ws = tempDir();
  mkdirSync(join(ws, 'policies'));
  mkdirSync(join(ws, 'waves'));
  const sections = agents.map((a) => {
    writeFileSync(join(ws, 'policies', `${a.id}.json`), JSON.stringify({ agentId: a.id, rules: a.rules }));
    return [
      `## Agent ${a.id}: ${a.id}`,
      '',
      ...(a.role ? ['### Role', '', a.role, ''] : []),
      '### Executor',
      '',
      '- id: scripted',
      `- policy: policies/${a.id}.json`,
      '',
      ...(a.extra ? [a.extra, ''] : []),
      ...(a.role ? [] : ['### Owned paths', '', `- src/${a.id.toLowerCase()}`, '']),
      '### Prompt',
      '',
      '```',
      `Work as ${a.id}.`,
      '```',
      '',
    ].join('\n');
  });
  const waveFile = join(ws, 'waves', 'wave-1.md');
  writeFileSync(waveFile, ['# Scripted wave', '', ...sections].join('\n'));
  return { ws, waveFile };
}

/** A wave-file section for a shell agent (the `command` executor) that owns `src/<id>`. */
export function commandAgentSection(id: string, command: string): string {
  return [
    `## Agent ${id}: ${id}`,
    '',
    '### Executor',
    '',
    '- id: command',
    `- command: ${command}`,
    '',
    '### Owned paths',
    '',
    `- src/${id.toLowerCase()}`,
    '',
    '### Prompt',
    '',
    '```',
    `Work as ${id}.`,
    '```',
    '',
  ].join('\n');
}

/** A control event as the tests read it back. */
export interface LoggedControlEvent {
  entityType: string;
  entityId: string;
  action: string;
  attempt: number;
  data: Record<string, unknown>;
}

/** Every event of lane main's control log for wave 1 of `ws`. */
export function controlEvents(ws: string): LoggedControlEvent[] {
  return readFileSync(join(ws, '.wave/main/control/wave-1.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l.endsWith('}'))
    .map((l) => JSON.parse(l) as LoggedControlEvent);
}
