// Compiled prompts (issue 7): one golden file per role, every marker a role's gate needs appears
// in its prompt with syntax our own parser accepts, the sections come in a fixed order, and the
// task hash ignores the volatile summary and inbox.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAgentLog } from '../../orchestrator/markers/index.js';
import { compileAgentPrompt, REQUIRED_MARKERS_HEADING } from '../../orchestrator/prompt/index.js';
import { loadSkillsFor } from '../../orchestrator/skills/index.js';
import { loadWaveFile, type AgentDefinition, type WaveDefinition } from '../../orchestrator/wave/index.js';
import { repo } from '../helpers/cli.js';

const wave = loadWaveFile(join(repo, 'orchestrator', 'examples', 'wave-1.md'));
const SUMMARY = '# Shared summary\n\n## Open blockers\n- [blocker/open/high] `b1` by A1: replay test flaky\n';
const INBOX =
  '# Inbox\n\n## Needs your attention\n- [request/open/normal] `q1` by A8 → agent:A1: confirm batch ids are unique (targeted)\n';

function compile(w: WaveDefinition, agent: AgentDefinition, overrides: { summary?: string; inbox?: string } = {}) {
  return compileAgentPrompt({
    wave: { ...w, file: 'orchestrator/examples/wave-1.md' },
    agent,
    attempt: 1,
    skills: loadSkillsFor(agent, 'codex'),
    sharedSummary: overrides.summary ?? SUMMARY,
    inbox: overrides.inbox ?? INBOX,
    summaryBound: 6000,
    inboxBound: 4000,
    controlCommand: 'wave-bench control --workspace <ws> --lane main --wave 1',
  });
}

function requiredBlock(text: string): string {
  const section = text.split(`## ${REQUIRED_MARKERS_HEADING}`)[1] ?? '';
  return (/```\n([\s\S]*?)\n```/.exec(section)?.[1] ?? '').replace(/<[^>]*>/g, 'x');
}

describe('compiled prompts', () => {
  it.each(wave.agents.map((a) => [a.role, a] as const))('%s prompt matches its golden file', async (_role, agent) => {
    await expect(compile(wave, agent).text).toMatchFileSnapshot(join(repo, 'test', 'fixtures', 'prompts', `${agent.id}-${agent.role}.md`));
  });

  it.each(wave.agents.map((a) => [a.id, a] as const))('%s: the markers its gate needs are in the prompt and parse', (_id, agent) => {
    const summary = parseAgentLog(agent.id, requiredBlock(compile(wave, agent).text));
    expect(summary.invalid).toEqual([]);
    const checks: Record<string, () => void> = {
      implementation: () => {
        expect(summary.proof).toMatchObject({ completion: 'integrated', durability: 'durable', proof: 'integration', state: 'met' });
        expect(summary.docDelta?.state).toBe('owned');
        expect(summary.components['ledger-core']).toMatchObject({ level: 'repo-landed', state: 'met' });
      },
      'cont-eval': () =>
        expect(summary.eval).toMatchObject({ state: 'satisfied', regressions: 0, targetIds: wave.evalTargets.map((t) => t.id) }),
      security: () => expect(summary.security?.state).toBe('clear'),
      integration: () => expect(summary.integration?.state).toBe('ready-for-doc-closure'),
      documentation: () => expect(summary.docClosure?.state).toBe('closed'),
      'cont-qa': () => {
        expect(Object.values(summary.gate!.dimensions).every((v) => v === 'pass')).toBe(true);
        expect(summary.verdict?.verdict).toBe('pass');
      },
    };
    checks[agent.role]!();
  });

  it('keeps a fixed section order and hashes only the stable part', () => {
    const a1 = wave.agents[0]!;
    const { text, taskHash } = compile(wave, a1);
    const order = [
      '## Task',
      '## Owned paths',
      '## Deliverables',
      '## Exit contract',
      `## ${REQUIRED_MARKERS_HEADING}`,
      '## Skill: implementation',
      '## Skill: core',
      '## Skill: runtime-codex',
      '## Coordinating with other agents',
      '## Shared summary',
      '## Your inbox',
    ];
    const at = order.map((h) => text.indexOf(h));
    expect(
      at.every((i) => i >= 0),
      JSON.stringify(at),
    ).toBe(true);
    expect([...at].sort((x, y) => x - y)).toEqual(at);
    expect(compile(wave, a1, { summary: 'other', inbox: 'other' }).taskHash).toBe(taskHash);
    expect(compile(wave, { ...a1, prompt: `${a1.prompt} Also log it.` }).taskHash).not.toBe(taskHash);
    expect(text).toContain('task create --agent A1 --kind');
    expect(text).toContain('Change nothing outside these paths.');
  });
});
