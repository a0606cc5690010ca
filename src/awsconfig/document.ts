import { classifyHeader, headerText, type HeaderView } from './header.js';
import {
  dominantEol,
  indentOf,
  joinLines,
  splitKeyLine,
  splitLines,
  type SourceLine,
} from './line.js';

/*
 * The ~/.aws/config file as its original lines plus an index (aws-cli's
 * awscli/customizations/configure/writer.py keeps lines too). Line numbers in the index are
 * 1-based, as in every message a user sees. Structure follows botocore's configparser
 * (docs/protocol.md, "Line syntax"): an indented line after `key = value` continues that value, an
 * indented `k = v` after `key =` is a sub-key of a nested block.
 */

export interface DocHeader extends HeaderView {
  line: number;
  raw: string;
}

export interface DocSubKey {
  name: string;
  value: string;
  line: number;
  raw: string;
}

export interface DocKey {
  /** As written (trimmed). */
  name: string;
  /** Lower-cased: botocore's `optionxform`, the name two keys collide on. */
  id: string;
  /** botocore's value: trimmed, inline comments kept, continuation lines not included. */
  value: string;
  delim: '=' | ':';
  line: number;
  raw: string;
  indent: number;
  /** `s3 =` followed by indented `k = v` lines. */
  subKeys: DocSubKey[];
  /** Indented lines after a non-empty value: botocore appends them to the value. */
  continuation: number[];
  /** Last line that belongs to this key (itself, a continuation or a sub-key line). */
  endLine: number;
}

export type InvalidReason =
  | 'no-section'
  | 'no-delimiter'
  | 'empty-key'
  | 'bad-sub-key'
  /** `[profile dev` with no `]`: configparser sees neither a header nor a key. */
  | 'unclosed-header';

export interface DocInvalid {
  line: number;
  reason: InvalidReason;
}

export interface DocBlock {
  /** First and last line (inclusive); for an empty preamble end is start - 1. */
  start: number;
  end: number;
  keys: DocKey[];
  comments: number[];
  blanks: number[];
  invalid: DocInvalid[];
}

export interface DocSection extends DocBlock {
  header: DocHeader;
}

export interface ConfigDocument {
  readonly lines: readonly SourceLine[];
  /** Lines before the first header. */
  readonly preamble: DocBlock;
  readonly sections: readonly DocSection[];
  /** The ending new lines get when nothing closer says otherwise. */
  readonly eol: '\n' | '\r\n';
  /** The file starts with a UTF-8 byte-order mark (botocore cannot read it). */
  readonly bom: boolean;
}

function emptyBlock(start: number): DocBlock {
  return { start, end: start - 1, keys: [], comments: [], blanks: [], invalid: [] };
}

export function parseConfigDocument(text: string): ConfigDocument {
  const lines = splitLines(text);
  const bom = text.startsWith('\uFEFF');
  const preamble = emptyBlock(1);
  const sections: DocSection[] = [];
  let block: DocBlock = preamble;
  let lastKey: DocKey | undefined;

  lines.forEach((source, i) => {
    const n = i + 1;
    const text = i === 0 && bom ? source.text.slice(1) : source.text;
    const stripped = text.trim();
    if (stripped === '' || stripped.startsWith('#') || stripped.startsWith(';')) {
      block.end = n;
      return void (stripped === '' ? block.blanks : block.comments).push(n);
    }
    // configparser checks for a continuation line before it checks for a header, so an
    // indented `[x]` under a key is part of that key's value for botocore (not for JS).
    const indent = indentOf(text);
    if (lastKey && indent > lastKey.indent) {
      block.end = n;
      lastKey.endLine = n;
      if (lastKey.value !== '') return void lastKey.continuation.push(n);
      const parts = splitKeyLine(text, true);
      if (!parts) return void block.invalid.push({ line: n, reason: 'bad-sub-key' });
      lastKey.subKeys.push({ name: parts.key, value: parts.value, line: n, raw: source.text });
      return;
    }
    const hText = headerText(stripped);
    if (hText !== undefined) {
      const header = { ...classifyHeader(hText), line: n, raw: source.text };
      const section: DocSection = { ...emptyBlock(n), end: n, header };
      sections.push(section);
      block = section;
      lastKey = undefined;
      return;
    }
    block.end = n;
    const unclosed = stripped.startsWith('[') && !stripped.includes(']');
    if (block === preamble) {
      return void block.invalid.push({
        line: n,
        reason: unclosed ? 'unclosed-header' : 'no-section',
      });
    }
    const parts = splitKeyLine(text);
    if (!parts) {
      return void block.invalid.push({
        line: n,
        reason: unclosed ? 'unclosed-header' : 'no-delimiter',
      });
    }
    if (parts.key === '') return void block.invalid.push({ line: n, reason: 'empty-key' });
    lastKey = {
      name: parts.key,
      id: parts.key.toLowerCase(),
      value: parts.value,
      delim: parts.delim,
      line: n,
      raw: source.text,
      indent,
      subKeys: [],
      continuation: [],
      endLine: n,
    };
    block.keys.push(lastKey);
  });
  return { lines, preamble, sections, eol: dominantEol(lines), bom };
}

export function serialize(doc: ConfigDocument): string {
  return joinLines(doc.lines);
}
