// `--help` is the first thing a newcomer reads. It must never break a word across lines (yargs' ESM
// build did: "pass es", "run_script.s h"), every option must say what it does, and defaults must not
// print the absolute paths of the machine the help was rendered on. The reference for "the words of
// the help" is the same parser laid out unwrapped in-process; the CLI under test is the built binary,
// run as a child process at a narrow and a wide terminal width.
import { describe, expect, it } from 'vitest';
import { cli, repo } from '../helpers/cli.js';
import { commandPaths, unwrappedHelp } from '../helpers/help.js';

const tokens = (text: string) => text.split(/\s+/).filter(Boolean).sort();

/** Option and positional rows of a help text with what is left once the [type] [default] tags are removed. */
function optionRows(help: string): { name: string; description: string }[] {
  return help.split('\n').flatMap((line) => {
    const m = /^ {2}(--?[\w-]+|[\w-]+)(?: {2,}| (?=\[))(.*)$/.exec(line);
    if (!m || m[1]!.startsWith('wave-bench')) return [];
    return [{ name: m[1]!, description: m[2]!.replace(/(\s*\[[^\]]*\])+\s*$/, '').trim() }];
  });
}

describe('wave-bench --help', () => {
  it('lays out every command at 40 and 200 columns without splitting a word, and every option is described', async () => {
    const paths = await commandPaths();
    expect(paths.length).toBeGreaterThan(15); // run, list, show, launch, control ×4, replay, pilot ×4, report ×2, doctor
    for (const path of paths) {
      const reference = await unwrappedHelp(path);
      for (const columns of ['40', '200']) {
        const shown = await cli([...path, '--help'], { env: { COLUMNS: columns } });
        expect(shown.exitCode, `${path.join(' ')} --help`).toBe(0);
        // Wrapping only moves whitespace: the same words, each whole, at any width.
        expect(tokens(shown.stdout), `wave-bench ${path.join(' ')} --help at ${columns} columns`).toEqual(tokens(reference));
        expect(shown.stdout, 'no absolute path of this checkout').not.toContain(repo);
      }
      for (const row of optionRows(reference))
        expect(row.description, `wave-bench ${path.join(' ')}: ${row.name} has no description`).not.toBe('');
    }
  }, 600_000); // ~50 CLI start-ups: 47 s at load 9, over 180 s at load 19 beside another file

  it('prints one default for --concurrency and describes path defaults instead of printing them', async () => {
    const run = await unwrappedHelp(['run']);
    const concurrency = run.split('\n').find((l) => l.trimStart().startsWith('--concurrency'))!;
    expect(concurrency.match(/default/g)).toHaveLength(1);
    expect(concurrency).toContain('[default: number of cores]');
    expect(run).toContain('[default: cases/ of this checkout]');
  });
});
