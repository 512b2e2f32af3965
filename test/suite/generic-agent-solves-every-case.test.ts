// Cases are solvable through the orchestrator by an agent that was not written for them (SPEC 3.2):
// the reference agent `scripts/generic-agent.mjs` follows one case-agnostic protocol (share what it
// observed, ask its questions, answer what is routed to it, withdraw overruled claims, decide once
// answered) through the real control CLI, as a `--executor command` agent. Under the full wave it
// must pass every shipped case; alone it must not pass the cases that need someone else's knowledge.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCases } from '../../harness/load/cases.js';
import { cli, repo } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

interface Results {
  items: { caseId: string; arm: string; primary: { passed: boolean }; classification: string }[];
  metadata: { fairness: { executor: string } };
}

describe('a generic command agent takes the native cases', () => {
  it('passes every case under the full wave, fails the pooling cases alone, and solves them alone with full information', {
    timeout: 900_000,
  }, async () => {
    const out = join(tempDir(), 'run');
    const command = `node ${join(repo, 'scripts', 'generic-agent.mjs')} {prompt_file}`;
    const run = await cli([
      'run',
      '--executor',
      'command',
      '--command',
      command,
      '--arm',
      'full-wave',
      '--arm',
      'single-agent',
      '--arm',
      'single-agent--full-info',
      '--agent-timeout',
      '3',
      '--out',
      out,
    ]);
    expect(run.exitCode, run.stderr).toBe(0);
    const r = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as Results;
    expect(r.metadata.fairness.executor).toBe('command');
    expect(r.items.every((i) => i.classification !== 'infra-error')).toBe(true);
    const passed = (arm: string) =>
      r.items
        .filter((i) => i.arm === arm && i.primary.passed)
        .map((i) => i.caseId)
        .sort();
    expect(passed('full-wave')).toEqual(
      loadCases(join(repo, 'cases'))
        .map((c) => c.id)
        .sort(),
    );
    for (const id of ['wave-hidden-profile-private-evidence', 'wave-silo-cross-agent-state', 'wave-expert-routing-preservation'])
      expect(passed('single-agent')).not.toContain(id);
    // Given everyone's observations, the same agent alone solves the pooling cases it could not.
    expect(passed('single-agent--full-info')).toEqual(
      expect.arrayContaining(['wave-hidden-profile-private-evidence', 'wave-silo-cross-agent-state']),
    );
  });
});
