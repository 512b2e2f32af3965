// The run's gateway (docs/cluster.md "Agents as swarm jobs"): a service on the coordinator's own
// node, on the agents' internal overlay network, that hands every connection an agent job opens to
// the coordinator's Unix socket bound in from the host. It reads nothing: the coordinator checks
// each connection's header. Node's own modules only: it runs from the agent runtime image.
import { connect, createServer } from 'node:net';
import { join } from './wire.js';

const [port, socket] = process.argv.slice(2);
createServer({ allowHalfOpen: true }, (job) => {
  job.pause();
  const hub = connect({ path: socket!, allowHalfOpen: true });
  hub.once('connect', () => join(job, hub));
  hub.once('error', () => job.destroy());
}).listen(Number(port), '0.0.0.0');
