// "Did you mean" suggestions for unknown ids (cases, arms, executors, skills).

/** Up to `limit` candidates closest to `input` by edit distance (or sharing a substring), closest first. */
export function suggestClosest(input: string, candidates: readonly string[], limit = 3): string[] {
  const needle = input.toLowerCase();
  return candidates
    .map((candidate) => ({ candidate, distance: editDistance(needle, candidate.toLowerCase()) }))
    .filter(
      ({ candidate, distance }) => distance <= Math.max(3, Math.floor(candidate.length / 3)) || candidate.toLowerCase().includes(needle),
    )
    .sort((a, b) => a.distance - b.distance || a.candidate.localeCompare(b.candidate))
    .slice(0, limit)
    .map(({ candidate }) => candidate);
}

/** A sentence for error messages: ` Did you mean "x" or "y"?` or the list of known ids. */
export function didYouMean(input: string, candidates: readonly string[]): string {
  const close = suggestClosest(input, candidates);
  if (close.length > 0) return `did you mean ${close.map((c) => `"${c}"`).join(' or ')}?`;
  return `known: ${candidates.join(', ')}`;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
    }
    previous = current;
  }
  return previous[b.length]!;
}
