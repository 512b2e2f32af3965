// How to start one of wave-bench's own modules as a child Node process, from source or from dist/.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * Returns `[execPath, ...args]` that run the module at `moduleUrl` in a fresh Node process.
 * A compiled `.js` module runs directly (fast start). A `.ts` module (tests run from source)
 * runs its compiled sibling under dist/ when `npm run build` produced one, else through tsx.
 */
export function nodeEntryCommand(moduleUrl: string | URL): { file: string; args: string[] } {
  let path = fileURLToPath(moduleUrl);
  if (path.endsWith('.js') && existsSync(path)) return { file: process.execPath, args: [path] };
  // Running from source (tests): `./x.js` names the module whose source is `./x.ts`.
  if (path.endsWith('.js')) path = `${path.slice(0, -3)}.ts`;
  const compiled = compiledSibling(path);
  if (compiled && existsSync(compiled)) return { file: process.execPath, args: [compiled] };
  return { file: process.execPath, args: ['--import', 'tsx', path] };
}

function compiledSibling(tsPath: string): string | undefined {
  const match = /^(.*)[\\/](orchestrator|harness|bench)[\\/](.*)\.ts$/.exec(tsPath);
  if (!match) return undefined;
  return `${match[1]}/dist/${match[2]}/${match[3]}.js`;
}
