// What the scripted model does next, chosen from the request it got (never from a fixed sequence):
// a request that offers no tools (opencode's title request) gets a short text; an agent request
// gets the next scripted step, where "next" is the number of tool results already in the
// conversation. Steps are abstract (read, edit, write, shell); tools.ts maps them onto whichever
// tools this CLI offered.

/** One abstract agent step. Paths are relative to the agent's working directory. */
export type Step =
  | { kind: 'read'; path: string }
  | { kind: 'edit'; path: string; old: string; new: string }
  | { kind: 'write'; path: string; content: string }
  | { kind: 'shell'; command: string };

export interface Scenario {
  steps: Step[];
  /** The final assistant text once every step has a tool result. */
  final: string;
  /** Reply to requests that offer no tools (titles, summaries). */
  plain?: string;
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
export function nextStep(scenario: Scenario, view: ConversationView): Step | undefined {
  if (!view.tools.length) return undefined;
  return scenario.steps[view.toolResults.length];
}
