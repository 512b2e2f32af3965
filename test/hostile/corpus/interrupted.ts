// Hostile-input corpus: runs interrupted part-way (see kit.ts and ../corpus.ts).

import { file, casesWith, type HostileCase } from './kit.js';

export const interrupted: HostileCase[] = [
  {
    id: 'run --out is a file',
    cls: 'interrupted-runs',
    setup: file('out', 'x'),
    args: ['run', '--out', '{out}'],
    exit: 2,
    expect: 'is a file, not a directory',
  },
  {
    id: 'run --out under a file',
    cls: 'interrupted-runs',
    setup: file('afile', 'x'),
    args: ['run', '--out', '{root}/afile/run'],
    exit: 2,
    expect: 'ENOTDIR',
  },
  {
    id: 'run into a non-empty --out without --resume',
    cls: 'interrupted-runs',
    setup: file('out/results.json', '{"old":true}'),
    args: ['run', '--case', 'wave-silo-cross-agent-state', '--out', '{out}'],
    exit: 2,
    expect: 'add --resume',
  },
  {
    id: 'run --cases-dir missing',
    cls: 'interrupted-runs',
    args: ['run', '--cases-dir', '{root}/nope', '--out', '{out}'],
    exit: 2,
    expect: '--cases-dir',
  },
  {
    id: 'run --arms-dir missing',
    cls: 'interrupted-runs',
    args: ['run', '--arms-dir', '{root}/nope', '--out', '{out}'],
    exit: 2,
    expect: '--arms-dir',
  },
  {
    id: 'run --work-dir is a file',
    cls: 'interrupted-runs',
    setup: file('afile', 'x'),
    args: ['run', '--case', 'wave-silo-cross-agent-state', '--out', '{out}', '--work-dir', '{root}/afile'],
    exit: 2,
    expect: '--work-dir',
  },
  {
    id: 'case agent title spanning lines',
    cls: 'unclear-errors',
    setup: casesWith((c) => {
      c.fixture.agents[0]!.title = 'Owner\n## Agent X: injected';
    }),
    args: ['run', '--cases-dir', '{root}/cases', '--case', 'wave-silo-cross-agent-state', '--out', '{out}'],
    exit: 2,
    expect: 'fixture.agents[0].title: must be one line',
    forbid: ['.wave-case'],
  },
  {
    id: 'case agent prompt that is blank',
    cls: 'unclear-errors',
    setup: casesWith((c) => {
      c.fixture.agents[0]!.prompt = '  \n ';
    }),
    args: ['run', '--cases-dir', '{root}/cases', '--case', 'wave-silo-cross-agent-state', '--out', '{out}'],
    exit: 2,
    expect: 'fixture.agents[0].prompt: is blank',
    forbid: ['.wave-case'],
  },
  {
    id: 'run --cases-dir is a file',
    cls: 'interrupted-runs',
    setup: file('cases', 'x'),
    args: ['run', '--cases-dir', '{root}/cases', '--out', '{out}'],
    exit: 2,
    expect: 'is a file, not a directory',
  },
];
