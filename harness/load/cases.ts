// Loads and validates native eval cases (SPEC 3.2, 3.3): schema, policies, and cross-references.
import { basename, join } from 'node:path';
import {
  InputError,
  WaveBenchError,
  didYouMean,
  isInsideOwned,
  parseScriptedPolicy,
  seedRecordId,
  unsafePathReason,
  type InputIssue,
  type ScriptedPolicy,
} from '../../orchestrator/index.js';
import { CaseFileSchema, CatalogFileSchema, type CaseFile } from '../schema/case.js';
import { listJsonFiles, readJsonFile } from './json-file.js';
import { zodIssues } from './zod-issues.js';

/** Ids of the shared default stewards; an implementation agent may not take them. */
export const STEWARD_IDS = ['A8', 'A0'];
/** Markers only closure stewards print. */
const STEWARD_MARKERS = ['wave-integration', 'wave-doc-closure', 'wave-eval', 'wave-security', 'wave-gate', 'wave-verdict'];

export interface EvalCase extends CaseFile {
  file: string;
  sha256: string;
  /** Validated policy per implementation agent id. */
  policies: Record<string, ScriptedPolicy>;
}

/** Every case in `dir`; all problems of all files reported at once. */
export const CATALOG_FILE = 'catalog.json';

export function loadCases(dir: string): EvalCase[] {
  const cases: EvalCase[] = [];
  const issues: InputIssue[] = [];
  for (const name of listJsonFiles(dir, '--cases-dir').filter((n) => n !== CATALOG_FILE)) {
    const file = join(dir, name);
    const { value, sha256 } = readJsonFile(file);
    const parsed = CaseFileSchema.safeParse(value);
    if (!parsed.success) {
      issues.push(...zodIssues(file, parsed.error));
      continue;
    }
    if (parsed.data.id !== basename(name, '.json'))
      issues.push({ file, where: 'id', message: `expected "${basename(name, '.json')}" (the file name), got "${parsed.data.id}"` });
    const { policies, problems } = validateCase(parsed.data, file);
    issues.push(...problems);
    cases.push({ ...parsed.data, file, sha256, policies });
  }
  issues.push(...checkCatalog(dir, cases));
  if (issues.length) throw new InputError(issues, 'fix the case files (format: docs/native-suite.md)');
  return cases;
}

/** Every case must be registered in catalog.json with its family and benchmark id, and vice versa. */
function checkCatalog(dir: string, cases: EvalCase[]): InputIssue[] {
  const file = join(dir, CATALOG_FILE);
  let raw: unknown;
  try {
    raw = readJsonFile(file).value;
  } catch (error) {
    return [
      {
        file,
        where: '(file)',
        message: `cannot read the case catalog: ${(error as Error).message}; create it with every case's family and benchmarkId`,
      },
    ];
  }
  const parsed = CatalogFileSchema.safeParse(raw);
  if (!parsed.success) return zodIssues(file, parsed.error);
  const issues: InputIssue[] = [];
  for (const c of cases) {
    const entry = parsed.data.cases[c.id];
    if (!entry)
      issues.push({
        file,
        where: `cases.${c.id}`,
        message: `case ${c.id} is not registered; add {"family": "${c.family}", "benchmarkId": "${c.benchmarkId}"}`,
      });
    else if (entry.family !== c.family || entry.benchmarkId !== c.benchmarkId)
      issues.push({
        file,
        where: `cases.${c.id}`,
        message: `registered as ${entry.family} / ${entry.benchmarkId}, but ${c.file} says ${c.family} / ${c.benchmarkId}`,
      });
    if (!parsed.data.families[c.family])
      issues.push({ file, where: `families.${c.family}`, message: `family "${c.family}" of case ${c.id} is not described in the catalog` });
  }
  for (const id of Object.keys(parsed.data.cases))
    if (!cases.some((c) => c.id === id))
      issues.push({ file, where: `cases.${id}`, message: `registered case ${id} has no file ${id}.json` });
  return issues;
}

