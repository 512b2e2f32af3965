// Agents as swarm jobs: `pilot run --backend swarm` with a real CLI (codex) against the scripted
// model endpoint runs each item's agents in a job of the cluster, not in a container of the
// coordinator's engine. The per-item outcomes equal the local backend's under both arms; the
// agent's own shell shows it ran under the job's daemon (the local container's first process is a
// `sleep`); the full wave's `wave-bench control` record from inside reached the wave's log on the
// host; no service is left. A coordinator killed with kill -9 while an agent job runs leaves its
// jobs and gateway, which `--resume` removes before finishing with the same outcome.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  agentClisInstalled,
  endpointEnv,
  FIX_CALC_ADD,
  fixturePilotArgs,
  MARKERS_ONLY,
  pathWithClis,
  requireAgentClis,
} from '../helpers/agent-clis.js';
import { bin } from '../helpers/cli.js';
import { startModelEndpoint, type ModelEndpoint, type Scenario } from '../helpers/model-endpoint/index.js';
import { leftoverServices, REGISTRY, swarmAvailable } from '../helpers/swarm.js';
import { tempDir } from '../helpers/tmp.js';

const available = (await swarmAvailable()) && agentClisInstalled;
const SWARM = ['--backend', 'swarm', '--registry', REGISTRY];
const KEY = 'sk-sentinel-swarm-agent';
const EVIDENCE = 'Tests checked inside the agent job';
// The source owner first prints the command line of the first process where it runs, then fixes add.
const WHERE = "tr '\\0' ' ' < /proc/1/cmdline";
const owner: Omit<Scenario, 'agents'> = { ...FIX_CALC_ADD, steps: [{ kind: 'shell', command: WHERE }, ...FIX_CALC_ADD.steps] };
const postsEvidence: Omit<Scenario, 'agents'> = {
  steps: [{ kind: 'shell', command: `{{post}} --kind evidence --summary "${EVIDENCE}"` }],
  final: 'Checked.\n{{required-markers}}',
  plain: 'Review',
};

let endpoint: ModelEndpoint;
beforeAll(async () => {
  endpoint = await startModelEndpoint({
    scenario: { ...owner, agents: { A1: owner, A2: postsEvidence, A8: MARKERS_ONLY, A0: MARKERS_ONLY } },
  });
});
afterAll(async () => {
  await endpoint?.close();
});

interface Item {
  itemId: string;
  classification: string;
  resolved: boolean;
  tests: { failToPass: Record<string, string>; passToPass: Record<string, string> };
}
const outcome = (stdout: string) =>
  (JSON.parse(stdout) as { items: Item[] }).items
    .map((i) => [i.itemId, i.classification, i.resolved, i.tests.failToPass, i.tests.passToPass])
    .sort((a, b) => String(a[0]).localeCompare(String(b[0])));

/** `pilot run` of the fixture task with codex; `at` is told the child once started. */
function pilot(arms: string[], out: string, extra: string[] = []) {
  return execa('node', [bin, ...fixturePilotArgs('codex', { arms, out, extra })], {
    reject: false,
    env: { PATH: pathWithClis, NO_COLOR: '1', ...endpointEnv('codex', endpoint.url, KEY) },
  });
}

/** The tool outputs the model was sent since request `from`: where the agent's shell ran. */
const sentSince = (from: number) => endpoint.requests.slice(from).map((q) => JSON.stringify(q.body ?? ''));

