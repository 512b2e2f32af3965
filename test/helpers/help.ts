// The CLI's own --help, rendered in-process and unwrapped: the reference the help and docs tests
// compare the built binary and the docs against.
import { loadAllCommands } from '../../harness/cli/commands/index.js';
import { createParser } from '../../harness/cli/main.js';

export async function unwrappedHelp(path: string[]): Promise<string> {
  const loaded = await loadAllCommands();
  return new Promise((resolve, reject) =>
    createParser([], { width: null, onExitCode: () => undefined, loaded })
      .exitProcess(false)
      .parse([...path, '--help'], {}, (error, _argv, output) => (error ? reject(error) : resolve(output))),
  );
}

/** Every command path (`[]`, `['run']`, `['control', 'task']`, ...), found by walking the "Commands:" sections. */
export async function commandPaths(): Promise<string[][]> {
  const paths: string[][] = [];
  const walk = async (path: string[]) => {
    paths.push(path);
    const help = await unwrappedHelp(path);
    const section = help.split(/\n\n/).find((block) => block.startsWith('Commands:')) ?? '';
    for (const line of section.split('\n').slice(1)) {
      const words = line
        .trim()
        .split(/\s{2,}/)[0]!
        .split(' ')
        .slice(1)
        .filter((w) => !/^[<[]/.test(w));
      if (words.length === path.length + 1) await walk(words);
    }
  };
  await walk([]);
  return paths;
}
