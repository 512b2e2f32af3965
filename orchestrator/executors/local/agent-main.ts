// The `local` smoke agent: writes the files it was asked to deliver and prints the markers its
// prompt requires, with placeholder values filled in. It proves the plumbing, not the work.
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { REQUIRED_MARKERS_HEADING } from '../../prompt/sections.js';

const { values } = parseArgs({ options: { prompt: { type: 'string' }, workspace: { type: 'string' }, files: { type: 'string', default: '' }, agent: { type: 'string', default: '?' } } });
const prompt = readFileSync(values.prompt!, 'utf8');
for (const file of (values.files ?? '').split(',').filter(Boolean)) {
  const target = join(values.workspace!, file);
  if (existsSync(target)) continue;
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, `smoke output of agent ${values.agent} for ${file}\n`);
  process.stdout.write(`local ${values.agent}: wrote ${file}\n`);
}
const section = prompt.split(`## ${REQUIRED_MARKERS_HEADING}`)[1] ?? '';
const block = /```\n([\s\S]*?)\n```/.exec(section)?.[1] ?? '';
for (const line of block.split('\n').filter((l) => l.startsWith('[wave-'))) {
  process.stdout.write(`${line.replace(/<[^>]*>/g, 'smoke')}\n`);
}
