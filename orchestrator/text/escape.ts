// Text from records, markers, ids and files is printed to a terminal; agents control that text.
// Control characters (escape sequences that retitle a terminal, move the cursor, erase lines) are
// shown as visible \xNN escapes instead of being sent to the terminal.

// C0 controls except tab and newline, DEL, and C1 controls.
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/** `text` with every control character except newline and tab written as a visible `\xNN`. */
export function escapeControl(text: string): string {
  return text.replace(CONTROL, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

/** One line of output: control characters and newlines made visible. */
export function escapeLine(text: string): string {
  return escapeControl(text).replace(/\n/g, '\\n').replace(/\t/g, '\\t');
}
