// The `local` smoke agent: writes the files it was asked to deliver and prints the markers its
// prompt requires, with placeholder values filled in. It proves the plumbing, not the work.
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { writeWorkspaceFile } from '../../safe-fs.js';
import { parseArgs } from 'node:util';
import { REQUIRED_MARKERS_HEADING } from '../../prompt/sections.js';

const { values } = parseArgs({
  options: {
    prompt: { type: 'string' },
    workspace: { type: 'string' },
    files: { type: 'string', default: '' },
    agent: { type: 'string', default: '?' },
  },
});
const prompt = readFileSync(values.prompt!, 'utf8');
for (const file of (values.files ?? '').split(',').filter(Boolean)) {
  if (existsSync(join(values.workspace!, file))) continue;
  const refused = writeWorkspaceFile(values.workspace!, file, `smoke output of agent ${values.agent} for ${file}\n`);
  process.stdout.write(
    refused ? `local ${values.agent}: refused to write ${file}: ${refused}\n` : `local ${values.agent}: wrote ${file}\n`,
  );
}
const section = prompt.split(`## ${REQUIRED_MARKERS_HEADING}`)[1] ?? '';
const block = /```\n([\s\S]*?)\n```/.exec(section)?.[1] ?? '';
for (const line of block.split('\n').filter((l) => l.startsWith('[wave-'))) {
  process.stdout.write(`${line.replace(/<[^>]*>/g, 'smoke')}\n`);
}
