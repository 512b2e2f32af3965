// The hostile-input corpus (issue 12): each entry is an input a hostile or careless user could give,
// the command, the exit code and a fragment of the message it must get. The runner also checks for
// every entry that nothing outside the allowed paths changed (by default: nothing at all changed,
// so a refused input never touches stored state), that the host stand-in <root>/outside is never
// written or copied, and that no stack trace or raw control character reaches the terminal.
// The entries live in corpus/, one file per class; corpus/kit.ts holds the type and shared setups.
import { identifiers } from './corpus/identifiers.js';
import { interrupted } from './corpus/interrupted.js';
import type { HostileCase } from './corpus/kit.js';
import { numbers } from './corpus/numbers.js';
import { stored } from './corpus/stored.js';
import { symlinks } from './corpus/symlinks.js';
import { unclear } from './corpus/unclear.js';

export type { HostileCase, HostileClass } from './corpus/kit.js';

export const HOSTILE_CASES: HostileCase[] = [...numbers, ...identifiers, ...symlinks, ...interrupted, ...unclear, ...stored];
