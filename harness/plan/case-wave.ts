// Turning a case into the wave the launcher runs (SPEC 3.2): the case's implementation agents with
// the run's executor, plus the shared default closure stewards (never scripted by a case). Private
// knowledge (observations) and scripted policies are planned as files OUTSIDE the shared workspace.
// Pure: the runner writes the files.
import {
  DEFAULT_CLOSURE_IDS,
  type AgentDefinition,
  type AgentRole,
  type ScriptedPolicy,
  type WaveDefinition,
} from '../../orchestrator/index.js';
import type { EvalCase } from '../load/cases.js';

export const WAVE_FILE = '.wave-case/wave-1.md';

/** The shared default stewards every case gets; they run the built-in `steward` executor. */
export const DEFAULT_STEWARDS: { id: string; title: string; role: AgentRole; prompt: string }[] = [
  {
    id: DEFAULT_CLOSURE_IDS.integration,
    title: 'Integration steward',
    role: 'integration',
    prompt: 'Decide from the projected integration summary whether the pieces fit before closure.',
  },
  {
    id: DEFAULT_CLOSURE_IDS.contQa,
    title: 'cont-QA',
    role: 'cont-qa',
    prompt: 'Give the final verdict from what the earlier closure stages and the integration summary show.',
  },
];

export interface CaseWaveOptions {
  /** Executor of the implementation agents: scripted (default), command, codex, claude, opencode. */
  executor: string;
  /** Command template for `command`. */
  command?: string;
  /** Absolute folder outside the workspace for policies and observations. */
  privateDir: string;
  /** `union`: the primary agent gets every agent's observations (single-agent--full-info). */
  knowledge: 'own' | 'union';
}

export interface CaseWavePlan {
  wave: WaveDefinition;
  /** Absolute policy path → policy (scripted executor only). */
  policies: Record<string, ScriptedPolicy>;
  /** Absolute observations path → its text, and the agent each belongs to. */
  observations: { agentId: string; path: string; text: string }[];
}

type Observation = EvalCase['fixture']['agents'][number]['observations'][number];

/**
 * One line per observation: `- [<kind>[ <id>][ about <targets>][ ask <targets>]] <text>`
 * (docs/native-suite.md; the reference agent `scripts/generic-agent.mjs` parses this shape).
 */
export function renderObservations(observations: readonly Observation[]): string {
  const lines = observations.map(
    (o) =>
      `- [${o.kind}${o.id ? ` ${o.id}` : ''}${o.about.length ? ` about ${o.about.join(' ')}` : ''}${o.ask.length ? ` ask ${o.ask.join(' ')}` : ''}] ${o.text}`,
  );
  return `# Private observations\n\n${lines.join('\n') || '- (none)'}\n`;
}

/** The wave for a case under the run's executor and the arm's knowledge setting. */
export function planCaseWave(c: EvalCase, options: CaseWaveOptions): CaseWavePlan {
  const policies: Record<string, ScriptedPolicy> = {};
  const observations: CaseWavePlan['observations'] = [];
  const all = c.fixture.agents.flatMap((a) => a.observations);
  const impl: AgentDefinition[] = c.fixture.agents.map((a) => {
    const known = options.knowledge === 'union' && a.id === c.fixture.primaryAgent ? all : a.observations;
    observations.push({ agentId: a.id, path: `${options.privateDir}/${a.id}/observations.md`, text: renderObservations(known) });
    const executor: AgentDefinition['executor'] = { id: options.executor };
    if (options.executor === 'scripted') {
      const path = `${options.privateDir}/policies/${a.id}.json`;
      policies[path] = c.policies[a.id]!;
      executor.policy = path;
    }
    if (options.command) executor.command = options.command;
    return {
      id: a.id,
      title: a.title,
      role: 'implementation',
      prompt: a.prompt,
      ownedPaths: a.ownedPaths,
      capabilities: a.capabilities,
      components: a.components,
      skills: [],
      deliverables: a.deliverables,
      proofArtifacts: [],
      ...(a.exitContract ? { exitContract: a.exitContract } : {}),
      executor,
    };
  });
  const stewards: AgentDefinition[] = DEFAULT_STEWARDS.map((s) => ({
    id: s.id,
    title: s.title,
    role: s.role,
    prompt: s.prompt,
    ownedPaths: [],
    capabilities: [],
    components: [],
    skills: [],
    deliverables: [],
    proofArtifacts: [],
    executor: { id: 'steward' },
  }));
  const wave: WaveDefinition = {
    wave: 1,
    title: c.title,
    file: WAVE_FILE,
    componentPromotions: c.fixture.componentPromotions,
    evalTargets: [],
    agents: [...impl, ...stewards],
    closureIds: { ...DEFAULT_CLOSURE_IDS },
  };
  return { wave, policies, observations };
}
