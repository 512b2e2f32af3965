// Writing a WaveDefinition back as a wave file. The harness generates waves for eval cases and
// SWE-bench tasks with it; parseWaveText(renderWaveFile(d)) gives d back (tested).
import type { AgentDefinition, WaveDefinition } from './types.js';

/** The markdown of a wave file for `def`. */
export function renderWaveFile(def: WaveDefinition): string {
  const out: string[] = [`# ${def.title}`, ''];
  if (def.commitMessage !== undefined) out.push(`**Commit message**: \`${def.commitMessage}\``, '');
  if (def.dependsOn?.length) out.push(`**Depends on**: ${def.dependsOn.map((w) => `wave ${w}`).join(', ')}`, '');
  if (def.componentPromotions.length)
    out.push('## Component promotions', '', ...def.componentPromotions.map((p) => `- ${p.component}: ${p.level}`), '');
  if (def.evalTargets.length) {
    out.push('## Eval targets', '');
    for (const t of def.evalTargets) {
      out.push(
        `- id: ${t.id} | selection: ${t.selection} | benchmark-family: ${t.benchmarkFamily} | benchmarks: ${t.benchmarks.join(',')} | objective: ${t.objective} | threshold: ${t.threshold}`,
      );
    }
    out.push('');
  }
  for (const agent of def.agents) out.push(...renderAgent(agent));
  return out.join('\n');
}

function renderAgent(a: AgentDefinition): string[] {
  const list = (title: string, items: string[]) => (items.length ? [`### ${title}`, '', ...items.map((i) => `- ${i}`), ''] : []);
  // Longer than any backtick run in the prompt, so a prompt quoting fenced code (``` or ````) stays one block.
  const fence = '`'.repeat(Math.max(3, ...(a.prompt.match(/`+/g) ?? []).map((run) => run.length + 1)));
  return [
    `## Agent ${a.id}: ${a.title}`,
    '',
    '### Role',
    '',
    a.role,
    '',
    ...list(
      'Executor',
      Object.entries(a.executor).map(([k, v]) => `${k}: ${v}`),
    ),
    ...list('Capabilities', a.capabilities),
    ...list('Components', a.components),
    ...list('Skills', a.skills),
    ...list('Deliverables', a.deliverables),
    ...list(
      'Proof artifacts',
      a.proofArtifacts.map(
        (p) =>
          `path: ${p.path}${p.kind ? ` | kind: ${p.kind}` : ''}${p.requiredFor.length ? ` | required-for: ${p.requiredFor.join(',')}` : ''}`,
      ),
    ),
    ...(a.exitContract
      ? list('Exit contract', [
          `completion: ${a.exitContract.completion}`,
          `durability: ${a.exitContract.durability}`,
          `proof: ${a.exitContract.proof}`,
          `doc-impact: ${a.exitContract.docImpact}`,
        ])
      : []),
    ...list('Owned paths', a.ownedPaths),
    '### Prompt',
    '',
    fence,
    a.prompt,
    fence,
    '',
  ];
}
