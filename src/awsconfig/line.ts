/** One physical line of the file and the exact line ending that followed it. */
export interface SourceLine {
  readonly text: string;
  /** `''` only on a last line that has no final newline. */
  readonly eol: '' | '\n' | '\r\n';
}

/** Splits on `\n`, keeping a `\r` before it as part of the ending; joining gives the input back. */
export function splitLines(text: string): SourceLine[] {
  const lines: SourceLine[] = [];
  let start = 0;
  for (;;) {
    const nl = text.indexOf('\n', start);
    if (nl < 0) break;
    const crlf = nl > start && text[nl - 1] === '\r';
    lines.push({ text: text.slice(start, crlf ? nl - 1 : nl), eol: crlf ? '\r\n' : '\n' });
    start = nl + 1;
  }
  if (start < text.length) lines.push({ text: text.slice(start), eol: '' });
  return lines;
}

export function joinLines(lines: readonly SourceLine[]): string {
  let out = '';
  for (const l of lines) out += l.text + l.eol;
  return out;
}

/** The ending most lines use; LF when there is none or it is a tie. */
export function dominantEol(lines: readonly SourceLine[]): '\n' | '\r\n' {
  let crlf = 0;
  let lf = 0;
  for (const l of lines) {
    if (l.eol === '\r\n') crlf++;
    else if (l.eol === '\n') lf++;
  }
  return crlf > lf ? '\r\n' : '\n';
}

/**
 * A `key = value` line cut into the parts an in-place edit keeps. The delimiter is the first `=`
 * or `:` (configparser's OPTCRE: `(?P<option>.*?)\s*(?P<vi>[=:])\s*(?P<value>.*)$`).
 */
export interface KeyLineParts {
  indent: string;
  key: string;
  beforeDelim: string;
  delim: '=' | ':';
  afterDelim: string;
  /** The value as botocore reads it (trimmed, inline comments kept). */
  value: string;
  trailing: string;
}

export function splitKeyLine(text: string, equalsOnly = false): KeyLineParts | undefined {
  // Sub-keys of a nested block split on `=` only (bc/configloader.py `_parse_nested`).
  const re = equalsOnly
    ? /^(\s*)(.*?)(\s*)(=)(\s*)(.*?)(\s*)$/s
    : /^(\s*)(.*?)(\s*)([=:])(\s*)(.*?)(\s*)$/s;
  const m = re.exec(text);
  if (!m) return undefined;
  return {
    indent: m[1] as string,
    key: m[2] as string,
    beforeDelim: m[3] as string,
    delim: m[4] as '=' | ':',
    afterDelim: m[5] as string,
    value: m[6] as string,
    trailing: m[7] as string,
  };
}

/** Leading whitespace length, as configparser measures indentation (first non-space column). */
export function indentOf(text: string): number {
  const m = /\S/.exec(text);
  return m ? m.index : 0;
}

/** Where the JS SDK would cut an inline comment off a value: `#`/`;` after whitespace. */
export function inlineCommentStart(value: string): number {
  const m = /\s[;#]/.exec(value);
  return m ? m.index : -1;
}
