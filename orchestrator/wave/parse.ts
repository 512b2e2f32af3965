// Parsing a wave file (SPEC 2.2) into a WaveDefinition. Pure: text in, definition and issues out.
// Every problem is collected with its line, agent and field; validation rules live in validate.ts.
import type { InputIssue } from '../errors.js';
import {
  COMPONENT_LEVELS,
  COMPLETION_LEVELS,
  DEFAULT_CLOSURE_IDS,
  DOC_IMPACT_LEVELS,
  DURABILITY_LEVELS,
  PROOF_LEVELS,
  type AgentDefinition,
  type AgentRole,
  type ClosureRoleIds,
  type ComponentLevel,
  type EvalTarget,
  type ExitContract,
  type ProofArtifact,
  type WaveDefinition,
} from './types.js';
import { bullets, fencedBlock, keyValue, splitSections, type Line, type Section } from './sections.js';

export const AGENT_ROLES: readonly AgentRole[] = ['implementation', 'cont-eval', 'security', 'integration', 'documentation', 'cont-qa'];

export interface ParseResult {
  definition: WaveDefinition;
  issues: InputIssue[];
}

class Issues {
  readonly list: InputIssue[] = [];
  constructor(readonly file: string) {}
  add(line: number, where: string, message: string): void {
    this.list.push({ file: this.file, where: `line ${line}${where ? `, ${where}` : ''}`, message });
  }
}

/** The wave number from a `wave-<N>.md` file name, or undefined. */
export function waveNumberFromName(fileName: string): number | undefined {
  const m = /(?:^|[\\/])wave-(\d+)\.md$/.exec(fileName);
  return m ? Number(m[1]) : undefined;
}