/** Policies and every cross-field problem of one case (SPEC 3.3: unknown records, paths outside owned paths). */
export function validateCase(c: CaseFile, file: string): { policies: Record<string, ScriptedPolicy>; problems: InputIssue[] } {
  const problems: InputIssue[] = [];
  const add = (where: string, message: string) => problems.push({ file, where, message });
  const policies: Record<string, ScriptedPolicy> = {};
  if (c.fixture.stewards !== undefined)
    add(
      'fixture.stewards',
      'cases no longer script stewards: every case gets the shared default stewards (A8 integration, A0 cont-QA) that read only what the orchestrator projects; remove "stewards" and let the mechanisms decide (docs/native-suite.md)',
    );
  const members = c.fixture.agents.map((a, i) => ({ ...a, where: `fixture.agents[${i}]` }));
  const ids = members.map((m) => m.id);
  for (const dup of ids.filter((id, i) => ids.indexOf(id) !== i)) add('fixture', `agent id ${dup} is used twice`);
  members.forEach(
    (m) =>
      STEWARD_IDS.includes(m.id) &&
      add(`${m.where}.id`, `"${m.id}" is reserved for a default steward (${STEWARD_IDS.join(', ')}); rename the agent`),
  );
  for (const m of members) {
    const parsed = parseScriptedPolicy({ agentId: m.id, rules: m.rules });
    if (!parsed.ok) parsed.problems.forEach((p) => add(`${m.where}.${p.path}`, p.message));
    else policies[m.id] = parsed.policy;
    m.ownedPaths.forEach((p, i) => unsafePathReason(p) && add(`${m.where}.ownedPaths[${i}]`, `"${p}" ${unsafePathReason(p)}`));
    if (/[\r\n]/.test(m.title)) add(`${m.where}.title`, 'must be one line (it becomes the agent heading of the generated wave file)');
    if (!m.prompt.trim()) add(`${m.where}.prompt`, 'is blank; write the task the agent should do');
  }
  const known = new Set<string>([...c.fixture.seedRecords.map((r) => r.id), ...ids.map((id) => seedRecordId(1, id))]);
  for (const arrival of c.fixture.arrivals) known.add(arrival.record.id);
  for (const policy of Object.values(policies))
    for (const rule of policy.rules) for (const a of rule.do) if ('post' in a) known.add(a.post.id);
  for (const m of members) {
    const policy = policies[m.id];
    if (!policy) continue;
    policy.rules.forEach((rule, r) => {
      const refs = [rule.when.recordOpen, rule.when.recordResolved, rule.unless?.recordOpen, rule.unless?.recordResolved].filter(
        (x): x is string => x !== undefined,
      );
      rule.do.forEach((a, k) => {
        if ('marker' in a && STEWARD_MARKERS.some((name) => a.marker.startsWith(`[${name}]`)))
          add(
            `${m.where}.rules[${r}].do[${k}].marker`,
            `an implementation agent cannot print the closure verdict marker "${a.marker.split(']')[0]}]": only the default stewards judge closure; remove it`,
          );
      });
      for (const a of rule.do) {
        if ('ack' in a) refs.push(a.ack);
        if ('resolve' in a) refs.push(a.resolve);
        if ('reassign' in a) refs.push(a.reassign.id);
        if ('writeFile' in a && !isInsideOwned(a.writeFile.path, m.ownedPaths))
          add(
            `${m.where}.rules[${r}]`,
            `writeFile "${a.writeFile.path}" is outside ${m.id}'s owned paths (${m.ownedPaths.join(', ') || 'none'})`,
          );
      }
      for (const ref of refs) if (!known.has(ref)) add(`${m.where}.rules[${r}]`, `unknown record "${ref}": ${didYouMean(ref, [...known])}`);
      const targets = rule.do.flatMap((a) => ('post' in a ? a.post.targets : 'reassign' in a ? a.reassign.targets : []));
      for (const t of targets.filter((x) => x.startsWith('agent:')))
        if (!ids.includes(t.slice(6))) add(`${m.where}.rules[${r}]`, `unknown agent in target "${t}": ${didYouMean(t.slice(6), ids)}`);
    });
  }
  const e = c.expectations;
  if (!ids.includes(c.fixture.primaryAgent)) add('fixture.primaryAgent', `unknown agent "${c.fixture.primaryAgent}"`);
  e.facts.forEach((f, i) =>
    [f.holder, ...f.deliverTo].forEach((id) => ids.includes(id) || add(`expectations.facts[${i}]`, `unknown agent "${id}"`)),
  );
  const recordRefs: [string, string][] = [
    ...e.conflicts.flatMap((x, i) => x.claims.map((id) => [`expectations.conflicts[${i}]`, id] as [string, string])),
    ...e.simultaneousBlockers.map((id, i) => [`expectations.simultaneousBlockers[${i}]`, id] as [string, string]),
    ...e.routing.map((r, i) => [`expectations.routing[${i}].request`, r.request] as [string, string]),
  ];
  for (const [where, id] of recordRefs) if (!known.has(id)) add(where, `unknown record "${id}": ${didYouMean(id, [...known])}`);
  const produced = [
    ...c.fixture.seedRecords.map((r) => `${r.summary} ${r.detail}`),
    ...c.fixture.arrivals.map((a) => `${a.record.summary} ${a.record.detail}`),
    ...c.fixture.agents.flatMap((a) => a.observations.map((o) => o.text)),
    ...Object.values(policies).flatMap((p) =>
      p.rules.flatMap((r) => r.do.flatMap((a) => ('post' in a ? [`${a.post.summary} ${a.post.detail}`] : []))),
    ),
  ].join('\n');
  const tokens: [string, string][] = [
    ...e.facts.map((f, i) => [`expectations.facts[${i}].token`, f.token] as [string, string]),
    ...(e.decision?.tokens ?? []).map((t, i) => [`expectations.decision.tokens[${i}]`, t] as [string, string]),
    ...e.specialistSignals.map((s, i) => [`expectations.specialistSignals[${i}].token`, s.token] as [string, string]),
  ];
  for (const [where, token] of tokens)
    if (!produced.includes(token))
      add(where, `"${token}" is never produced: no observation, policy post, seed record or arrival contains it`);
  if (!c.scoring.metrics.includes(c.scoring.primaryMetric))
    add('scoring.primaryMetric', `"${c.scoring.primaryMetric}" must also be listed in scoring.metrics`);
  return { policies, problems };
}

/** The cases named by `ids` (in that order), or all. */
export function selectCases(cases: EvalCase[], ids: string[] | undefined): EvalCase[] {
  if (!ids || ids.length === 0) return cases;
  return [...new Set(ids)].map((id) => {
    const found = cases.find((c) => c.id === id);
    if (!found)
      throw new WaveBenchError(
        'unknown-case',
        `unknown case "${id}": ${didYouMean(
          id,
          cases.map((c) => c.id),
        )}`,
        { fix: '`wave-bench list --cases` shows every case' },
      );
    return found;
  });
}
