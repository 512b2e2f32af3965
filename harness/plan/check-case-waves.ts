// A case is turned into a generated wave file; a case field that cannot survive that (a multi-line
// title, a blank prompt, a prompt holding a ``` fence) must be reported against the case file and
// field before any work, not against the generated file deep inside the run's work directory.
import { parseWaveText, renderWaveFile, validateWave, type InputIssue } from '../../orchestrator/index.js';
import type { EvalCase } from '../load/cases.js';
import { planCaseWave } from './case-wave.js';

const FIELD_OF: Record<string, string> = {
  prompt: 'prompt',
  role: 'id',
  executor: 'rules',
  'owned paths': 'ownedPaths',
  deliverables: 'deliverables',
  capabilities: 'capabilities',
  components: 'components',
  'exit contract': 'exitContract',
};

/** Every problem of every case's generated wave, named by case file and case field. */
export function checkCaseWaves(cases: readonly EvalCase[]): InputIssue[] {
  return cases.flatMap((c) => {
    const { wave } = planCaseWave(c, { executor: 'scripted', privateDir: '/private', knowledge: 'own' });
    const { issues } = parseWaveText(renderWaveFile(wave), wave.file);
    const all = issues.length ? issues : validateWave(wave);
    return all.map((issue) => ({ file: c.file, where: caseField(c, issue.where), message: issue.message }));
  });
}

function caseField(c: EvalCase, where: string): string {
  const m = /agent ([A-Za-z][A-Za-z0-9_-]*)(?: \/ ([A-Za-z ]+))?/.exec(where);
  const agent = c.fixture.agents.findIndex((a) => a.id === m?.[1]);
  const base = agent >= 0 ? `fixture.agents[${agent}]` : undefined;
  if (!base) return `generated wave (${where}); check the titles and prompts of fixture.agents`;
  const field = m?.[2] ? FIELD_OF[m[2].toLowerCase()] : undefined;
  return field ? `${base}.${field}` : `${base} (generated wave ${where})`;
}
