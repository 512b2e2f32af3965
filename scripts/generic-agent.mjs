#!/usr/bin/env node
// A reference coding-agent stand-in for `wave-bench run --executor command`: one fixed, case-agnostic
// protocol that uses only what any agent gets — its prompt (task, shared summary, inbox), its
// private observations file (WAVE_OBSERVATIONS_FILE) and the control CLI named in the prompt. It
// knows nothing about any case; if a case is solvable by it, the case is solvable through the
// orchestrator's mechanisms. Usage (docs/native-suite.md):
//
//   wave-bench run --executor command --command 'node scripts/generic-agent.mjs {prompt_file}'
//
// Each run, in order:
//   1. repair   — withdraw (resolve) its own claim when a conflict blocker says "your claim <id>" or a
//                 newer record targets `claim:<id>` / `conflicts-with:<id>` of it;
//   2. share    — post every claim/evidence observation not yet posted (with the observation's id);
//   3. ask      — post every question (request) / clarification observation not yet asked;
//   4. answer   — for every open request or clarification addressed to it (assigned, or targeting
//                 it by id) from someone else: ack, reply with everything it observed, resolve —
//                 an agent that observed nothing cannot answer and stays silent;
//   5. decide   — when its task asks for a decision: each run it posts its current best decision
//                 (one record, new version each time) stating every fact it knows (its own
//                 unwithdrawn observations and every open claim or evidence it can see from others);
//                 while its own questions are open it holds a blocker on itself, resolved once they
//                 are answered.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const promptFile = process.argv[2];
if (!promptFile || !existsSync(promptFile)) {
  process.stderr.write('generic-agent: usage: generic-agent.mjs <prompt file>\n');
  process.exit(64);
}
const prompt = readFileSync(promptFile, 'utf8');
const me = process.env.WAVE_AGENT_ID ?? /You are agent (\S+)/.exec(prompt)?.[1];
const bin = join(dirname(fileURLToPath(import.meta.url)), '..', 'bin', 'wave-bench.js');
const control = /`wave-bench control (--workspace .+? --lane \S+ --wave \d+) task create/.exec(prompt);
if (!me || !control) {
  process.stderr.write('generic-agent: the prompt names no agent id or control command\n');
  process.exit(65);
}
const laneArgs = splitArgs(control[1]);

/** Splits `--workspace /a --lane main --wave 1` (paths without spaces, as the launcher writes them). */
function splitArgs(text) {
  return text.trim().split(/\s+/);
}

/** A top-level prompt section; the summary and inbox hold `##` headings of their own, so they end only at the next known one. */
function section(heading) {
  const start = prompt.indexOf(`\n## ${heading}\n`);
  if (start < 0) return '';
  const rest = prompt.slice(start + heading.length + 5);
  const end = heading === 'Shared summary' ? rest.indexOf('\n## Your inbox\n') : heading === 'Your inbox' ? -1 : rest.search(/\n## /);
  return end < 0 ? rest : rest.slice(0, end);
}

const RECORD = /^- \[([a-z-]+)\/([a-z_]+)\/[a-z]+\] `([^`]+)` by (\S+?)(?: → (.+?))?: (.*)$/;

/** Every record line the agent can see, latest wins, with whether it came to it as an assignment. */
function visibleRecords() {
  const out = new Map();
  for (const text of [section('Shared summary'), section('Your inbox')]) {
    for (const line of text.split('\n')) {
      const m = RECORD.exec(line.trim());
      if (!m) continue;
      const [, kind, status, id, author, targets, rest] = m;
      const prev = out.get(id);
      out.set(id, {
        kind,
        status,
        id,
        author,
        targets: (targets ?? '').split(', ').filter(Boolean),
        summary: rest.replace(/ \((targeted|assigned|capability|own-open|component|owned-path|integration)\)$/, ''),
        assigned: (prev?.assigned ?? false) || / \(assigned\)$/.test(rest),
      });
    }
  }
  return out;
}

/** `- [<kind>[ <id>][ about <targets>][ ask <targets>]] <text>`, parsed word by word. */
function parseObservation(line) {
  const m = /^- \[([^\]]+)\] (.*)$/.exec(line.trim());
  if (!m) return undefined;
  const words = m[1].split(' ');
  const o = { kind: words[0], id: undefined, about: [], ask: [], text: m[2] };
  let list;
  for (const w of words.slice(1)) {
    if (w === 'about' || w === 'ask') list = o[w];
    else if (list) list.push(w);
    else o.id = w;
  }
  return o;
}

function observations() {
  const file = process.env.WAVE_OBSERVATIONS_FILE;
  if (!file || !existsSync(file)) return [];
  return readFileSync(file, 'utf8').split('\n').map(parseObservation).filter(Boolean);
}

function ctl(args) {
  const run = spawnSync(process.execPath, [bin, 'control', ...laneArgs, ...args], { encoding: 'utf8', env: process.env });
  process.stdout.write(
    `generic ${me}: control ${args.slice(0, 2).join(' ')} ${args.includes('--id') ? args[args.indexOf('--id') + 1] : ''} → exit ${run.status}\n`,
  );
  if (run.status !== 0) process.stdout.write(run.stderr);
}

const post = (kind, id, summary, targets, priority = 'normal') =>
  ctl([
    'task',
    'create',
    '--agent',
    me,
    '--kind',
    kind,
    ...(id ? ['--id', id] : []),
    '--summary',
    summary,
    '--priority',
    priority,
    ...targets.flatMap((t) => ['--target', t]),
  ]);
const resolve = (id) => ctl(['task', 'resolve', '--agent', me, '--id', id]);
const isOpen = (r) => r && ['open', 'acknowledged', 'in_progress'].includes(r.status);

const seen = visibleRecords();
const mine = [...seen.values()].filter((r) => r.author === me);
const known = observations();
const task = section('Task');

// 1. repair: withdraw claims that were overruled or that newer records target.
const withdrawn = new Set();
for (const r of seen.values()) {
  if (r.author === me || !isOpen(r)) continue;
  const named = [
    ...(/your claim (\S+)/.exec(r.summary)?.slice(1) ?? []),
    ...r.targets.filter((t) => /^(claim|conflicts-with):/.test(t)).map((t) => t.split(':')[1]),
  ];
  for (const id of named) {
    const claim = seen.get(id);
    if (claim && claim.author === me && claim.kind === 'claim' && isOpen(claim) && r.kind !== 'claim') {
      resolve(id);
      withdrawn.add(id);
    }
  }
}
const retracted = (o) => withdrawn.has(o.id) || (o.id && seen.get(o.id)?.author === me && !isOpen(seen.get(o.id)));

// 2. share and 3. ask what has not been posted yet.
for (const o of known) {
  const posted = o.id ? seen.has(o.id) : mine.some((r) => r.summary === o.text);
  if (posted) continue;
  if (o.kind === 'claim' || o.kind === 'evidence') post(o.kind, o.id, o.text, o.about);
  if (o.kind === 'question') post('request', o.id, o.text, o.ask, 'high');
  if (o.kind === 'clarification') post('clarification-request', o.id, o.text, o.ask, 'high');
}

// 4. answer what is addressed to me, with everything I observed.
const facts = known.filter((o) => o.kind === 'claim' || o.kind === 'evidence');
for (const r of seen.values()) {
  if (!isOpen(r) || r.author === me || r.author === 'launcher' || !['request', 'clarification-request'].includes(r.kind)) continue;
  if (!r.assigned && !r.targets.includes(`agent:${me}`)) continue;
  if (facts.length === 0) continue; // nothing to say: stay silent
  ctl(['task', 'ack', '--agent', me, '--id', r.id]);
  post(
    'evidence',
    `answer-${r.id}-${me}`.toLowerCase(),
    `Answer to ${r.id}: ${facts.map((f) => f.text).join('; ')}`,
    [`agent:${r.author}`],
    'high',
  );
  resolve(r.id);
}

// 5. decide: every run states its current best decision from everything it knows; while its own
// questions are open it also holds a blocker on itself, so it is run again once they are answered.
if (/\bdecision\b/i.test(task)) {
  const questions = known.filter((o) => (o.kind === 'question' || o.kind === 'clarification') && o.id);
  const waiting = questions.filter((q) => !seen.has(q.id) || isOpen(seen.get(q.id)));
  const holdId = `wait-${me}`.toLowerCase();
  const own = facts.filter((o) => !retracted(o)).map((o) => o.text);
  const others = [...seen.values()]
    .filter(
      (r) => r.author !== me && !['launcher', 'router'].includes(r.author) && (r.kind === 'claim' || r.kind === 'evidence') && isOpen(r),
    )
    .map((r) => r.summary);
  const statement = [...new Set([...own, ...others])].join('; ');
  post('decision', `decision-${me}`.toLowerCase(), `Decision by ${me}: ${statement || 'nothing known'}`, [], 'high');
  if (waiting.length && !isOpen(seen.get(holdId)))
    post(
      'blocker',
      holdId,
      `${me} waits for answers to ${waiting.map((q) => q.id).join(', ')} before its decision is final`,
      [`agent:${me}`],
      'high',
    );
  if (!waiting.length && isOpen(seen.get(holdId))) resolve(holdId);
}
process.stdout.write(`generic ${me}: done\n`);
