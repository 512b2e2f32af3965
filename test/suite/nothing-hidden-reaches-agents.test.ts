// Leak test (SPEC 3.2): a case's policies, expectations, answers and one agent's private observations
// never reach any agent-visible file under any arm or executor. Sentinels are planted in every field
// agents must not see; every file of every item's shared workspace (prompts, inboxes, summaries,
// wave file, coordination log, traces) is searched for them.
import { cpSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, repo } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

const CASE = 'wave-silo-cross-agent-state';
const SENTINELS = {
  description: 'SENTINEL-DESCRIPTION-7f3a',
  policy: 'SENTINEL-POLICY-91c2',
  expectation: 'SENTINEL-EXPECTATION-44d0',
  privateA2: 'SENTINEL-PRIVATE-A2-e5b1',
};

function plantedCases(): string {
  const dir = tempDir();
  cpSync(join(repo, 'cases'), dir, { recursive: true });
  const file = join(dir, `${CASE}.json`);
  const c = JSON.parse(readFileSync(file, 'utf8'));
  c.description += ` ${SENTINELS.description}`;
  // A rule that never fires carries the policy and expectation sentinels (the expectation token must be producible).
  c.fixture.agents[1].rules.push({
    when: { attempt: 99 },
    do: [{ post: { id: 'e-never', kind: 'evidence', summary: `${SENTINELS.policy} ${SENTINELS.expectation}` } }],
  });
  c.expectations.specialistSignals = [{ agent: 'A2', token: SENTINELS.expectation }];
  c.fixture.agents[1].observations.push({ text: `${SENTINELS.privateA2}: only the queue owner knows this` });
  writeFileSync(file, JSON.stringify(c));
  return dir;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

describe('nothing hidden reaches an agent', () => {
  it('no sentinel appears in any shared-workspace file, under every base arm, with scripted and command agents', {
    timeout: 300_000,
  }, async () => {
    const cases = plantedCases();
    for (const executor of [[], ['--executor', 'command', '--command', 'cat {prompt_file} >/dev/null; echo done']]) {
      const out = join(tempDir(), 'run');
      const run = await cli(['run', '--cases-dir', cases, '--case', CASE, '--out', out, ...executor]);
      expect(run.exitCode, run.stderr).toBe(0);
      const arms = readdirSync(join(out, 'work', CASE));
      expect(arms.sort()).toEqual(['full-wave', 'multi-agent-minimal', 'single-agent', 'single-agent--full-info']);
      let searched = 0;
      for (const arm of arms) {
        const item = join(out, 'work', CASE, arm, 'epoch-1');
        for (const file of filesUnder(join(item, 'workspace'))) {
          const text = readFileSync(file, 'utf8');
          searched += 1;
          for (const [field, sentinel] of Object.entries(SENTINELS))
            expect(text.includes(sentinel), `${field} sentinel in ${file}`).toBe(false);
        }
        // Positive control: the private knowledge exists, outside the workspace, where only its agent is pointed.
        const privateFiles = filesUnder(join(item, 'private'))
          .map((f) => readFileSync(f, 'utf8'))
          .join('\n');
        if (arm !== 'single-agent' && arm !== 'single-agent--full-info')
          expect(readFileSync(join(item, 'private', 'A2', 'observations.md'), 'utf8')).toContain(SENTINELS.privateA2);
        if (arm === 'single-agent--full-info')
          expect(readFileSync(join(item, 'private', 'A1', 'observations.md'), 'utf8')).toContain(SENTINELS.privateA2);
        if (executor.length) expect(privateFiles).not.toContain(SENTINELS.policy); // no policy is written for a non-scripted executor
      }
      expect(searched).toBeGreaterThan(40);
    }
  });
});
