// The skills library (issue 7): every skill loads and validates, stays short, and resolves in the
// documented order; bad metadata and unknown skills are clear errors.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../orchestrator/errors.js';
import { loadSkillLibrary, resolveSkillIds } from '../../orchestrator/skills/index.js';
import { agent } from '../helpers/agents.js';
import { tempDir } from '../helpers/tmp.js';

describe('skills', () => {
  const library = loadSkillLibrary();

  it('ships a skill per role, a core skill and a runtime note per real executor, each concise', () => {
    expect([...library.keys()].sort()).toEqual([
      'cont-eval',
      'cont-qa',
      'core',
      'documentation',
      'implementation',
      'integration',
      'runtime-claude',
      'runtime-codex',
      'runtime-opencode',
      'security',
    ]);
    for (const skill of library.values()) expect(skill.text.length, skill.id).toBeLessThan(3_000);
    expect(library.get('core')!.text).toContain('[wave-proof]');
  });

  it('resolves explicit skills, then the role skill, core, and the executor runtime note', () => {
    expect(resolveSkillIds(agent('A1'), 'codex', library)).toEqual(['implementation', 'core', 'runtime-codex']);
    expect(resolveSkillIds(agent('A1', { skills: ['security'] }), 'claude', library)).toEqual([
      'security',
      'implementation',
      'core',
      'runtime-claude',
    ]);
    expect(resolveSkillIds(agent('A0', { role: 'cont-qa' }), 'scripted', library)).toEqual(['cont-qa', 'core']);
    expect(() => resolveSkillIds(agent('A7', { skills: ['telepathy'] }), 'codex', library)).toThrow(/agent A7: unknown skill telepathy/);
  });

  it('reports bad skill metadata with the file and field', () => {
    const dir = tempDir();
    for (const [folder, meta] of [
      ['good', { id: 'good', version: '1.0.0', roles: ['all'], executors: [], description: 'ok' }],
      ['misnamed', { id: 'other', version: '1.0.0', description: 'x' }],
      ['badversion', { id: 'badversion', version: '1.0', description: 'x' }],
    ] as const) {
      mkdirSync(join(dir, folder));
      writeFileSync(join(dir, folder, 'skill.json'), JSON.stringify(meta));
      writeFileSync(join(dir, folder, 'SKILL.md'), '# text\n');
    }
    try {
      loadSkillLibrary(dir);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(InputError);
      const messages = (error as InputError).issues.map((i) => `${i.file.split('/').slice(-2).join('/')}: ${i.message}`);
      expect(messages).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/misnamed\/skill\.json: id "other" must equal the folder name "misnamed"/),
          expect.stringMatching(/badversion\/skill\.json: version: expected a semantic version/),
        ]),
      );
    }
  });
});
