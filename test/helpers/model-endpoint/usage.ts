// Usage figures per model turn, in the proportions real models report: about four characters a
// token, with the conversation prefix served from the prompt cache once a tool result came back.
// Deterministic from the request and reply, so tests can sum what the endpoint reported and
// compare it with what the CLI printed.

/** One turn's tokens: `input` counts every prompt token, `cached` is the part read from cache. */
export interface TurnUsage {
  input: number;
  cached: number;
  output: number;
}

const CHARS_PER_TOKEN = 4;
const CACHE_BLOCK = 64; // providers report cache reads in whole blocks

export function turnUsage(requestChars: number, replyChars: number, toolResults: number): TurnUsage {
  const input = Math.max(1, Math.ceil(requestChars / CHARS_PER_TOKEN));
  const cached = toolResults > 0 ? Math.floor((input * 0.7) / CACHE_BLOCK) * CACHE_BLOCK : 0;
  return { input, cached, output: Math.max(1, Math.ceil(replyChars / CHARS_PER_TOKEN)) + 12 };
}
