// Hostile-input corpus: symlinks planted in the workspace or lane state (see kit.ts and ../corpus.ts).
import { mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { writeScriptedWave } from '../sandbox.js';
import { W, WAVE, file, bundle, PROOF, commandAgentWave, type HostileCase } from './kit.js';

export const symlinks: HostileCase[] = [
  {
    id: 'scripted writeFile through an owned dir that is a symlink to the host',
    cls: 'symlinks',
    setup: (sb) => {
      writeScriptedWave(sb.ws);
      mkdirSync(join(sb.ws, 'src'), { recursive: true });
      symlinkSync(sb.outside, join(sb.ws, 'src', 'a1'));
    },
    args: ['launch', ...W, ...WAVE, '--max-retries', '0'],
    exit: 1,
    expect: 'missing-deliverable',
    writes: ['ws/.wave'],
  },
  {
    id: 'scripted writeFile onto a deliverable that is a symlink to a host file',
    cls: 'symlinks',
    setup: (sb) => {
      writeScriptedWave(sb.ws);
      mkdirSync(join(sb.ws, 'src', 'a1'), { recursive: true });
      symlinkSync(join(sb.outside, 'secret.txt'), join(sb.ws, 'src', 'a1', 'out.txt'));
    },
    args: ['launch', ...W, ...WAVE, '--max-retries', '0'],
    exit: 1,
    expect: 'missing-deliverable',
    writes: ['ws/.wave'],
  },
  {
    id: 'local executor deliverable under a symlink to the host',
    cls: 'symlinks',
    setup: (sb) => {
      writeScriptedWave(sb.ws);
      mkdirSync(join(sb.ws, 'src'), { recursive: true });
      symlinkSync(sb.outside, join(sb.ws, 'src', 'a1'));
    },
    args: ['launch', ...W, ...WAVE, '--executor', 'local', '--max-retries', '0'],
    exit: 1,
    expect: 'missing-deliverable',
    writes: ['ws/.wave'],
  },
  {
    id: 'deliverable that is a symlink to a host file does not count as delivered',
    cls: 'symlinks',
    setup: (sb) => {
      writeScriptedWave(sb.ws, {
        a1Rules: [
          {
            when: { start: true },
            do: [
              { marker: '[wave-proof] completion=contract durability=none proof=unit state=met' },
              { marker: '[wave-doc-delta] state=none' },
            ],
          },
        ],
      });
      mkdirSync(join(sb.ws, 'src', 'a1'), { recursive: true });
      symlinkSync(join(sb.outside, 'secret.txt'), join(sb.ws, 'src', 'a1', 'out.txt'));
    },
    args: ['launch', ...W, ...WAVE, '--max-retries', '0'],
    exit: 1,
    expect: 'deliverable src/a1/out.txt does not exist',
    writes: ['ws/.wave'],
  },
  {
    id: 'an agent that swaps its log for a symlink to a host file writes nothing there and copies nothing from it',
    cls: 'symlinks',
    setup: commandAgentWave((sb) => `rm -f "$1"; ln -s ${sb.outside}/secret.txt "$1"; echo "echo pwned >> ~/.bashrc"`),
    args: ['launch', ...W, ...WAVE, '--max-retries', '0'],
    exit: 1,
    expect: 'FAIL wave 1',
    writes: ['ws/.wave'],
  },
  {
    id: 'an agent that swaps a projection for a symlink to a host file does not get it overwritten',
    cls: 'symlinks',
    setup: commandAgentWave((sb) => `f=.wave/main/projections/wave-1/shared-summary.md; rm -f $f; ln -s ${sb.outside}/secret.txt $f`),
    args: ['launch', ...W, ...WAVE, '--max-retries', '0'],
    exit: 1,
    expect: 'FAIL wave 1',
    writes: ['ws/.wave'],
  },
  {
    id: 'an agent that swaps the coordination log for a symlink to a host file stops the launch, host file untouched',
    cls: 'symlinks',
    // Swapped in one rename, and the agent keeps running a moment: the launcher's live projection
    // refresh meets the symlink while agents run (it used to crash there with a stack trace, exit 1).
    setup: commandAgentWave(
      (sb) => `f=.wave/main/coordination/wave-1.jsonl; ln -s ${sb.outside}/secret.txt $f.new && mv -fT $f.new $f; sleep 1`,
    ),
    args: ['launch', ...W, ...WAVE, '--max-retries', '0'],
    exit: 2,
    expect: 'is not a log file (it is a symlink)',
    writes: ['ws/.wave'],
  },
  {
    id: 'an agent that swaps the lane state folder for a symlink to the host stops the launch',
    cls: 'symlinks',
    setup: commandAgentWave((sb) => `rm -rf .wave/main/projections; ln -s ${sb.outside} .wave/main/projections`),
    args: ['launch', ...W, ...WAVE, '--max-retries', '0'],
    exit: 2,
    expect: 'a symlink was planted in the lane state',
    writes: ['ws/.wave'],
  },
  {
    id: 'proof artifact symlinked to a host file',
    cls: 'symlinks',
    launched: true,
    setup: (sb) => {
      symlinkSync(join(sb.outside, 'secret.txt'), join(sb.ws, 'evidence.txt'));
      file('bundle.json', bundle([{ path: 'evidence.txt' }]))(sb);
    },
    args: PROOF,
    exit: 2,
    expect: 'outside the workspace',
    forbid: ['host-secret'],
  },
  {
    id: 'proof artifact symlinked to /etc/shadow',
    cls: 'symlinks',
    launched: true,
    setup: (sb) => {
      symlinkSync('/etc/shadow', join(sb.ws, 'shadow'));
      file('bundle.json', bundle([{ path: 'shadow' }]))(sb);
    },
    args: PROOF,
    exit: 2,
    expect: 'outside the workspace',
  },
  {
    id: 'proof artifact under a symlinked directory',
    cls: 'symlinks',
    launched: true,
    setup: (sb) => {
      symlinkSync(sb.outside, join(sb.ws, 'docs'));
      file('bundle.json', bundle([{ path: 'docs/secret.txt' }]))(sb);
    },
    args: PROOF,
    exit: 2,
    expect: 'outside the workspace',
  },
  {
    id: 'proof artifact that is a dangling symlink',
    cls: 'symlinks',
    launched: true,
    setup: (sb) => {
      symlinkSync(join(sb.root, 'nowhere'), join(sb.ws, 'gone'));
      file('bundle.json', bundle([{ path: 'gone' }]))(sb);
    },
    args: PROOF,
    exit: 2,
    expect: 'dangling symlink',
  },
  {
    id: 'proof artifact that is a directory',
    cls: 'symlinks',
    launched: true,
    setup: (sb) => {
      mkdirSync(join(sb.ws, 'adir'));
      file('bundle.json', bundle([{ path: 'adir' }]))(sb);
    },
    args: PROOF,
    exit: 2,
    expect: 'not a regular file',
  },
  {
    id: 'proof artifact path with ../',
    cls: 'symlinks',
    launched: true,
    setup: file('bundle.json', bundle([{ path: '../outside/secret.txt' }])),
    args: PROOF,
    exit: 2,
    expect: 'leaves the workspace',
  },
  {
    id: 'proof artifact absolute path',
    cls: 'symlinks',
    launched: true,
    setup: file('bundle.json', bundle([{ path: '/etc/passwd' }])),
    args: PROOF,
    exit: 2,
    expect: 'is absolute',
  },
];
