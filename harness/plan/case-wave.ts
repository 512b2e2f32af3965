// Turning a case into the wave the launcher runs (SPEC 3.2): implementation agents and closure
// stewards, each with the scripted executor and its policy file. Pure: the runner writes the files.
import { DEFAULT_CLOSURE_IDS, type AgentDefinition, type AgentRole, type ScriptedPolicy, type WaveDefinition } from '../../orchestrator/index.js';
import type { EvalCase } from '../load/cases.js';

export const POLICY_DIR = '.wave-case/policies';
export const WAVE_FILE = '.wave-case/wave-1.md';

/** Stewards a case gets when it does not define its own: an integration steward and cont-QA. */
export const DEFAULT_STEWARDS: { id: string; title: string; capabilities: string[]; prompt: string; rules: unknown[] }[] = [
  {
    id: 'A8',
    title: 'Integration steward',
    capabilities: [],
    prompt: 'Decide whether the pieces fit before closure.',
    rules: [{ when: { start: true }, do: [{ marker: '[wave-integration] state=ready-for-doc-closure claims=0 conflicts=0 blockers=0 detail=no open conflicts' }] }],
  },
  {
    id: 'A0',
    title: 'cont-QA',
    capabilities: [],
    prompt: 'Give the final verdict.',
    rules: [{ when: { start: true }, do: [{ marker: '[wave-gate] architecture=pass integration=pass durability=pass live=pass docs=pass' }, { marker: '[wave-verdict] pass detail=all stages passed' }] }],
  },
];

function stewardRole(id: string, capabilities: string[]): AgentRole {
  if (id === DEFAULT_CLOSURE_IDS.integration) return 'integration';
  if (id === DEFAULT_CLOSURE_IDS.documentation) return 'documentation';
  if (id === DEFAULT_CLOSURE_IDS.contQa) return 'cont-qa';
  if (id === DEFAULT_CLOSURE_IDS.contEval) return 'cont-eval';
  return capabilities.includes('security-review') ? 'security' : 'integration';
}

export interface CaseWavePlan {
  wave: WaveDefinition;
  /** Relative policy path → policy. */
  policies: Record<string, ScriptedPolicy>;
}

/** The wave for a case; stewards default to DEFAULT_STEWARDS. */
export function planCaseWave(c: EvalCase, defaultPolicies: Record<string, ScriptedPolicy>): CaseWavePlan {
  const policies: Record<string, ScriptedPolicy> = {};
  const policyFor = (id: string) => {
    const path = `${POLICY_DIR}/${id}.json`;
    policies[path] = c.policies[id] ?? defaultPolicies[id]!;
    return path;
  };
  const impl: AgentDefinition[] = c.fixture.agents.map((a) => ({
    id: a.id, title: a.title, role: 'implementation', prompt: a.prompt, ownedPaths: a.ownedPaths, capabilities: a.capabilities, components: a.components, skills: [], deliverables: a.deliverables, proofArtifacts: [],
    ...(a.exitContract ? { exitContract: a.exitContract } : {}),
    executor: { id: 'scripted', policy: policyFor(a.id) },
  }));
  const stewardDefs = c.fixture.stewards.length ? c.fixture.stewards : DEFAULT_STEWARDS;
  const missingQa = !stewardDefs.some((s) => s.id === DEFAULT_CLOSURE_IDS.contQa);
  const stewards: AgentDefinition[] = [...stewardDefs, ...(missingQa ? DEFAULT_STEWARDS.filter((s) => s.id === 'A0') : [])].map((s) => ({
    id: s.id, title: s.title, role: stewardRole(s.id, s.capabilities), prompt: s.prompt, ownedPaths: [], capabilities: s.capabilities, components: [], skills: [], deliverables: [], proofArtifacts: [],
    executor: { id: 'scripted', policy: policyFor(s.id) },
  }));
  const wave: WaveDefinition = { wave: 1, title: c.title, file: WAVE_FILE, componentPromotions: c.fixture.componentPromotions, evalTargets: [], agents: [...impl, ...stewards], closureIds: { ...DEFAULT_CLOSURE_IDS } };
  return { wave, policies };
}
