/**
 * The token split botocore applies to a section header (`shlex.split(header)` in POSIX mode,
 * comments off; botocore configloader.py `_parse_section`; docs/protocol.md, "Section headers").
 * That is why `[profile "a b"]` and `[profile  x]` (two spaces) are profiles for botocore. Returns
 * undefined where Python raises ValueError (an unclosed quote or a trailing backslash); botocore
 * then drops the section.
 */
export interface ShlexToken {
  value: string;
  /** The token used quotes somewhere (`"x"`, `'x'`, `a"b"`). */
  quoted: boolean;
}

const WHITESPACE = new Set([' ', '\t', '\r', '\n']);

export function shlexSplit(input: string): ShlexToken[] | undefined {
  const tokens: ShlexToken[] = [];
  let value = '';
  let quoted = false;
  let inToken = false;
  let i = 0;
  while (i < input.length) {
    const c = input[i] as string;
    if (WHITESPACE.has(c)) {
      if (inToken) tokens.push({ value, quoted });
      value = '';
      quoted = false;
      inToken = false;
      i++;
      continue;
    }
    inToken = true;
    if (c === '\\') {
      // Outside quotes a backslash escapes any next character.
      if (i + 1 >= input.length) return undefined;
      value += input[i + 1];
      i += 2;
    } else if (c === "'") {
      const end = input.indexOf("'", i + 1);
      if (end < 0) return undefined;
      value += input.slice(i + 1, end);
      quoted = true;
      i = end + 1;
    } else if (c === '"') {
      // Inside double quotes a backslash escapes only `"` and `\` (shlex.escapedquotes).
      i++;
      quoted = true;
      for (;;) {
        if (i >= input.length) return undefined;
        const d = input[i] as string;
        if (d === '"') break;
        if (d === '\\' && (input[i + 1] === '"' || input[i + 1] === '\\')) {
          value += input[i + 1];
          i += 2;
          continue;
        }
        value += d;
        i++;
      }
      i++;
    } else {
      value += c;
      i++;
    }
  }
  if (inToken) tokens.push({ value, quoted });
  return tokens;
}
