// Runs the scripted model endpoint by hand, for trying a CLI against it:
//   npx tsx test/helpers/model-endpoint/serve.ts SCENARIO.json [PORT] [REQUEST-LOG.json]
// prints the URL, and rewrites REQUEST-LOG.json (every request recorded so far) once a second.
import { readFileSync, writeFileSync } from 'node:fs';
import { startModelEndpoint, type Scenario } from './index.js';

const [scenarioFile, port, logFile] = process.argv.slice(2);
if (!scenarioFile) {
  console.error('usage: serve.ts SCENARIO.json [PORT] [REQUEST-LOG.json]');
  process.exit(2);
}
const endpoint = await startModelEndpoint({
  scenario: JSON.parse(readFileSync(scenarioFile, 'utf8')) as Scenario,
  ...(port ? { port: Number(port) } : {}),
});
console.log(endpoint.url);
if (logFile) setInterval(() => writeFileSync(logFile, JSON.stringify(endpoint.requests, null, 2)), 1000);
process.on('SIGTERM', () => void endpoint.close().then(() => process.exit(0)));
