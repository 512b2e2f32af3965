// Hostile-input corpus: identifiers that would become paths or tags (see kit.ts and ../corpus.ts).
import { readFileSync, writeFileSync } from 'node:fs';
import { writeScriptedWave } from '../sandbox.js';
import { W, WAVE, CTL, row, file, bundle, PROOF, DATASET, type HostileCase } from './kit.js';

export const identifiers: HostileCase[] = [
  ...['../../../X', '/tmp/abs', 'a/b', '', '.hidden', 'x..y', 'lane\u001b]0;pwned\u0007'].map((lane) => ({
    id: `launch --lane ${JSON.stringify(lane)}`,
    cls: 'identifiers' as const,
    args: ['launch', ...W, ...WAVE, '--lane', lane],
    exit: 2,
    expect: '--lane',
    forbid: ['\u001b'],
  })),
  {
    id: 'control status --lane ../..',
    cls: 'identifiers',
    launched: true,
    args: ['control', 'status', ...W, '--wave', '1', '--lane', '../..'],
    exit: 2,
    expect: '--lane "../.." contains ".."',
  },
  {
    id: 'control task create --lane ../x',
    cls: 'identifiers',
    launched: true,
    args: [...CTL('task', 'create', '--kind', 'request', '--summary', 's'), '--lane', '../x'],
    exit: 2,
    expect: 'contains ".."',
  },
  {
    id: 'control rerun --lane x/../../y',
    cls: 'identifiers',
    launched: true,
    args: [...CTL('rerun', '--agent', 'A1'), '--lane', 'x/../../y'],
    exit: 2,
    expect: 'contains ".."',
  },
  {
    id: 'control proof register --lane ..',
    cls: 'identifiers',
    launched: true,
    setup: file('bundle.json', bundle([])),
    args: [...PROOF, '--lane', '..'],
    exit: 2,
    expect: 'contains ".."',
  },
  ...['../../outside', 'a/b', 'has space', '/etc', '..'].map((id) => ({
    id: `dataset instance_id ${JSON.stringify(id)}`,
    cls: 'identifiers' as const,
    setup: file('rows.jsonl', row({ instance_id: id }) + '\n'),
    args: DATASET,
    exit: 2,
    expect: 'instance_id',
  })),
  {
    id: 'manifest task instance_id with ../',
    cls: 'identifiers',
    setup: file(
      'm.json',
      JSON.stringify({
        id: 'm',
        title: 't',
        dataset: 'x.jsonl',
        sampling: 's',
        comparisonReady: false,
        tasks: [{ order: 1, instance_id: '../../x', repo: 'a/b', repo_language: 'js' }],
      }),
    ),
    args: ['pilot', 'show', '--manifest', '{root}/m.json'],
    exit: 2,
    expect: 'instance_id',
  },
  {
    id: 'case file whose id is a path',
    cls: 'identifiers',
    setup: file('cases/x.json', JSON.stringify({ id: '../x' })),
    args: ['run', '--cases-dir', '{root}/cases', '--out', '{out}'],
    exit: 2,
    expect: 'cases/x.json',
  },
  {
    id: 'arm file whose id is a path',
    cls: 'identifiers',
    setup: file('arms/x.json', JSON.stringify({ id: '../../x', title: 't', description: 'd', kind: 'base', features: {} })),
    args: ['run', '--arms-dir', '{root}/arms', '--out', '{out}'],
    exit: 2,
    expect: 'arms/x.json',
  },
  {
    id: 'wave agent heading with a path id',
    cls: 'identifiers',
    setup: (sb) =>
      writeFileSync(
        writeScriptedWave(sb.ws),
        readFileSync(writeScriptedWave(sb.ws), 'utf8').replace('## Agent A1: Implementation', '## Agent ../A1: Implementation'),
      ),
    args: ['launch', ...W, ...WAVE],
    exit: 2,
    expect: 'wave-1.md',
  },
];
