// The orchestrator board: a human-readable markdown view of a wave's open coordination, grouped by
// kind, with who asked whom. Pure; written by the launcher with --orchestrator-board and printed by
// `wave-bench coord render --board`.
import { isOpen } from '../coordination/status.js';
import type { CoordinationRecord } from '../coordination/types.js';
import { SEED_SOURCE } from './routing.js';

const oneLine = (text: string) => text.replace(/[\r\n]+/g, ' ').replace(/[\u0000-\u001f\u007f]/g, '');

export function renderBoard(records: readonly CoordinationRecord[], lane: string, wave: number): string {
  const open = records.filter((r) => isOpen(r) && r.source !== SEED_SOURCE);
  const notes = records.filter((r) => r.kind === 'orchestrator-guidance');
  const kinds = [...new Set(open.map((r) => r.kind))].sort();
  const lines = [`# Coordination board: lane ${lane}, wave ${wave}`, ''];
  for (const k of kinds)
    lines.push(
      `## ${k}`,
      ...open
        .filter((r) => r.kind === k)
        .map((r) => `- \`${r.id}\` ${r.agentId} → ${r.targets.join(', ') || 'anyone'} [${r.status}/${r.priority}]: ${oneLine(r.summary)}`),
      '',
    );
  if (!kinds.length) lines.push('_Nothing open._', '');
  if (notes.length)
    lines.push(
      '## Guidance and notes',
      ...notes.map((r) => `- \`${r.id}\` ${r.agentId} → ${r.targets.join(', ') || 'everyone'}: ${oneLine(r.summary)}`),
      '',
    );
  return lines.join('\n');
}
