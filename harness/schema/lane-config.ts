// The project config file `wave-bench.config.json` (docs/launcher.md "Lane configuration"): per-lane
// defaults for `wave-bench launch`. zod lives only here; harness/load/lane-config.ts reads the file.
import { z } from 'zod';
import { AGENT_ROLES, EXECUTOR_IDS, SAFE_ID_PATTERN } from '../../orchestrator/index.js';

const executorId = z.string().refine((v) => EXECUTOR_IDS.includes(v), { message: `expected an executor: ${EXECUTOR_IDS.join(', ')}` });
const agentId = z.string().regex(SAFE_ID_PATTERN, 'expected an agent id (letters, digits, "-", "_")');
const minutes = z.number().positive().max(10_080);

/** A named executor profile: an executor with its model and budgets. */
export const ProfileSchema = z
  .object({
    executor: executorId,
    model: z.string().min(1).optional(),
    timeoutMinutes: minutes.optional(),
    maxTurns: z.number().int().min(1).max(10_000).optional(),
  })
  .strict();

/** Per role: a profile name (`profile:<name>`) or an executor id. */
const roleChoice = z.string().min(1);

export const LaneConfigSchema = z
  .object({
    executors: z
      .object({
        default: roleChoice.optional(),
        byRole: z.record(z.enum(AGENT_ROLES as unknown as [string, ...string[]]), roleChoice).default({}),
        fallback: roleChoice.optional(),
        profiles: z
          .record(z.string().regex(SAFE_ID_PATTERN, 'expected a profile name (letters, digits, "-", "_")'), ProfileSchema)
          .default({}),
      })
      .strict()
      .default({}),
    models: z
      .object({
        default: z.string().min(1).optional(),
        byRole: z.record(z.enum(AGENT_ROLES as unknown as [string, ...string[]]), z.string().min(1)).default({}),
      })
      .strict()
      .default({}),
    /** capability → preferred agent id for routing. */
    preferredAgents: z.record(z.string().min(1), agentId).default({}),
    budgets: z
      .object({
        agentTimeoutMinutes: minutes.optional(),
        waveTimeoutMinutes: minutes.optional(),
        maxRetries: z.number().int().min(0).max(10).optional(),
        concurrency: z.number().int().min(1).max(64).optional(),
        humanTimeoutMinutes: z.number().min(0).max(10_080).optional(),
        rateLimit: z
          .object({
            retries: z.number().int().min(0).max(20),
            baseDelaySeconds: z.number().positive().max(3600),
            maxDelaySeconds: z.number().positive().max(86_400),
          })
          .strict()
          .refine((r) => r.maxDelaySeconds >= r.baseDelaySeconds, {
            message: 'maxDelaySeconds must be >= baseDelaySeconds',
            path: ['maxDelaySeconds'],
          })
          .optional(),
      })
      .strict()
      .default({}),
    closureRoles: z
      .object({
        contEval: agentId.optional(),
        integration: agentId.optional(),
        documentation: agentId.optional(),
        contQa: agentId.optional(),
      })
      .strict()
      .default({}),
  })
  .strict();

export const ProjectConfigSchema = z
  .object({
    $schema: z.string().optional(),
    lanes: z.record(z.string().regex(SAFE_ID_PATTERN, 'expected a lane name (letters, digits, "-", "_")'), LaneConfigSchema),
  })
  .strict();

export type LaneConfig = z.output<typeof LaneConfigSchema>;
export type ProjectConfig = z.output<typeof ProjectConfigSchema>;
