// Cross-field rules of a parsed wave (SPEC 2.2). Pure: returns every problem at once.
import type { InputIssue } from '../errors.js';
import { allowedExecutorKeys, EXECUTOR_IDS } from './executor-keys.js';
import type { AgentDefinition, WaveDefinition } from './types.js';

export interface ValidateOptions {
  /** A full wave must have a cont-QA steward; a partial one (e.g. `--agents A1`) need not. */
  requireContQa?: boolean;
  /** Which agent ids play the closure roles when a wave does not say (lane config); default E0/A8/A9/A0. */
  closureIds?: Partial<import('./types.js').ClosureRoleIds>;
}

/** Why a workspace-relative path is unsafe, or undefined when it is fine. */
export function unsafePathReason(path: string): string | undefined {
  if (path.trim() === '') return 'is empty';
  if (path.includes('\\')) return 'contains a backslash';
  if (path.startsWith('/') || /^[A-Za-z]:/.test(path)) return 'is absolute';
  if (path.startsWith('~')) return 'starts with ~';
  if (path.split('/').some((seg) => seg === '..')) return 'leaves the workspace with ..';
  if (path.includes('\0')) return 'contains a NUL byte';
  return undefined;
}

/** True when `path` is `owned` itself or lies under it. */
export function isInsideOwned(path: string, owned: readonly string[]): boolean {
  const norm = (p: string) => p.replace(/^\.\//, '').replace(/\/+$/, '');
  return owned.some((o) => norm(path) === norm(o) || norm(path).startsWith(`${norm(o)}/`));
}

/** Checks the rules of SPEC 2.2 that span fields and agents. */
export function validateWave(def: WaveDefinition, options: ValidateOptions = {}): InputIssue[] {
  const issues: InputIssue[] = [];
  const add = (where: string, message: string) => issues.push({ file: def.file, where, message });
  const seen = new Set<string>();
  for (const agent of def.agents) {
    if (seen.has(agent.id)) add(`agent ${agent.id}`, 'duplicate agent id; every "## Agent <ID>" must be unique');
    seen.add(agent.id);
    checkAgentPaths(agent, add);
    checkExecutor(agent, add);
    if (agent.role !== 'implementation' && agent.components.length)
      add(`agent ${agent.id} / Components`, `closure steward (${agent.role}) must own no components, found ${agent.components.join(', ')}`);
  }
  if (!def.agents.some((a) => a.role === 'implementation')) add('agents', 'expected at least one implementation agent');
  if ((options.requireContQa ?? true) && !def.agents.some((a) => a.role === 'cont-qa'))
    add('agents', `a full wave needs a cont-QA steward (agent ${def.closureIds.contQa}); add "## Agent ${def.closureIds.contQa}: cont-QA"`);
  const hasEval = def.agents.some((a) => a.role === 'cont-eval');
  if (def.evalTargets.length && !hasEval)
    add('Eval targets', `eval targets are declared but there is no cont-EVAL agent (${def.closureIds.contEval})`);
  if (!def.evalTargets.length && hasEval)
    add(`agent ${def.closureIds.contEval}`, 'a cont-EVAL agent needs "## Eval targets"; add targets or remove the agent');
  for (const { component } of def.componentPromotions) {
    if (!def.agents.some((a) => a.role === 'implementation' && a.components.includes(component)))
      add(
        `Component promotions / ${component}`,
        'promoted component has no implementation owner; list it under an implementation agent\'s "### Components"',
      );
  }
  return issues;
}

function checkAgentPaths(agent: AgentDefinition, add: (where: string, message: string) => void): void {
  const groups: [string, string[]][] = [
    ['Owned paths', agent.ownedPaths],
    ['Deliverables', agent.deliverables],
    ['Proof artifacts', agent.proofArtifacts.map((p) => p.path)],
  ];
  for (const [field, paths] of groups) {
    for (const path of paths) {
      const unsafe = unsafePathReason(path);
      if (unsafe) add(`agent ${agent.id} / ${field}`, `path "${path}" ${unsafe}; paths must stay inside the workspace`);
      else if (field !== 'Owned paths' && !isInsideOwned(path, agent.ownedPaths))
        add(`agent ${agent.id} / ${field}`, `"${path}" is outside the agent's owned paths (${agent.ownedPaths.join(', ') || 'none'})`);
    }
  }
}

function checkExecutor(agent: AgentDefinition, add: (where: string, message: string) => void): void {
  const id = agent.executor.id;
  if (!id) return;
  const allowed = allowedExecutorKeys(id);
  if (!allowed) {
    add(`agent ${agent.id} / Executor / id`, `unknown executor "${id}"; expected one of ${EXECUTOR_IDS.join(', ')}`);
    return;
  }
  for (const key of Object.keys(agent.executor)) {
    if (!allowed.includes(key))
      add(`agent ${agent.id} / Executor / ${key}`, `"${key}" is not a setting of the ${id} executor; allowed: ${allowed.join(', ')}`);
  }
}
