// What the scripted model does next, chosen from the request it got (never from a fixed sequence):
// a request that offers no tools (opencode's title request) gets a short text; an agent request
// gets the next scripted step, where "next" is the number of tool results already in the
// conversation. Steps are abstract (read, edit, write, shell); tools.ts maps them onto whichever
// tools this CLI offered.
import type { TurnUsage } from './usage.js';

/** One abstract agent step. Paths are relative to the agent's working directory. */
export type Step =
  | { kind: 'read'; path: string }
  | { kind: 'edit'; path: string; old: string; new: string }
  | { kind: 'write'; path: string; content: string }
  | { kind: 'shell'; command: string };

export interface Scenario {
  steps: Step[];
  /**
   * The final assistant text once every step has a tool result. `{{required-markers}}` becomes the
   * marker lines of the prompt's "Required markers" block with each <...> filled in, as a model
   * following the prompt would print them.
   */
  final: string;
  /** Reply to requests that offer no tools (titles, summaries). */
  plain?: string;
  /** Fixed usage for every agent turn (instead of about four characters a token): a ceiling test knows each turn's tokens in advance. */
  usage?: TurnUsage;
  /** Per wave agent (the prompt's "You are agent <ID>"): a different script for that agent. */
  agents?: Record<string, Omit<Scenario, 'agents'>>;
}

const AGENT_ID = /You are agent (\S+) \(/;

/** The script for the agent this request comes from. */
export function scenarioFor(scenario: Scenario, view: ConversationView): Omit<Scenario, 'agents'> {
  const id = AGENT_ID.exec(view.userText)?.[1] ?? AGENT_ID.exec(view.system)?.[1];
  return (id && scenario.agents?.[id]) || scenario;
}

/** The final text with `{{required-markers}}` expanded from the prompt the CLI sent. */
export function finalText(script: Omit<Scenario, 'agents'>, view: ConversationView): string {
  if (!script.final.includes('{{required-markers}}')) return script.final;
  const section = view.userText.split('## Required markers')[1] ?? '';
  const block = /```\n([\s\S]*?)\n```/.exec(section)?.[1] ?? '';
  const lines = block
    .split('\n')
    .filter((l) => l.startsWith('[wave-'))
    .map((l) => l.replace(/<[^>]*>/g, 'scripted model followed the prompt'));
  return script.final.replace('{{required-markers}}', lines.join('\n'));
}

/** The parts of a request every protocol adapter extracts. */
export interface ConversationView {
  protocol: 'anthropic' | 'responses' | 'chat';
  model: string;
  stream: boolean;
  /** System prompt / instructions text, joined. */
  system: string;
  /** Every user-role text in the conversation, joined. */
  userText: string;
  /** Offered tools: name, and whether it takes free-form text instead of JSON. */
  tools: { name: string; freeform: boolean; params: string[] }[];
  /** Tool results so far, in order. */
  toolResults: string[];
}

/** What the model answers: text, or one tool call (JSON arguments or free-form input). */
export type ModelTurn =
  | { kind: 'text'; text: string }
  | { kind: 'tool'; name: string; input: Record<string, unknown> | string; freeform: boolean };

const CWD_PATTERNS = [/<cwd>([^<]+)<\/cwd>/, /Working directory:\s*(\S+)/i, /current working directory[^/]*?(\/\S+?)[.\s]/i];

/** The agent's working directory as the CLI told the model (system prompt or environment context). */
export function workingDirectory(view: ConversationView): string | undefined {
  for (const text of [view.system, view.userText]) {
    for (const re of CWD_PATTERNS) {
      const m = re.exec(text);
      if (m) return m[1]!.trim();
    }
  }
  return undefined;
}

/** The scripted step for this request, or undefined when the script is done. */
export function nextStep(scenario: Omit<Scenario, 'agents'>, view: ConversationView): Step | undefined {
  if (!view.tools.length) return undefined;
  const step = scenario.steps[view.toolResults.length];
  return step?.kind === 'shell' ? { ...step, command: fillCommand(step.command, view) } : step;
}

/**
 * Shell steps may use what the model was shown, as a model would: `{{post}}` is the prompt's
 * "Post a record" command up to `--kind`, `{{observations-file}}` the private observations file
 * the prompt names, `{{result:N:REGEX}}` the first match of REGEX in tool result N.
 */
export function fillCommand(command: string, view: ConversationView): string {
  return command
    .replace('{{post}}', () => /Post a record: `(.*? task create --agent \S+)/.exec(view.userText)?.[1] ?? 'echo no-post-command-in-prompt')
    .replace('{{observations-file}}', () => /What only you know is in `([^`]+)`/.exec(view.userText)?.[1] ?? '/dev/null')
    .replace(
      /\{\{result:(\d+):(.+?)\}\}/g,
      (_, n: string, re: string) => new RegExp(re).exec(view.toolResults[Number(n)] ?? '')?.[0] ?? 'unknown',
    );
}
