// Every stable gate status code (SPEC 2.6). Reports and relaunch planning key on these strings.
export const PASS = 'pass';
export const NOT_APPLICABLE = 'not-applicable';

export const IMPLEMENTATION_CODES = [
  'missing-wave-proof',
  'wave-proof-gap',
  'completion-gap',
  'durability-gap',
  'proof-level-gap',
  'missing-doc-delta',
  'doc-impact-gap',
  'missing-wave-component',
  'component-level-mismatch',
  'component-gap',
  'missing-deliverable',
  'missing-proof-artifact',
] as const;

export const COMPONENT_CODES = [
  'shared-component-sibling-pending',
  'component-unowned',
  'missing-wave-component',
  'component-level-mismatch',
  'component-gap',
] as const;

export const BARRIER_CODES = [
  'helper-assignment-unresolved',
  'helper-assignment-open',
  'clarification-open',
  'clarification-follow-up-open',
  'human-feedback-open',
  'dependency-open',
] as const;

export const CONT_EVAL_CODES = [
  'missing-wave-eval',
  'eval-needs-more-work',
  'eval-blocked',
  'eval-target-mismatch',
  'eval-benchmark-not-allowed',
  'eval-regressions',
] as const;
export const SECURITY_CODES = ['missing-wave-security', 'security-blocked', 'security-concerns'] as const;
export const INTEGRATION_CODES = ['missing-wave-integration', 'integration-needs-more-work', 'integration-conflict-open'] as const;
/** The late-evidence mechanism: a record reached an earlier claim after the closure sweep started. */
export const CLOSURE_INVALIDATED = 'closure-invalidated-late-evidence';
export const DOCUMENTATION_CODES = ['missing-wave-doc-closure', 'doc-closure-open'] as const;
/** cont-QA also yields `cont-qa-<verdict>` and `gate-<dimension>-<value>` (see contQaStatusCodes). */
export const CONT_QA_FIXED_CODES = ['missing-wave-verdict', 'missing-wave-gate'] as const;
/** Agent-level failures that are not gates: the process itself failed or timed out. */
export const AGENT_RUN_CODES = ['agent-exit-nonzero', 'agent-timeout', 'executor-error'] as const;
