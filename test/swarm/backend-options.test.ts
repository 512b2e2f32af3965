// `--backend` options are checked before anything runs: bad values are exit 2 naming the option.
import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';

const BASE = ['pilot', 'calibrate', '--dataset', 'pilots/fixtures/tasks.jsonl', '--task', 'fixture__calc-add'];

describe('pilot --backend options', () => {
  it.each([
    [['--backend', 'cloud'], /backend/],
    [['--constraint', 'node.role==worker'], /need --backend swarm/],
    [['--reserve-cpus', '2'], /need --backend swarm/],
    [['--backend', 'swarm', '--registry', 'http://x:5000'], /--registry must be HOST or HOST:PORT/],
    [['--backend', 'swarm', '--constraint', 'anything goes'], /--constraint must look like/],
    [['--backend', 'swarm', '--pending-timeout', '0'], /--pending-timeout/],
  ])(
    '%j is refused with exit 2',
    async (args, message) => {
      const r = await cli([...BASE, ...args]);
      expect(r.exitCode).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
    },
    60_000,
  );
});
