// The assistant's own text from each CLI's JSON output, as plain lines. The launcher reads markers
// from the agent log line by line; inside JSON events they are escaped strings, so the executor
// appends the assistant text after the run. Only assistant text counts: tool output (a file the
// agent printed, a command's output) never becomes a marker.
import { jsonLines } from './usage.js';

type Json = Record<string, unknown>;

/** claude stream-json: text blocks of `assistant` messages (or the final `result` in json mode). */
export function claudeAssistantText(log: string): string[] {
  const events = jsonLines(log);
  const texts = events
    .filter((e) => e.type === 'assistant')
    .flatMap((e) =>
      (((e.message as Json | undefined)?.content ?? []) as Json[]).filter((b) => b.type === 'text').map((b) => String(b.text ?? '')),
    );
  if (texts.length) return texts;
  const result = events.reverse().find((e) => e.type === 'result' && typeof e.result === 'string');
  return result ? [String(result.result)] : [];
}

/** codex exec --json: completed agent_message items. */
export function codexAssistantText(log: string): string[] {
  return jsonLines(log)
    .filter((e) => e.type === 'item.completed' && (e.item as Json | undefined)?.type === 'agent_message')
    .map((e) => String((e.item as Json).text ?? ''));
}

/** opencode run --format json: text parts. */
export function opencodeAssistantText(log: string): string[] {
  return jsonLines(log)
    .filter((e) => e.type === 'text')
    .map((e) => String(((e.part ?? {}) as Json).text ?? ''));
}

/** The block appended to the agent log after a run. */
export function transcriptBlock(cli: string, texts: string[]): string {
  if (!texts.some((t) => t.trim())) return '';
  return `\n--- ${cli}: assistant text from its JSON output ---\n${texts.join('\n')}\n`;
}
