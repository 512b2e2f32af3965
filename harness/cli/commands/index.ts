// The command table, in --help order. Each entry names its module and loads it only when that
// command runs: `wave-bench control ...` must not pay for Docker, reports or the launcher.
import type { CommandModule } from 'yargs';

/** A command module of any argument type: each command has its own, and yargs' table holds them all. */
// biome-ignore lint/suspicious/noExplicitAny: the argument types differ per command and are checked inside each module
export type AnyCommandModule = CommandModule<any, any>;

export interface CommandEntry {
  /** The word that selects the command on the command line. */
  name: string;
  /** yargs command string and description: shown by `wave-bench --help` without loading the module. */
  command: string;
  describe: string;
  load: () => Promise<AnyCommandModule>;
}

export const COMMANDS: CommandEntry[] = [
  {
    name: 'run',
    command: 'run',
    describe: 'Run the native eval suite (all cases × base arms, or those named)',
    load: async () => (await import('./run.js')).runCommand,
  },
  {
    name: 'list',
    command: 'list',
    describe: 'List cases, arms and failure families (all three unless one is named)',
    load: async () => (await import('./list.js')).listCommand,
  },
  {
    name: 'show',
    command: 'show',
    describe: 'Show one case: fixture agents, expectations and scoring',
    load: async () => (await import('./list.js')).showCommand,
  },
  {
    name: 'launch',
    command: 'launch',
    describe: "Run one wave, or a lane's waves in order (exit 0 only when every gate snapshot passes)",
    load: async () => (await import('./launch.js')).launchCommand,
  },
  {
    name: 'control',
    command: 'control <command>',
    describe: 'Operator surface of a lane: status, task, feedback, rerun, proof',
    load: async () => (await import('./control.js')).controlCommand,
  },
  {
    name: 'coord',
    command: 'coord <command>',
    describe: 'Read-only coordination views: inbox, render, explain',
    load: async () => (await import('./coord.js')).coordCommand,
  },
  {
    name: 'dashboard',
    command: 'dashboard',
    describe: "A lane's wave at a glance: agents, closure stage, open coordination, alerts, proofs (--watch to follow)",
    load: async () => (await import('./dashboard.js')).dashboardCommand,
  },
  {
    name: 'replay',
    command: 'replay <trace-dir>',
    describe: 'Recompute the gate snapshot and quality of an attempt from its trace bundle and report differences',
    load: async () => (await import('./replay.js')).replayCommand,
  },
  {
    name: 'pilot',
    command: 'pilot <command>',
    describe: 'SWE-bench Pro pilots in Docker: run, calibrate, list, show',
    load: async () => (await import('./pilot.js')).pilotCommand,
  },
  {
    name: 'report',
    command: 'report <command>',
    describe: 'Render reports from results.json, or diff two runs',
    load: async () => (await import('./report.js')).reportCommand,
  },
  {
    name: 'doctor',
    command: 'doctor',
    describe: 'Check Node, the Docker engine, agent CLIs, disk and Chromium, and say how to fix each',
    load: async () => (await import('./doctor.js')).doctorCommand,
  },
];

/** The entry a command line selects: its first word that is not an option, when it names a command. */
export function selectedCommand(argv: readonly string[]): CommandEntry | undefined {
  const word = argv.find((a) => !a.startsWith('-'));
  return word === undefined ? undefined : COMMANDS.find((c) => c.name === word);
}

/** Loads every command module (tests that want the whole table). */
export async function loadAllCommands(): Promise<AnyCommandModule[]> {
  return Promise.all(COMMANDS.map((c) => c.load()));
}
