// The shared default closure steward (SPEC 3.2): one case-independent behaviour per role that reads
// only what the orchestrator projects — the integration summary, the shared summary and its inbox —
// and prints the role's markers. It never posts records and knows nothing about any case.
import { existsSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { IntegrationSummary } from '../../projections/integration.js';

const { values: a } = parseArgs({ options: { role: { type: 'string' }, integration: { type: 'string' }, agent: { type: 'string' } } });
const role = a.role ?? '';
const integrationFile = a.integration ?? '';

function readIntegration(): IntegrationSummary | undefined {
  if (!integrationFile || !existsSync(integrationFile)) return undefined;
  return JSON.parse(readFileSync(integrationFile, 'utf8')) as IntegrationSummary;
}

/** One-line reasons the integration summary is not ready, in a fixed order. */
function reasons(s: IntegrationSummary): string {
  const parts = [
    s.conflictsBlock && s.conflicts.length
      ? `conflicts ${s.conflicts.map((c) => `${c.overruled}<${c.prevailing} (${c.rule})`).join(' ')}`
      : '',
    s.unresolvedBlockers.length ? `blockers ${s.unresolvedBlockers.join(' ')}` : '',
    s.proofGaps.length ? `proof gaps ${s.proofGaps.join(' ')}` : '',
    s.docGaps.length ? `doc gaps ${s.docGaps.join(' ')}` : '',
    s.openAssignments ? `${s.openAssignments} open assignment(s)` : '',
  ].filter(Boolean);
  return parts.join('; ') || 'pieces fit';
}

function integrationMarkers(): string[] {
  const s = readIntegration();
  if (!s) return ['[wave-integration] state=needs-more-work claims=0 conflicts=0 blockers=0 detail=no integration summary was projected'];
  const state = s.computedRecommendation ?? s.recommendation;
  const conflicts = s.conflictsBlock ? s.conflicts.length : 0;
  return [
    `[wave-integration] state=${state} claims=${s.openClaims.length} conflicts=${conflicts} blockers=${s.unresolvedBlockers.length} detail=${reasons(s)}`,
  ];
}

function contQaMarkers(): string[] {
  const s = readIntegration();
  const ready = s !== undefined && (s.computedRecommendation ?? s.recommendation) === 'ready-for-doc-closure';
  const integration = ready ? 'pass' : 'blocked';
  return [
    `[wave-gate] architecture=pass integration=${integration} durability=pass live=pass docs=pass detail=${ready ? 'earlier stages passed' : s ? reasons(s) : 'no integration summary'}`,
    `[wave-verdict] ${ready ? 'pass' : 'blocked'} detail=${ready ? 'every closure stage before cont-QA passed' : 'integration is not ready'}`,
  ];
}

const byRole: Record<string, () => string[]> = {
  integration: integrationMarkers,
  documentation: () => {
    const s = readIntegration();
    return [
      s?.docGaps.length
        ? `[wave-doc-closure] state=delta detail=owed by ${s.docGaps.join(' ')}`
        : '[wave-doc-closure] state=no-change detail=no documentation owed',
    ];
  },
  security: () => ['[wave-security] state=clear findings=0 approvals=0 detail=default steward: no security review requested'],
  'cont-eval': () => ['[wave-eval] state=satisfied targets=0 benchmarks=0 regressions=0 detail=default steward: no eval targets'],
  'cont-qa': contQaMarkers,
};

const markers = byRole[role];
if (!markers) {
  process.stderr.write(`steward ${a.agent ?? '?'}: no default behaviour for role "${role}"\n`);
  process.exit(64);
}
process.stdout.write(`steward ${a.agent ?? '?'} (${role}): read the projected integration summary\n`);
for (const line of markers()) process.stdout.write(`${line}\n`);
