// Builds a workspace with a wave of scripted agents: each agent gets a policy file and a section.
import { mkdirSync, writeFileSync } from 'node:fs';
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
