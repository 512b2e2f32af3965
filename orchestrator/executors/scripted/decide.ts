// The pure half of a scripted agent: given what it sees, which actions it takes. Rules are
// evaluated once, against the inputs at the start of the run, so the same inputs always give
// the same actions (SPEC 3.3).
import type { ScriptedAction, ScriptedPolicy, ScriptedTrigger } from '../../schema/scripted-policy.js';

export interface AgentView {
  attempt: number;
  inbox: string;
  summary: string;
  /** The agent's private observations (empty when it has none). */
  observations?: string;
}

const all = (texts: string | string[] | undefined, haystack: string) =>
  texts === undefined || (Array.isArray(texts) ? texts : [texts]).every((t) => haystack.includes(t));

export type VisibleStatus = 'open' | 'resolved';

/** Record ids the agent can see, with whether they are open, from the rendered record lines. */
export function visibleRecords(view: AgentView): Map<string, VisibleStatus> {
  const out = new Map<string, VisibleStatus>();
  const pattern = /\[[a-z-]+\/([a-z_]+)\/[a-z]+\] `([^`]+)`/g;
  for (const text of [view.inbox, view.summary]) {
    for (const m of text.matchAll(pattern)) {
      const open = ['open', 'acknowledged', 'in_progress'].includes(m[1]!);
      if (!out.has(m[2]!) || open === false) out.set(m[2]!, open ? 'open' : 'resolved');
    }
  }
  return out;
}

export function triggerHolds(t: ScriptedTrigger, view: AgentView, visible: Map<string, VisibleStatus>): boolean {
  return (
    (t.start === undefined || t.start) &&
    all(t.inboxContains, view.inbox) &&
    all(t.summaryContains, view.summary) &&
    all(t.knows, `${view.observations ?? ''}\n${view.inbox}\n${view.summary}`) &&
    (t.recordOpen === undefined || visible.get(t.recordOpen) === 'open') &&
    (t.recordResolved === undefined || visible.get(t.recordResolved) === 'resolved') &&
    (t.attempt === undefined || view.attempt === t.attempt) &&
    (t.attemptAtLeast === undefined || view.attempt >= t.attemptAtLeast)
  );
}

/** Indexes of the rules not yet fired whose trigger holds now (a live agent fires each rule once). */
export function rulesThatFire(policy: ScriptedPolicy, view: AgentView, fired: ReadonlySet<number>): number[] {
  const visible = visibleRecords(view);
  return policy.rules
    .map((rule, i) => ({ rule, i }))
    .filter(
      ({ rule, i }) =>
        !fired.has(i) && triggerHolds(rule.when, view, visible) && !(rule.unless && triggerHolds(rule.unless, view, visible)),
    )
    .map(({ i }) => i);
}

/** The actions to take, in rule order, up to and including the first `exit`. */
export function decideActions(policy: ScriptedPolicy, view: AgentView): ScriptedAction[] {
  const visible = visibleRecords(view);
  const out: ScriptedAction[] = [];
  for (const rule of policy.rules) {
    if (!triggerHolds(rule.when, view, visible)) continue;
    if (rule.unless && triggerHolds(rule.unless, view, visible)) continue;
    for (const action of rule.do) {
      out.push(action);
      if ('exit' in action) return out;
    }
  }
  return out;
}
