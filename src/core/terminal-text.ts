/**
 * Text from a server or a file, made safe to write to a terminal: C0/C1 control characters (ESC
 * starts ANSI sequences that can rewrite the screen or set the window title), DEL, and Unicode
 * line/paragraph separators and bidi overrides are shown as `\u{…}` escapes instead of acting.
 * ECMA-48 (control functions); Unicode TR9 (bidi controls).
 */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/gu;

export function terminalSafe(text: string): string {
  return text.replace(UNSAFE, (c) => `\\u{${c.codePointAt(0)!.toString(16)}}`);
}
