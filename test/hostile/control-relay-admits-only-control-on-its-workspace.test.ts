// The control relay (agents inside the task container run `wave-bench control` through it on the
// host) must run nothing but `control task|feedback|status|rerun`, and only on the agent's own
// workspace, whatever workspace the agent names.
import { describe, expect, it } from 'vitest';
import { relayedArgv } from '../../harness/sandboxes/docker/control-relay.js';

const HOST = '/srv/runs/item-1/workspace';

describe('control relay', () => {
  it('runs control subcommands on the host workspace, whatever --workspace the agent names', () => {
    expect(
      relayedArgv(['control', '--workspace', '/etc', '--lane', 'main', '--wave', '1', 'task', 'create', '--agent', 'A2'], HOST),
    ).toEqual({
      argv: ['control', '--lane', 'main', '--wave', '1', 'task', 'create', '--agent', 'A2', '--workspace', HOST],
    });
    expect(relayedArgv(['control', '--workspace=/', 'status', '--wave', '1'], HOST)).toEqual({
      argv: ['control', 'status', '--wave', '1', '--workspace', HOST],
    });
    expect(relayedArgv(['control', '--json', 'task', 'list', '--wave', '1'], HOST)).toEqual({
      argv: ['control', '--json', 'task', 'list', '--wave', '1', '--workspace', HOST],
    });
    // an option value that happens to be a subcommand's name is not the subcommand
    expect(relayedArgv(['control', '--lane', 'proof', 'feedback', 'list', '--wave', '1'], HOST)).toMatchObject({
      argv: ['control', '--lane', 'proof', 'feedback', 'list', '--wave', '1', '--workspace', HOST],
    });
  });

  it.each([
    [['pilot', 'run', '--dataset', 'x'], /only `wave-bench control task\|feedback\|status\|rerun …` runs.*got `wave-bench pilot`/],
    [['control', 'proof', 'register', '--file', '/app/bundle.json'], /got `wave-bench control proof`/],
    [['control', '--wave', 'task'], /got `wave-bench control`/],
    [[], /got `wave-bench`/],
  ])('refuses %j', (args, message) => {
    const r = relayedArgv(args, HOST);
    expect(r).toHaveProperty('refused');
    expect((r as { refused: string }).refused).toMatch(message);
  });

  it('refuses anything but a list of strings', () => {
    for (const bad of ['control task list', { argv: [] }, ['control', 1], null])
      expect(relayedArgv(bad, HOST)).toEqual({ refused: 'wave-bench: the relay takes a list of arguments' });
  });
});
