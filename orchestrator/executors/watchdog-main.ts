// The watchdog process (see watchdog.ts): reads `watch <root> <token>` and `done <root>` lines
// from its launcher, samples each watched tree while it runs, and when the launcher's pipe closes
// kills every tree still watched, then exits.
import { AgentProcessTree } from './process-tree.js';

const SAMPLE_MS = 250;
const trees = new Map<number, AgentProcessTree>();
let pending = '';

process.stdin.setEncoding('utf8');
process.stdin.on('data', (text: string) => {
  pending += text;
  const lines = pending.split('\n');
  pending = lines.pop() ?? '';
  for (const line of lines) {
    const [verb, root, token] = line.trim().split(' ');
    const pid = Number(root);
    if (!Number.isInteger(pid) || pid <= 1) continue;
    if (verb === 'watch' && token) trees.set(pid, new AgentProcessTree(pid, token));
    else if (verb === 'done') trees.delete(pid);
  }
});
const sampler = setInterval(() => trees.forEach((t) => t.sample()), SAMPLE_MS);
const end = () => {
  clearInterval(sampler);
  trees.forEach((t) => t.killAll());
  process.exit(0);
};
process.stdin.on('end', end);
process.stdin.on('close', end);
process.stdin.on('error', end);
