// The scripted agent process (SPEC 3.3). It reads only its policy, prompt, inbox and shared
// summary, decides once (a `live` policy: re-reads them until stopped, each rule firing once), then acts: posts and updates coordination records the way a real agent
// would through `wave-bench control task ...`, writes files inside its owned paths, prints markers.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { appendCoordinationRecords, readCoordinationLog } from '../../coordination/log.js';
import { materialize } from '../../coordination/materialize.js';
import { createRecord, updateRecord, type Clock } from '../../coordination/records.js';
import { parseScriptedPolicy, type ScriptedAction } from '../../schema/scripted-policy.js';
import { writeWorkspaceFile } from '../../safe-fs.js';
import { isInsideOwned, unsafePathReason } from '../../wave/validate.js';
import { decideActions, rulesThatFire, visibleRecords, type AgentView } from './decide.js';

const LIVE_POLL_MS = 200; // how often a live agent re-reads the projections the launcher rewrites

const { values: a } = parseArgs({
  options: {
    policy: { type: 'string' },
    prompt: { type: 'string' },
    inbox: { type: 'string' },
    summary: { type: 'string' },
    log: { type: 'string' },
    workspace: { type: 'string' },
    agent: { type: 'string' },
    owned: { type: 'string', default: '' },
    attempt: { type: 'string' },
    lane: { type: 'string' },
    wave: { type: 'string' },
    clock: { type: 'string' },
  },
});

function required(name: keyof typeof a): string {
  const v = a[name];
  if (typeof v !== 'string' || v === '') {
    process.stderr.write(`scripted agent: missing --${name}\n`);
    process.exit(64);
  }
  return v;
}

/** Each call is one millisecond later than the last, from the launcher-given start time (a live agent's never lags the wall clock). */
function stepClock(startIso: string, live: boolean): Clock {
  let ms = Date.parse(startIso);
  return { now: () => new Date(live ? Math.max(ms++, Date.now()) : ms++) };
}

const agentId = required('agent');
const attempt = Number(required('attempt'));
const logPath = required('log');
const workspace = required('workspace');
const owned = (a.owned ?? '').split(',').filter(Boolean);
const base = { lane: required('lane'), wave: Number(required('wave')), agentId, attempt };

const raw = JSON.parse(readFileSync(required('policy'), 'utf8')) as unknown;
const parsed = parseScriptedPolicy(raw);
if (!parsed.ok) {
  process.stderr.write(`scripted agent ${agentId}: invalid policy: ${parsed.problems.map((p) => `${p.path}: ${p.message}`).join('; ')}\n`);
  process.exit(65);
}
const policy = parsed.policy;
const clock = stepClock(required('clock'), policy.live === true);
const observationsFile = process.env.WAVE_OBSERVATIONS_FILE;
const observations = observationsFile && existsSync(observationsFile) ? readFileSync(observationsFile, 'utf8') : '';
const view: AgentView = {
  attempt,
  inbox: readFileSync(required('inbox'), 'utf8'),
  summary: readFileSync(required('summary'), 'utf8'),
  observations,
};
readFileSync(required('prompt'), 'utf8'); // the prompt is read like a real agent would; policies decide from inbox/summary
let visible = visibleRecords(view);
let exitCode = 0;

function say(text: string): void {
  process.stdout.write(`scripted ${agentId}: ${text}\n`);
}

function updateVisible(id: string, patch: Parameters<typeof updateRecord>[1], verb: string): void {
  if (!visible.has(id)) {
    say(`cannot ${verb} ${id}: not visible in inbox or summary`);
    return;
  }
  const current = materialize(readCoordinationLog(logPath).records).get(id);
  if (!current) {
    say(`cannot ${verb} ${id}: not in the log`);
    return;
  }
  appendCoordinationRecords(logPath, [updateRecord(current, { ...patch, attempt }, clock)]);
  say(`${verb} ${id}`);
}

function act(action: ScriptedAction): void {
  if ('post' in action) {
    const { id, ...fields } = action.post;
    appendCoordinationRecords(logPath, [createRecord({ ...base, ...fields, id, source: 'agent' }, clock)]);
    say(`posted ${fields.kind} ${id}`);
  } else if ('ack' in action) updateVisible(action.ack, { status: 'acknowledged' }, 'acknowledged');
  else if ('resolve' in action) updateVisible(action.resolve, { status: 'resolved' }, 'resolved');
  else if ('reassign' in action) updateVisible(action.reassign.id, { targets: action.reassign.targets }, 'reassigned');
  else if ('writeFile' in action) {
    const { path, content } = action.writeFile;
    const unsafe = unsafePathReason(path);
    if (unsafe || !isInsideOwned(path, owned)) {
      say(`refused to write ${path}: ${unsafe ?? 'outside owned paths'}`);
      return;
    }
    const refused = writeWorkspaceFile(workspace, path, content);
    say(refused ? `refused to write ${path}: ${refused}` : `wrote ${path}`);
  } else if ('marker' in action) process.stdout.write(`${action.marker}\n`);
  else if ('exit' in action) exitCode = action.exit;
}

/** What a live agent sees now: its inbox, the shared summary and the board, as the launcher last wrote them. */
function liveView(dir: string): AgentView {
  const read = (file: string) => (existsSync(file) ? readFileSync(file, 'utf8') : '');
  const summary = `${read(join(dir, 'shared-summary.md'))}\n${read(join(dir, 'board.md'))}`;
  return { attempt, inbox: read(join(dir, 'inboxes', `${agentId}.md`)), summary, observations };
}

/** A live agent: looks again every LIVE_POLL_MS until it is stopped (or an `exit` action runs). */
async function runLive(): Promise<void> {
  const dir = process.env.WAVE_PROJECTIONS_DIR;
  if (!dir) {
    process.stderr.write(`scripted agent ${agentId}: a live policy needs WAVE_PROJECTIONS_DIR (the launcher sets it)\n`);
    process.exit(64);
  }
  const fired = new Set<number>();
  for (;;) {
    const now = liveView(dir);
    visible = visibleRecords(now);
    for (const i of rulesThatFire(policy, now, fired)) {
      fired.add(i);
      for (const action of policy.rules[i]!.do) {
        act(action);
        if ('exit' in action) process.exit(exitCode);
      }
    }
    await new Promise((r) => setTimeout(r, LIVE_POLL_MS));
  }
}

if (policy.live) await runLive();
else {
  for (const action of decideActions(policy, view)) act(action);
  process.exitCode = exitCode;
}
