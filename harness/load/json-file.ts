// Reads a JSON input file, turning unreadable or unparsable files into InputErrors that name the file.
import { readdirSync, readFileSync, statSync, type Stats } from 'node:fs';
import { createHash } from 'node:crypto';
import { InputError, WaveBenchError } from '../../orchestrator/index.js';

/** Parsed JSON plus the sha256 of the exact bytes (recorded in results for reproducibility). */
export function readJsonFile(file: string): { value: unknown; sha256: string } {
  let text: string;
  try {
    refuseSpecialFile(file);
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new InputError([{ file, where: '(file)', message: `cannot read: ${(error as Error).message}` }]);
  }
  try {
    return { value: JSON.parse(text), sha256: createHash('sha256').update(text).digest('hex') };
  } catch (error) {
    throw new InputError(
      [{ file, where: '(file)', message: `not valid JSON: ${(error as Error).message}` }],
      'fix the JSON syntax (a trailing comma or an unquoted key is the usual cause)',
    );
  }
}

/** The `.json` file names in an input directory; a missing or unreadable directory names the option to fix. */
export function listJsonFiles(dir: string, option: string): string[] {
  try {
    return readdirSync(dir)
      .filter((n) => n.endsWith('.json'))
      .sort();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    throw new WaveBenchError(
      'input-dir-unreadable',
      `${option} ${dir}: ${code === 'ENOENT' ? 'no such directory' : code === 'ENOTDIR' ? 'is a file, not a directory' : (error as Error).message}`,
      {
        fix: `pass ${option} with an existing directory of .json files`,
      },
    );
  }
}

/** A FIFO or device given as an input file would block or stream forever: only regular files are read. */
export function refuseSpecialFile(file: string): void {
  let stat: Stats;
  try {
    stat = statSync(file);
  } catch {
    return; // missing: the read that follows names it
  }
  if (!stat.isFile()) throw new Error(stat.isDirectory() ? 'EISDIR: is a directory' : 'not a regular file (a FIFO, socket or device)');
}
