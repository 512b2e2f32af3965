// yargs for --help, with two layout fixes. yargs' ESM build wraps --help by character count, splitting
// words ("pass es"); its CommonJS build uses wrap-ansi, which breaks lines only between words. Both
// builds share cliui, which puts the right-hand "[type] [default]" column on the description's line
// even when no space is left between them ("lists them)[string]"); renderInline below keeps a gap.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

interface Line {
  text: string;
  span?: boolean;
}
interface CliuiPrototype {
  renderInline(this: unknown, source: string, previous: Line): string;
}

const cliuiPrototype = Object.getPrototypeOf(require('cliui')({})) as CliuiPrototype;
const renderInline = cliuiPrototype.renderInline;
cliuiPrototype.renderInline = function (source, previous) {
  const indent = /^ */.exec(source)![0].length;
  const used = [...previous.text.trimEnd()].length;
  // cliui joins when indent >= used, i.e. with zero spaces when they are equal: start a new line instead.
  return previous.span && indent === used ? source : renderInline.call(this, source, previous);
};

export const yargs = require('yargs') as typeof import('yargs').default;
