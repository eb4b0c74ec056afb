// C0 controls but tab, DEL and C1 controls: what a terminal may read as a command (ESC, CSI 0x9B, …).
const CONTROL = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f]/g;
const CONTROL_BUT_NEWLINE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;
const hex = (c: string) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`;

/**
 * Text that came from outside (a line of a file, a file name, a field) made
 * safe to echo on a terminal or in a log line: each control character except
 * tab is written `\xNN`. `keepNewlines` leaves line breaks of a multi-line
 * message of ours.
 */
export function printable(text: string, options: { keepNewlines?: boolean } = {}): string {
  return text.replace(options.keepNewlines ? CONTROL_BUT_NEWLINE : CONTROL, hex);
}

/** JSON for a terminal: JSON.stringify escapes C0 controls, this also DEL and C1 (still valid JSON, same value). */
export function printableJson(value: unknown, replacer?: (key: string, value: unknown) => unknown): string {
  return JSON.stringify(value, replacer, 2).replace(
    /[\u007f-\u009f]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