/** Parses wave-file text; `file` names it in messages and gives the wave number. */
export function parseWaveText(text: string, file: string, closureIds: Partial<ClosureRoleIds> = {}): ParseResult {
  const issues = new Issues(file);
  const lines: Line[] = text.split(/\r?\n/).map((t, i) => ({ n: i + 1, text: t }));
  const { preamble, sections } = splitSections(lines, 2);
  const wave = waveNumberFromName(file);
  if (wave === undefined)
    issues.add(1, 'file name', `expected a file named wave-<N>.md, found ${JSON.stringify(file.split(/[\\/]/).pop())}`);
  const title = preamble.find((l) => l.text.startsWith('# '));
  if (!title) issues.add(1, 'title', 'expected a "# Title" line before the first section');
  const commit = preamble.map((l) => /^\*\*Commit message\*\*:\s*`([^`]*)`/.exec(l.text)).find(Boolean);
  // `**Depends on**: wave 0, wave 1` (or `0, 1`): waves that must have completed before this one starts.
  const depends = preamble.find((l) => /^\*\*Depends on\*\*:/.test(l.text));
  const dependsOn: number[] = [];
  if (depends) {
    for (const part of depends.text
      .replace(/^\*\*Depends on\*\*:/, '')
      .split(',')
      .map((p) => p.trim())
      .filter(Boolean)) {
      const m = /^(?:wave[- ]?)?(\d+)$/i.exec(part);
      if (m) dependsOn.push(Number(m[1]));
      else issues.add(depends.n, 'Depends on', `expected wave numbers such as "**Depends on**: wave 0, wave 1", found "${part}"`);
    }
  }
  const definition: WaveDefinition = {
    wave: wave ?? 0,
    title: title ? title.text.slice(2).trim() : '',
    ...(commit ? { commitMessage: commit[1] } : {}),
    ...(dependsOn.length ? { dependsOn } : {}),
    file,
    componentPromotions: [],
    evalTargets: [],
    agents: [],
    closureIds: { ...DEFAULT_CLOSURE_IDS, ...closureIds },
  };
  for (const section of sections) parseSection(section, definition, issues);
  return { definition, issues: issues.list };
}

function parseSection(section: Section, def: WaveDefinition, issues: Issues): void {
  const agent = /^Agent\s+([A-Za-z][A-Za-z0-9_-]*)\s*:\s*(.+)$/.exec(section.heading);
  if (agent) def.agents.push(parseAgent(agent[1]!, agent[2]!.trim(), section, issues, def.closureIds));
  else if (/^component promotions$/i.test(section.heading)) def.componentPromotions = parsePromotions(section, issues);
  else if (/^eval targets$/i.test(section.heading)) def.evalTargets = parseEvalTargets(section, issues);
  else issues.add(section.line, `section "${section.heading}"`, 'expected "Component promotions", "Eval targets" or "Agent <ID>: <Title>"');
}

function parsePromotions(section: Section, issues: Issues): WaveDefinition['componentPromotions'] {
  return bullets(section.body).flatMap((b) => {
    const kv = keyValue(b.text);
    if (!kv || !isOneOf(COMPONENT_LEVELS, kv.value)) {
      issues.add(
        b.n,
        'Component promotions',
        `expected "- <component-id>: <level>" with level one of ${COMPONENT_LEVELS.join('|')}, found "${b.text}"`,
      );
      return [];
    }
    return [{ component: kv.key, level: kv.value as ComponentLevel }];
  });
}

function pipeFields(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of text.split('|')) {
    const kv = keyValue(part);
    if (kv) out.set(kv.key, kv.value);
  }
  return out;
}

function parseEvalTargets(section: Section, issues: Issues): EvalTarget[] {
  return bullets(section.body).flatMap((b) => {
    const f = pipeFields(b.text);
    const missing = ['id', 'selection', 'benchmark-family', 'benchmarks'].filter((k) => !f.get(k));
    const selection = f.get('selection');
    if (missing.length)
      issues.add(
        b.n,
        'Eval targets',
        `missing ${missing.join(', ')} (expected "- id: X | selection: pinned|delegated | benchmark-family: F | benchmarks: a,b | objective: ... | threshold: ...")`,
      );
    else if (selection !== 'pinned' && selection !== 'delegated')
      issues.add(b.n, `eval target ${f.get('id')}`, `selection must be pinned or delegated, found "${selection}"`);
    if (missing.length || (selection !== 'pinned' && selection !== 'delegated')) return [];
    return [
      {
        id: f.get('id')!,
        selection,
        benchmarkFamily: f.get('benchmark-family')!,
        benchmarks: splitList(f.get('benchmarks')!),
        objective: f.get('objective') ?? '',
        threshold: f.get('threshold') ?? '',
      },
    ];
  });
}

function splitList(text: string): string[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

const isOneOf = <T extends string>(levels: readonly T[], v: string | undefined): v is T =>
  v !== undefined && (levels as readonly string[]).includes(v);

function parseAgent(id: string, title: string, section: Section, issues: Issues, closureIds: ClosureRoleIds): AgentDefinition {
  const { sections: subs } = splitSections(section.body, 3);
  const sub = (name: string) => subs.find((s) => s.heading.toLowerCase() === name);
  const list = (name: string) => bullets(sub(name)?.body ?? []).map((b) => b.text);
  const where = (field: string) => `agent ${id} / ${field}`;
  for (const s of subs)
    if (!KNOWN_SUBSECTIONS.includes(s.heading.toLowerCase()))
      issues.add(s.line, where(s.heading), `unknown subsection; expected one of ${KNOWN_SUBSECTIONS.map(cap).join(', ')}`);
  const prompt = sub('prompt') ? fencedBlock(sub('prompt')!.body) : undefined;
  if (!prompt)
    issues.add(sub('prompt')?.line ?? section.line, where('Prompt'), 'expected a "### Prompt" subsection with a fenced ``` block');
  else if (!prompt.text.trim())
    issues.add(sub('prompt')!.line, where('Prompt'), 'the fenced prompt block is empty; write the task the agent should do');
  const capabilities = list('capabilities');
  const agent: AgentDefinition = {
    id,
    title,
    role: parseRole(id, sub('role'), capabilities, issues, closureIds),
    prompt: prompt?.text.trim() ?? '',
    ownedPaths: list('owned paths'),
    capabilities,
    components: list('components'),
    skills: list('skills'),
    deliverables: list('deliverables'),
    proofArtifacts: parseProofArtifacts(id, sub('proof artifacts'), issues),
    executor: parseExecutor(sub('executor')),
  };
  const contract = sub('exit contract');
  if (contract) {
    const parsed = parseExitContract(id, contract, issues);
    if (parsed) agent.exitContract = parsed;
  }
  return agent;
}

