// The command table: one module per command, registered here in --help order.
import type { CommandModule } from 'yargs';
import { launchCommand } from './launch.js';
import { replayCommand } from './replay.js';
import { controlCommand } from './control.js';
import { runCommand } from './run.js';
import { listCommand, showCommand } from './list.js';
import { reportCommand } from './report.js';
import { pilotCommand } from './pilot.js';
import { doctorCommand } from './doctor.js';

// Each command module exports one CommandModule. Add new commands to this list.
export const commands: CommandModule<any, any>[] = [runCommand, listCommand, showCommand, launchCommand, controlCommand, replayCommand, pilotCommand, reportCommand, doctorCommand];
