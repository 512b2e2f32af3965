// The wave an arm runs for a SWE-bench Pro task (SPEC 3.5 step 3, issue 7). Built only from the
// task's problem statement, requirements and interface — never from its patch or tests. Pure.
import { DEFAULT_CLOSURE_IDS, unsafePathReason, type AgentDefinition, type WaveDefinition } from '../../orchestrator/index.js';

export interface TaskBrief {
  instanceId: string;
  repo: string;
  problemStatement: string;
  requirements: string;
  interface: string;
}

const TEST_DIR = /^(tests?|spec|specs|__tests__|testing)$/i;

/** The prompt every implementation owner starts from: the task, and nothing the verifier knows. */
export function taskPrompt(t: TaskBrief, focus: string): string {
  return [
    `Repository ${t.repo}, task ${t.instanceId}.`,
    '',
    '## Problem statement',
    t.problemStatement.trim(),
    '',
    '## Requirements',
    t.requirements.trim() || '(none given)',
    '',
    '## Interface',
    t.interface.trim() || '(none given)',
    '',
    focus,
  ].join('\n');
}

function agent(
  id: string,
  title: string,
  role: AgentDefinition['role'],
  ownedPaths: string[],
  prompt: string,
  executor: Record<string, string>,
): AgentDefinition {
  return {
    id,
    title,
    role,
    prompt,
    ownedPaths,
    capabilities: role === 'implementation' ? [id === 'A1' ? 'source' : 'tests'] : [],
    components: [],
    skills: [],
    deliverables: [],
    proofArtifacts: [],
    executor,
  };
}

/** One owner of the whole repository (single-agent) or source + tests owners with stewards (full wave). */
export function planTaskWave(
  t: TaskBrief,
  o: { topLevel: string[]; fullWave: boolean; executorFor: (agentId: string) => Record<string, string> },
): WaveDefinition {
  // Entries whose names cannot be a wave file's owned path (a backslash, a newline, a leading ~) stay unowned.
  const entries = o.topLevel.filter(
    (e) => e !== '.git' && !e.startsWith('.wave') && !unsafePathReason(e) && !/[\u0000-\u001f]/.test(e) && !e.startsWith('-'),
  );
  const tests = entries.filter((e) => TEST_DIR.test(e));
  const source = entries.filter((e) => !tests.includes(e));
  const agents =
    o.fullWave && tests.length && source.length
      ? [
          agent(
            'A1',
            'Source owner',
            'implementation',
            source,
            taskPrompt(
              t,
              'You own the source code. Make the change the task asks for; ask the tests owner (capability:tests) for anything in the test folders.',
            ),
            o.executorFor('A1'),
          ),
          agent(
            'A2',
            'Tests and verification owner',
            'implementation',
            tests,
            taskPrompt(
              t,
              'You own the tests. Add or adjust tests for the task and report evidence of what passes; ask the source owner (capability:source) for source changes.',
            ),
            o.executorFor('A2'),
          ),
        ]
      : [
          agent(
            'A1',
            'Task owner',
            'implementation',
            entries.length ? entries : ['.'],
            taskPrompt(t, 'You own the whole repository. Make the change the task asks for.'),
            o.executorFor('A1'),
          ),
        ];
  if (o.fullWave) {
    agents.push(
      agent(
        'A8',
        'Integration steward',
        'integration',
        [],
        'Check that the source and test changes fit together and nothing is left open.',
        o.executorFor('A8'),
      ),
    );
    agents.push(agent('A0', 'cont-QA', 'cont-qa', [], 'Give the final verdict on the change.', o.executorFor('A0')));
  }
  return {
    wave: 1,
    title: `${t.repo}: ${t.instanceId}`,
    file: '.wave-task/wave-1.md',
    componentPromotions: [],
    evalTargets: [],
    agents,
    closureIds: { ...DEFAULT_CLOSURE_IDS },
  };
}
