// The watchdog process (see watchdog.ts): reads `run <token>` (before the agent starts),
// `root <token> <pid>` (once it has) and `done <token>` lines from its launcher, samples each
// watched tree while it runs, and when the launcher's pipe closes kills every tree still watched,
// then exits.
import { AgentProcessTree } from './process-tree.js';

const SAMPLE_MS = 250;
const trees = new Map<string, AgentProcessTree>();
let pending = '';

process.stdin.setEncoding('utf8');
process.stdin.on('data', (text: string) => {
  pending += text;
  const lines = pending.split('\n');
  pending = lines.pop() ?? '';
  for (const line of lines) {
    const [verb, token, root] = line.trim().split(' ');
    if (!token) continue;
    const pid = Number(root);
    if (verb === 'run') trees.set(token, new AgentProcessTree(undefined, token));
    else if (verb === 'root' && Number.isInteger(pid) && pid > 1) trees.get(token)?.setRoot(pid);
    else if (verb === 'done') trees.delete(token);
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
