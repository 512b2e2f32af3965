// Materialising the control plane (SPEC 2.8): proof bundles, the active rerun request, attempts,
// human inputs and alert keys, folded from events in append order. Pure and deterministic.
import type { ControlEvent, ControlState, ProofBundle, RerunRequest } from './types.js';

const STATEFUL_ENTITIES = new Set(['proof_bundle', 'rerun_request', 'human_input', 'coordination_alert', 'attempt']);
const str = (v: unknown, fallback = ''): string => (typeof v === 'string' ? v : fallback);
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

/** Folds events into the control state; unknown actions are reported, never fatal. */
export function foldControlEvents(events: readonly ControlEvent[]): ControlState {
  const state: ControlState = { proofBundles: [], activeBundleByAgent: {}, attempts: [], humanInputs: [], alertKeys: {}, issues: [] };
  const reruns = new Map<string, RerunRequest>();
  for (const event of events) {
    const handled = applyEvent(state, reruns, event);
    if (!handled) state.issues.push(`event ${event.id}: unknown action ${event.entityType}/${event.action}`);
  }
  for (const bundle of state.proofBundles) if (bundle.state === 'active') state.activeBundleByAgent[bundle.agentId] = bundle;
  const pending = [...reruns.values()].filter((r) => r.state === 'requested');
  if (pending.length) state.activeRerun = pending[pending.length - 1];
  return state;
}

function applyEvent(state: ControlState, reruns: Map<string, RerunRequest>, e: ControlEvent): boolean {
  switch (`${e.entityType}/${e.action}`) {
    case 'proof_bundle/registered':
      registerBundle(state, e);
      return true;
    case 'proof_bundle/revoked': {
      const bundle = state.proofBundles.find((b) => b.id === e.entityId);
      if (bundle) Object.assign(bundle, { state: 'revoked', revokedReason: str(e.data.reason) });
      return true;
    }
    case 'rerun_request/requested':
      reruns.set(e.entityId, {
        id: e.entityId,
        agentIds: strings(e.data.agentIds),
        ...(e.data.phase ? { phase: str(e.data.phase) } : {}),
        reuse: strings(e.data.reuse),
        invalidateComponents: strings(e.data.invalidateComponents),
        reuseAttempts: Array.isArray(e.data.reuseAttempts) ? e.data.reuseAttempts.filter((x): x is number => Number.isInteger(x)) : [],
        reuseProofBundles: strings(e.data.reuseProofBundles),
        requestedBy: e.actor,
        requestedAt: e.recordedAt,
        state: 'requested',
      });
      return true;
    case 'rerun_request/applied':
    case 'rerun_request/cancelled': {
      const r = reruns.get(e.entityId);
      if (r) r.state = e.action === 'applied' ? 'applied' : 'cancelled';
      return true;
    }
    case 'attempt/started':
      state.attempts.push({ attempt: e.attempt, state: 'started' });
      return true;
    case 'attempt/finished': {
      const a = [...state.attempts].reverse().find((x) => x.attempt === e.attempt);
      const finished = { attempt: e.attempt, state: 'finished' as const, ok: e.data.ok === true, statusCode: str(e.data.statusCode) };
      if (a) Object.assign(a, finished);
      else state.attempts.push(finished);
      return true;
    }
    case 'human_input/asked':
      state.humanInputs.push({ id: e.entityId, question: str(e.data.question), state: 'asked' });
      return true;
    case 'human_input/answered': {
      const h = state.humanInputs.find((x) => x.id === e.entityId);
      if (h) Object.assign(h, { answer: str(e.data.answer), state: 'answered' });
      return true;
    }
    case 'coordination_alert/emitted':
      state.alertKeys[str(e.data.alert)] = str(e.data.key);
      return true;
    default:
      // Other entity types (agent_run, gate, wave_run, benchmark_*, ...) are history, not state.
      return !STATEFUL_ENTITIES.has(e.entityType);
  }
}

function registerBundle(state: ControlState, e: ControlEvent): void {
  const d = e.data;
  for (const older of state.proofBundles) {
    if (older.agentId === str(d.agentId) && older.state === 'active')
      Object.assign(older, { state: 'superseded', supersededBy: e.entityId });
  }
  const bundle: ProofBundle = {
    id: e.entityId,
    agentId: str(d.agentId),
    authoritative: d.authoritative === true,
    summary: str(d.summary),
    artifacts: Array.isArray(d.artifacts) ? (d.artifacts as ProofBundle['artifacts']) : [],
    componentsMet: Array.isArray(d.componentsMet) ? (d.componentsMet as ProofBundle['componentsMet']) : [],
    ...(d.proof ? { proof: d.proof as ProofBundle['proof'] } : {}),
    ...(typeof d.docDelta === 'string' ? { docDelta: d.docDelta } : {}),
    registeredAt: e.recordedAt,
    state: 'active',
  };
  state.proofBundles.push(bundle);
}
