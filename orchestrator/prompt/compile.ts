// Compiling an agent's prompt (SPEC 2.7 step 4, issue 7). Pure: the same inputs give the same text.
// Order: identity and role, task, owned paths, deliverables, required markers, eval targets,
// skills, how to coordinate, then the volatile parts (shared summary, inbox) last, so the stable
// prefix — and its hash, used to reuse completed runs — does not change when the log does.
import { createHash } from 'node:crypto';
import type { AgentDefinition, WaveDefinition } from '../wave/types.js';
import { requiredMarkerLines } from './markers.js';
import { INBOX_HEADING, REQUIRED_MARKERS_HEADING, SHARED_SUMMARY_HEADING } from './sections.js';

export interface PromptSkill {
  id: string;
  text: string;
}

export interface PromptInput {
  wave: WaveDefinition;
  agent: AgentDefinition;
  attempt: number;
  skills: readonly PromptSkill[];
  sharedSummary: string;
  inbox: string;
  summaryBound: number;
  inboxBound: number;
  /** How the agent invokes the control CLI, e.g. `wave-bench control --workspace . --wave 1`. */
  controlCommand: string;
  /** The agent's private observations file, outside the shared workspace; its content is never inlined. */
  observationsFile?: string;
}

export interface CompiledPrompt {
  text: string;
  /** sha256 of the stable part (everything but summary and inbox): a changed task changes it. */
  taskHash: string;
}

/** The full prompt for one agent run. */
export function compileAgentPrompt(input: PromptInput): CompiledPrompt {
  const stable = stableSections(input).join('\n');
  const volatile = [
    `## ${SHARED_SUMMARY_HEADING}`,
    '',
    `(bounded to ${input.summaryBound} characters; most decision-relevant records first)`,
    '',
    input.sharedSummary.trim(),
    '',
    `## ${INBOX_HEADING}`,
    '',
    `(bounded to ${input.inboxBound} characters)`,
    '',
    input.inbox.trim(),
    '',
  ].join('\n');
  return { text: `${stable}\n${volatile}`, taskHash: promptHash(stable) };
}

export function promptHash(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function stableSections({ wave, agent, skills, controlCommand, observationsFile }: PromptInput): string[] {
  const markers = requiredMarkerLines(wave, agent);
  const out = [
    `# Wave ${wave.wave}: ${wave.title}`,
    '',
    `You are agent ${agent.id} (${agent.title}), role: ${agent.role}.`,
    '',
    '## Task',
    '',
    agent.prompt.trim(),
    '',
    '## Owned paths',
    '',
    ...(agent.ownedPaths.length ? agent.ownedPaths.map((p) => `- \`${p}\``) : ['- (none: do not change files)']),
    '',
    'Change nothing outside these paths. Ask the owner through a coordination request instead.',
    '',
  ];
  if (observationsFile) {
    out.push(
      '## Your private observations',
      '',
      `What only you know is in \`${observationsFile}\` (also in the environment variable WAVE_OBSERVATIONS_FILE). Read it first; no other agent can see it, so share what matters through coordination records.`,
      '',
    );
  }
  if (agent.deliverables.length || agent.proofArtifacts.length) {
    out.push(
      '## Deliverables',
      '',
      ...agent.deliverables.map((d) => `- \`${d}\``),
      ...agent.proofArtifacts.map((p) => `- \`${p.path}\` (proof artifact${p.kind ? `, ${p.kind}` : ''})`),
      '',
    );
  }
  if (agent.exitContract) {
    const c = agent.exitContract;
    out.push(
      '## Exit contract',
      '',
      `completion ${c.completion}, durability ${c.durability}, proof ${c.proof}, doc impact ${c.docImpact}.`,
      'Exiting 0 does not finish your work: only these markers and your deliverables do.',
      '',
    );
  }
  if (markers.length) {
    out.push(
      `## ${REQUIRED_MARKERS_HEADING}`,
      '',
      'Print each line below on its own line at the end of your output, replacing <...> with text. If a value is not true, print the honest value (for example state=gap) instead.',
      '',
      '```',
      ...markers,
      '```',
      '',
    );
  }
  if (agent.role === 'cont-eval' && wave.evalTargets.length) {
    out.push(
      '## Eval targets',
      '',
      ...wave.evalTargets.map(
        (t) =>
          `- ${t.id} (${t.selection}, ${t.benchmarkFamily}): benchmarks ${t.benchmarks.join(', ')}; objective: ${t.objective}; threshold: ${t.threshold}`,
      ),
      '',
    );
  }
  for (const skill of skills) out.push(`## Skill: ${skill.id}`, '', skill.text.trim(), '');
  out.push(
    '## Coordinating with other agents',
    '',
    `- Post a record: \`${controlCommand} task create --agent ${agent.id} --kind <request|claim|evidence|blocker|clarification-request|decision|handoff> --summary "..." [--detail "..."] [--target agent:<id>|capability:<cap>] [--priority low|normal|high|urgent]\``,
    `- Acknowledge: \`${controlCommand} task ack --agent ${agent.id} --id <record id>\``,
    `- Resolve: \`${controlCommand} task resolve --agent ${agent.id} --id <record id>\``,
    '',
  );
  return out;
}