describe.runIf(available)('agents as swarm jobs (single-node swarm, real codex)', () => {
  it('the CLIs are installed (scripts/ensure-agent-clis.sh; required in CI)', () => {
    expect(requireAgentClis()).toBe(true);
  });

  it('run in a job of the cluster and give the local backend’s outcomes under both arms, leaving no service', async () => {
    const dir = tempDir('wave-bench-swarm-agents-');
    const arms = ['single-agent', 'full-wave'];
    let from = endpoint.requests.length;
    const local = await pilot(arms, join(dir, 'local'));
    expect(local.exitCode, String(local.stderr).slice(-3000)).toBe(0);
    const localSent = sentSince(from);
    from = endpoint.requests.length;
    const run = pilot(arms, join(dir, 'swarm'), SWARM);
    const swarm = await run;
    expect(swarm.exitCode, String(swarm.stderr).slice(-3000)).toBe(0);
    const got = outcome(String(swarm.stdout));
    const details = (JSON.parse(String(swarm.stdout)) as { items: { detail: string }[] }).items.map((i) => i.detail);
    expect(
      got.map((o) => o[1]),
      details.join('\n'),
    ).toEqual(['resolved', 'resolved']);
    expect(got).toEqual(outcome(String(local.stdout)));
    // Each item names the node whose agent job ran its agents (this single node); local items name none.
    const host = (await execa('docker', ['info', '--format', '{{.Name}}'])).stdout.trim();
    const agentNodes = (o: string) => (JSON.parse(o) as { items: { agentNode?: string }[] }).items.map((i) => i.agentNode);
    expect(agentNodes(String(swarm.stdout))).toEqual([host, host]);
    expect(agentNodes(String(local.stdout))).toEqual([undefined, undefined]);
    // Under swarm the agent's first process is the job's daemon; locally it is the container's sleep.
    expect(sentSince(from).some((b) => b.includes('/opt/wave-agent/js/daemon.js'))).toBe(true);
    expect(localSent.some((b) => b.includes('daemon.js'))).toBe(false);
    expect(localSent.some((b) => b.includes('sleep 86400'))).toBe(true);
    // The tests owner's record, posted with `wave-bench control` inside the job, is in the host's wave log.
    const wave = join(dir, 'swarm', 'items', 'fixture__calc-add_full-wave_1', 'workspace', '.wave');
    const logged = readdirSync(wave, { withFileTypes: true, recursive: true }).filter(
      (e) => e.isFile() && e.name.endsWith('.jsonl') && readFileSync(join(e.parentPath, e.name), 'utf8').includes(EVIDENCE),
    );
    expect(logged.length).toBeGreaterThan(0);
    expect(await leftoverServices(`wave-bench.pid=${run.pid}`)).toEqual([]);
  }, 900_000);

  it('kill -9 of the coordinator while an agent job runs, then --resume: the same outcome and no service left', async () => {
    const dir = tempDir('wave-bench-swarm-agents-kill-');
    const out = join(dir, 'swarm');
    const child = pilot(['single-agent'], out, SWARM);
    // Wait for the agent job (the service running the daemon), then kill the coordinator under it.
    const deadline = Date.now() + 300_000;
    let agentJob = '';
    while (!agentJob && Date.now() < deadline) {
      for (const id of await leftoverServices(`wave-bench.pid=${child.pid}`)) {
        const cmd = await execa('docker', ['service', 'inspect', '--format', '{{json .Spec.TaskTemplate.ContainerSpec.Command}}', id], {
          reject: false,
        });
        if (cmd.stdout.includes('daemon.js')) agentJob = id;
      }
      if (!agentJob) await new Promise((r) => setTimeout(r, 100));
    }
    expect(agentJob).not.toBe('');
    child.kill('SIGKILL');
    await child;
    // The agent job's daemon lost the coordinator: it ends every process and the job's task ends
    // (the agent stops at once), while its service and the gateway's stay in the cluster...
    let state = '';
    for (const until = Date.now() + 120_000; Date.now() < until; await new Promise((r) => setTimeout(r, 500))) {
      state = (await execa('docker', ['service', 'ps', '--format', '{{.CurrentState}}', agentJob], { reject: false })).stdout;
      if (/^(Complete|Failed)/.test(state)) break;
    }
    expect(state).toMatch(/^(Complete|Failed)/);
    expect((await leftoverServices(`wave-bench.pid=${child.pid}`)).length).toBeGreaterThan(0);
    // ...until the resumed run removes them and runs the item again.
    const resumed = pilot(['single-agent'], out, [...SWARM, '--resume']);
    const r = await resumed;
    expect(r.exitCode, String(r.stderr).slice(-3000)).toBe(0);
    expect(outcome(String(r.stdout)).map((o) => o[1])).toEqual(['resolved']);
    expect(await leftoverServices(`wave-bench.pid=${child.pid}`)).toEqual([]);
    expect(await leftoverServices(`wave-bench.pid=${resumed.pid}`)).toEqual([]);
  }, 900_000);
});
