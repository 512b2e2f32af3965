// Which `### Executor` keys each executor accepts (SPEC 2.2). One table, used by validation and docs.
export const COMMON_EXECUTOR_KEYS = ['id', 'timeout-minutes', 'max-turns'] as const;

export const EXECUTOR_KEYS: Record<string, readonly string[]> = {
  scripted: ['policy'],
  local: [],
  steward: [],
  command: ['command', 'model'],
  codex: ['model', 'sandbox', 'profile', 'reasoning-effort'],
  claude: ['model', 'permission-mode', 'allowed-tools'],
  opencode: ['model', 'agent'],
};

export const EXECUTOR_IDS = Object.keys(EXECUTOR_KEYS);

/** Keys an executor accepts, or undefined for an unknown executor. */
export function allowedExecutorKeys(executorId: string): string[] | undefined {
  const own = EXECUTOR_KEYS[executorId];
  return own ? [...COMMON_EXECUTOR_KEYS, ...own] : undefined;
}
