// The skills library (issue 7): `skills/<id>/SKILL.md` + `skill.json`, resolved per agent in a
// fixed order: the agent's explicit `### Skills`, its role's default skill, `core`, then the
// runtime note of its executor (`runtime-<executor>`), each at most once.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InputError, WaveBenchError } from '../errors.js';
import { parseSkillFile, type SkillFile } from '../schema/skill.js';
import type { AgentDefinition } from '../wave/types.js';

export interface Skill extends SkillFile {
  text: string;
  dir: string;
}

/** The repository's skills folder, found by walking up from this module to package.json. */
export function defaultSkillsDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json')) || !existsSync(join(dir, 'skills'))) {
    const up = dirname(dir);
    if (up === dir)
      throw new WaveBenchError('skills-missing', 'cannot find the skills/ folder of wave-bench', {
        fix: 'run wave-bench from its repository checkout',
      });
    dir = up;
  }
  return join(dir, 'skills');
}

const cache = new Map<string, Map<string, Skill>>();

/** Every skill in `dir`, validated; all problems reported at once. */
export function loadSkillLibrary(dir = defaultSkillsDir()): Map<string, Skill> {
  const cached = cache.get(dir);
  if (cached) return cached;
  const skills = new Map<string, Skill>();
  const issues: { file: string; where: string; message: string }[] = [];
  for (const name of readdirSync(dir).sort()) {
    const meta = join(dir, name, 'skill.json');
    const body = join(dir, name, 'SKILL.md');
    if (!existsSync(meta) || !existsSync(body)) {
      issues.push({ file: join(dir, name), where: 'folder', message: 'a skill folder needs skill.json and SKILL.md' });
      continue;
    }
    const parsed = parseSkillFile(JSON.parse(readFileSync(meta, 'utf8')));
    if (!parsed.ok) parsed.problems.forEach((p) => issues.push({ file: meta, where: p.split(':')[0]!, message: p }));
    else if (parsed.skill.id !== name)
      issues.push({ file: meta, where: 'id', message: `id "${parsed.skill.id}" must equal the folder name "${name}"` });
    else skills.set(name, { ...parsed.skill, text: readFileSync(body, 'utf8'), dir: join(dir, name) });
  }
  if (issues.length) throw new InputError(issues, 'fix the skill files listed above');
  cache.set(dir, skills);
  return skills;
}

/** The role's default skill id: the role name itself. */
export function roleSkillId(role: AgentDefinition['role']): string {
  return role;
}

/** The ordered skills for an agent; an unknown explicit skill id is an error naming the agent. */
export function resolveSkillIds(agent: AgentDefinition, executorId: string, library: Map<string, Skill>): string[] {
  const unknown = agent.skills.filter((id) => !library.has(id));
  if (unknown.length) {
    throw new WaveBenchError('unknown-skill', `agent ${agent.id}: unknown skill ${unknown.join(', ')}`, {
      fix: `use one of ${[...library.keys()].join(', ')}`,
    });
  }
  const order = [...agent.skills, roleSkillId(agent.role), 'core', `runtime-${executorId}`];
  return [...new Set(order.filter((id) => library.has(id)))];
}

export function loadSkillsFor(agent: AgentDefinition, executorId: string, dir?: string): { id: string; text: string }[] {
  const library = loadSkillLibrary(dir);
  return resolveSkillIds(agent, executorId, library).map((id) => ({ id, text: library.get(id)!.text }));
}
