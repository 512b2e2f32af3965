// `wave-bench control rerun [request|get|clear]`: ask the next launch to rerun agents, with selectors
// for what it reuses; see the pending request; withdraw it. Appends to the control log.
import type { CommandModule } from 'yargs';
import { UsageError } from '../../options.js';
import { clearRerun, escapeLine, requestRerun, rerunState, type RerunPlan } from '../../../../orchestrator/operator-entry.js';
import { common, print, ref, type Common } from './shared.js';

export const rerunCommand: CommandModule = {
  command: 'rerun [action]',
  describe: 'Ask the next launch to rerun agents (request), see the pending request (get), or withdraw it (clear)',
  builder: (y) =>
    common(y)
      .positional('action', {
        choices: ['request', 'get', 'clear'] as const,
        default: 'request' as const,
        describe: 'request (default), get or clear',
      })
      .option('agent', { type: 'array', string: true, default: [] as string[], describe: 'request: agent id(s) to rerun' })
      .option('phase', { type: 'string', describe: 'request: phase the rerun is for (recorded with the request)' })
      .option('reuse', {
        type: 'array',
        string: true,
        default: [] as string[],
        describe: 'request: agent id(s) whose last result is kept even if another selector names them',
      })
      .option('invalidate-component', {
        type: 'array',
        string: true,
        default: [] as string[],
        describe: 'request: component id(s) whose owning agents must run again',
      })
      .option('reuse-attempt', {
        type: 'array',
        number: true,
        default: [] as number[],
        describe: 'request: attempt number(s) whose accepted results are reused for every agent not named to run again',
      })
      .option('reuse-proof', {
        type: 'array',
        string: true,
        default: [] as string[],
        describe: 'request: active authoritative proof bundle id(s) whose agents are kept (not relaunched)',
      })
      .check((a) => {
        const selectors = [a.agent, a['invalidate-component'], a['reuse-attempt'], a['reuse-proof']];
        if (a.action === 'request' && selectors.every((s) => s.length === 0))
          throw new UsageError(
            'rerun request needs --agent <id>, --invalidate-component <component>, --reuse-attempt <n> or --reuse-proof <bundle id> (one or more)',
          );
        const bad = a['reuse-attempt'].find((n) => !Number.isInteger(n) || n < 1);
        if (bad !== undefined) throw new UsageError(`--reuse-attempt: expected an attempt number (1, 2, ...), got ${bad}`);
        return true;
      }),
  handler: (raw) => {
    const a = raw as unknown as Common & {
      action: string;
      agent: string[];
      phase?: string;
      reuse: string[];
      'invalidate-component': string[];
      'reuse-attempt': number[];
      'reuse-proof': string[];
    };
    if (a.action === 'get') {
      const st = rerunState(ref(a));
      print(
        a,
        st,
        [
          `pending: ${st.active ? `${st.active.id} for ${st.active.agentIds.join(', ') || '(selectors only)'} (by ${st.active.requestedBy} at ${st.active.requestedAt})` : 'none'}`,
          ...(st.active ? [`  selectors: ${selectorLine(st.active)}`] : []),
          ...st.history.map((h) => `  ${h.at} ${h.id} ${h.action}${h.agentIds.length ? ` ${h.agentIds.join(', ')}` : ''} (${h.actor})`),
        ]
          .map(escapeLine)
          .join('\n'),
      );
      return;
    }
    if (a.action === 'clear') {
      const ev = clearRerun(ref(a));
      print(a, ev, `rerun request ${ev.entityId} withdrawn`);
      return;
    }
    const { event, plan } = requestRerun(ref(a), a.agent, a.phase, {
      reuse: a.reuse,
      invalidateComponents: a['invalidate-component'],
      reuseAttempts: a['reuse-attempt'],
      reuseProofBundles: a['reuse-proof'],
    });
    print(a, { ...event, ...(plan ? { plan } : {}) }, `rerun requested: ${describeRequest(a, plan)} (${event.entityId})`);
  },
};

function selectorLine(r: { reuse: string[]; invalidateComponents: string[]; reuseAttempts: number[]; reuseProofBundles: string[] }) {
  const parts = [
    r.invalidateComponents.length ? `invalidate ${r.invalidateComponents.join(', ')}` : '',
    r.reuse.length ? `reuse ${r.reuse.join(', ')}` : '',
    r.reuseAttempts.length ? `reuse attempt ${r.reuseAttempts.join(', ')}` : '',
    r.reuseProofBundles.length ? `reuse proof ${r.reuseProofBundles.join(', ')}` : '',
  ].filter(Boolean);
  return parts.join('; ') || 'none';
}

/** What the request asks for, and (with reuse selectors) what it would relaunch and reuse now. */
function describeRequest(a: { agent: string[]; reuse: string[]; 'invalidate-component': string[] }, plan: RerunPlan | undefined): string {
  if (plan) {
    const reused = plan.reused.map(
      (r) =>
        `${r.agentId} (${r.from === 'attempt' ? `attempt ${r.run?.attempt}` : r.from === 'proof-bundle' ? `proof bundle ${r.bundleId}` : 'last run'})`,
    );
    return `relaunch ${plan.relaunch.join(', ') || 'nobody'}; reuse ${reused.join(', ') || 'nothing'}`;
  }
  const what = [...a.agent, ...a['invalidate-component'].map((c) => `owners of ${c}`)].join(', ');
  return `${what}${a.reuse.length ? ` (reusing ${a.reuse.join(', ')})` : ''}`;
}