const KNOWN_SUBSECTIONS = [
  'role',
  'executor',
  'capabilities',
  'components',
  'skills',
  'deliverables',
  'proof artifacts',
  'exit contract',
  'owned paths',
  'prompt',
];
const cap = (s: string) => s[0]!.toUpperCase() + s.slice(1);

function parseRole(
  id: string,
  sub: Section | undefined,
  capabilities: string[],
  issues: Issues,
  ids: ClosureRoleIds = DEFAULT_CLOSURE_IDS,
): AgentRole {
  const text = sub?.body
    .map((l) => l.text.trim())
    .find(Boolean)
    ?.replace(/^[-*]\s+/, '')
    .trim()
    .toLowerCase();
  if (text) {
    if (isOneOf(AGENT_ROLES, text)) return text;
    issues.add(sub!.line, `agent ${id} / Role`, `expected one of ${AGENT_ROLES.join('|')}, found "${text}"`);
  }
  const conventional: Record<string, AgentRole> = {
    [ids.contEval]: 'cont-eval',
    [ids.integration]: 'integration',
    [ids.documentation]: 'documentation',
    [ids.contQa]: 'cont-qa',
  };
  if (conventional[id]) return conventional[id]!;
  return capabilities.includes('security-review') ? 'security' : 'implementation';
}

function parseExecutor(sub: Section | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const b of bullets(sub?.body ?? [])) {
    const kv = keyValue(b.text);
    if (kv) out[kv.key] = kv.value;
  }
  return out;
}

function parseProofArtifacts(id: string, sub: Section | undefined, issues: Issues): ProofArtifact[] {
  return bullets(sub?.body ?? []).flatMap((b) => {
    if (!b.text.includes('|') && !/^path\s*:/.test(b.text)) return [{ path: b.text, requiredFor: [] }];
    const f = pipeFields(b.text);
    const path = f.get('path');
    const levels = splitList(f.get('required-for') ?? '');
    const bad = levels.filter((l) => !isOneOf(COMPONENT_LEVELS, l));
    if (!path) issues.add(b.n, `agent ${id} / Proof artifacts`, `expected "path: X | kind: K | required-for: lvl,lvl", found "${b.text}"`);
    if (bad.length)
      issues.add(
        b.n,
        `agent ${id} / Proof artifacts`,
        `required-for levels ${bad.join(', ')} are not component levels (${COMPONENT_LEVELS.join('|')})`,
      );
    if (!path || bad.length) return [];
    return [{ path, ...(f.get('kind') ? { kind: f.get('kind') } : {}), requiredFor: levels as ComponentLevel[] }];
  });
}

function parseExitContract(id: string, sub: Section, issues: Issues): ExitContract | undefined {
  const f = new Map(bullets(sub.body).map((b) => [keyValue(b.text)?.key ?? '', keyValue(b.text)?.value ?? '']));
  const fields: [keyof ExitContract, string, readonly string[]][] = [
    ['completion', 'completion', COMPLETION_LEVELS],
    ['durability', 'durability', DURABILITY_LEVELS],
    ['proof', 'proof', PROOF_LEVELS],
    ['docImpact', 'doc-impact', DOC_IMPACT_LEVELS],
  ];
  let ok = true;
  for (const [, key, allowed] of fields) {
    const v = f.get(key);
    if (!isOneOf(allowed, v)) {
      ok = false;
      issues.add(
        sub.line,
        `agent ${id} / Exit contract / ${key}`,
        `expected one of ${allowed.join('|')}, found ${v === undefined ? 'nothing' : `"${v}"`}`,
      );
    }
  }
  if (!ok) return undefined;
  return {
    completion: f.get('completion'),
    durability: f.get('durability'),
    proof: f.get('proof'),
    docImpact: f.get('doc-impact'),
  } as ExitContract;
}
