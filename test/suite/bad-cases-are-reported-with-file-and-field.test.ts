// Bad case files never run: every problem of every file is reported at once with the file, the
// JSON path and what to fix, including policies that write outside owned paths or name unknown records.
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCases } from '../../harness/load/cases.js';
import { InputError } from '../../orchestrator/index.js';
import { repo } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

// biome-ignore lint/suspicious/noExplicitAny: the edit breaks a case file on purpose, in any field
function casesDirWith(edit: (c: Record<string, any>) => void): string {
  const dir = tempDir();
  cpSync(join(repo, 'cases'), dir, { recursive: true });
  const file = join(dir, 'wave-silo-cross-agent-state.json');
  const c = JSON.parse(readFileSync(file, 'utf8'));
  edit(c);
  writeFileSync(file, JSON.stringify(c));
  return dir;
}

function problems(dir: string): string[] {
  try {
    loadCases(dir);
    return [];
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    return error.issues.map((i) => `${i.file.split('/').pop()}: ${i.where}: ${i.message}`);
  }
}

describe('case validation', () => {
  it('the shipped cases are valid', () => {
    expect(loadCases(join(repo, 'cases')).map((c) => c.id)).toHaveLength(12);
  });

  it('rejects scripted stewards, steward-id agents and closure-verdict markers from implementation agents', () => {
    const found = problems(
      casesDirWith((c) => {
        c.fixture.stewards = [
          {
            id: 'A8',
            title: 'Integration steward',
            prompt: 'p',
            rules: [
              { when: { start: true }, do: [{ marker: '[wave-integration] state=ready-for-doc-closure claims=0 conflicts=0 blockers=0' }] },
            ],
          },
        ];
        c.fixture.agents[2].id = 'A0';
        c.fixture.agents[0].rules[0].do.push({ marker: '[wave-verdict] pass detail=answer found' });
      }),
    );
    expect(found).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^wave-silo-cross-agent-state\.json: fixture\.stewards: cases no longer script stewards/),
        expect.stringMatching(/fixture\.agents\[2\]\.id: "A0" is reserved for a default steward/),
        expect.stringMatching(
          /fixture\.agents\[0\]\.rules\[0\]\.do\[2\]\.marker: an implementation agent cannot print the closure verdict marker "\[wave-verdict\]"/,
        ),
      ]),
    );
  });

  it('names the file and JSON path of schema problems, all at once', () => {
    const found = problems(
      casesDirWith((c) => {
        c.fixture.agents[1].capabilities = ['Queue Owner'];
        c.scoring.primaryMetric = 'accuracy';
        c.extra = true;
      }),
    );
    expect(found).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^wave-silo-cross-agent-state\.json: fixture\.agents\[1\]\.capabilities\[0\]: expected a lowercase id/),
        expect.stringMatching(/^wave-silo-cross-agent-state\.json: scoring\.primaryMetric: expected one of/),
        expect.stringMatching(/^wave-silo-cross-agent-state\.json: \(root\): unknown field\(s\) "extra"/),
      ]),
    );
  });

  it('rejects a policy that writes outside its owned paths or references an unknown record', () => {
    const found = problems(
      casesDirWith((c) => {
        c.fixture.agents[0].rules.push({
          when: { start: true },
          do: [
            { writeFile: { path: 'services/db/hack.sql', content: 'x' } },
            { resolve: 'q-nope' },
            { post: { id: 'q-new', kind: 'request', summary: 's', targets: ['agent:A7'] } },
          ],
        });
      }),
    );
    expect(found).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/fixture\.agents\[0\]\.rules\[3\]: writeFile "services\/db\/hack\.sql" is outside A1's owned paths/),
        expect.stringMatching(/fixture\.agents\[0\]\.rules\[3\]: unknown record "q-nope"/),
        expect.stringMatching(/fixture\.agents\[0\]\.rules\[3\]: unknown agent in target "agent:A7"/),
      ]),
    );
  });

  it('rejects an invalid policy action with its path', () => {
    const found = problems(
      casesDirWith((c) => {
        c.fixture.agents[0].rules[0].do.push({ marker: 'wave-proof without brackets' });
      }),
    );
    expect(found.some((f) => /fixture\.agents\[0\]\.rules\[0\]\.do\[2\]/.test(f))).toBe(true);
  });
});

describe('case catalog and produced facts', () => {
  it('an unregistered case, a family mismatch and a fact no policy produces are all reported', () => {
    const dir = casesDirWith((c) => {
      c.family = 'silo-escapes';
      c.expectations.facts[0].token = 'NEVER-POSTED-TOKEN';
    });
    const catalog = JSON.parse(readFileSync(join(dir, 'catalog.json'), 'utf8'));
    delete catalog.cases['wave-premature-closure-guard'];
    writeFileSync(join(dir, 'catalog.json'), JSON.stringify(catalog));
    const found = problems(dir);
    expect(found).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^catalog\.json: cases\.wave-premature-closure-guard: case wave-premature-closure-guard is not registered/),
        expect.stringMatching(/^catalog\.json: cases\.wave-silo-cross-agent-state: registered as silo-escape/),
        expect.stringMatching(/expectations\.facts\[0\]\.token: "NEVER-POSTED-TOKEN" is never produced/),
      ]),
    );
  });
});
