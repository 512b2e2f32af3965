// Items per cluster node (`--backend swarm`): where each item's last job ran, with its verdicts.
import type { NodeSummary, PilotItemResult } from '../schema/pilot-results.js';

/** Per-node counts, nodes by name; items without a node (no job ran) are counted apart. */
export function summariseNodes(items: readonly Pick<PilotItemResult, 'node' | 'resolved' | 'infra'>[]): {
  nodes: NodeSummary[];
  itemsWithoutNode: number;
} {
  const byNode = new Map<string, NodeSummary>();
  let itemsWithoutNode = 0;
  for (const i of items) {
    if (!i.node) {
      itemsWithoutNode += 1;
      continue;
    }
    const n = byNode.get(i.node) ?? { node: i.node, items: 0, resolved: 0, infraFailures: 0 };
    n.items += 1;
    if (i.resolved) n.resolved += 1;
    if (i.infra) n.infraFailures += 1;
    byNode.set(i.node, n);
  }
  return { nodes: [...byNode.values()].sort((a, b) => a.node.localeCompare(b.node)), itemsWithoutNode };
}
