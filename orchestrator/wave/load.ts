// Reading a wave file from disk: parse, validate, and throw one InputError with every problem.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { InputError, WaveBenchError } from '../errors.js';
import { parseWaveText } from './parse.js';
import type { WaveDefinition } from './types.js';
import { validateWave, type ValidateOptions } from './validate.js';

/** The validated definition of the wave file at `path`. */
export function loadWaveFile(path: string, options: ValidateOptions = {}): WaveDefinition {
  const file = resolve(path);
  let text: string;
  try {
    if (existsSync(file) && !statSync(file).isFile())
      throw new Error(statSync(file).isDirectory() ? 'EISDIR: is a directory' : 'not a regular file (a FIFO, socket or device)');
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new WaveBenchError('wave-file-unreadable', `cannot read wave file ${file}: ${(error as Error).message}`, {
      fix: 'pass --wave-file with the path of an existing wave-<N>.md file',
      cause: error,
    });
  }
  return checkedWave(text, file, options);
}

/** Parses and validates wave text; throws InputError listing every problem. */
export function checkedWave(text: string, file: string, options: ValidateOptions = {}): WaveDefinition {
  const { definition, issues } = parseWaveText(text, file, options.closureIds);
  const all = [...issues, ...validateWave(definition, options)];
  if (all.length) throw new InputError(all, 'fix the wave file; the format is described in docs/wave-files.md');
  return definition;
}
