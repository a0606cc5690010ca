import type { ConfigDocument, DocInvalid } from './document.js';
import type { ConfigProblem } from './problems.js';
import { botocoreIdentity } from './sdk-checks.js';

/*
 * What makes botocore refuse the file (configparser.RawConfigParser in strict mode and botocore
 * configloader.py `_parse_nested`; docs/protocol.md, "Line syntax"), plus sections written twice
 * under different spellings, which botocore accepts but reads differently from the JS SDK.
 */

const INVALID: Record<DocInvalid['reason'], string> = {
  'no-section': 'this line comes before any [section] header; botocore refuses the file',
  'no-delimiter':
    'this line is not "key = value", a [section] header or a comment; botocore refuses the file',
  'empty-key': 'this line has no key before "="; botocore refuses the file',
  'bad-sub-key':
    'this indented line in a nested block is not "key = value"; botocore refuses the file',
  'unclosed-header': 'this section header has no closing "]"; botocore refuses the file',
};

const error = (line: number, kind: ConfigProblem['kind'], message: string): ConfigProblem => ({
  line,
  message,
  severity: 'error',
  kind,
});

const FIX: Partial<Record<DocInvalid['reason'], string>> = {
  'no-delimiter': 'put "=" between the key and its value on',
  'unclosed-header': 'add "]" at the end of the header on',
};

/**
 * A key-like first word (config keys are lower-case) ahead of more text: `region eu-west-1` names
 * `region`, never the value (it may be a secret).
 */
const KEY_THEN_VALUE = /^\s*([a-z][a-z0-9_]{0,63})\s+\S/;

function invalidProblem(doc: ConfigDocument, inv: DocInvalid): ConfigProblem {
  const key =
    inv.reason === 'no-delimiter' ? KEY_THEN_VALUE.exec(doc.lines[inv.line - 1]?.text ?? '') : null;
  const fix = inv.reason === 'no-delimiter' && !key ? undefined : FIX[inv.reason];
  const message = key
    ? `"${key[1]}" has no "=" after it (write "${key[1]} = value"); botocore refuses the file`
    : INVALID[inv.reason];
  return { ...error(inv.line, 'syntax', message), ...(fix ? { fix } : {}) };
}

export function structureProblems(doc: ConfigDocument): ConfigProblem[] {
  const out: ConfigProblem[] = [];
  if (doc.bom) {
    out.push(
      error(
        1,
        'syntax',
        'the file starts with a byte-order mark, which botocore cannot read; save it as UTF-8 without BOM',
      ),
    );
  }
  for (const inv of [doc.preamble, ...doc.sections].flatMap((b) => b.invalid)) {
    out.push(invalidProblem(doc, inv));
  }
  const firstHeader = new Map<string, number>();
  const firstKey = new Map<string, number>();
  const spellings = new Map<string, { text: string; line: number }>();
  for (const s of doc.sections) {
    const { text, line } = s.header;
    const seen = firstHeader.get(text);
    // configparser's DEFAULT section may repeat; every other repeat is DuplicateSectionError.
    if (seen !== undefined && text !== 'DEFAULT') {
      out.push(
        error(
          line,
          'duplicate-section',
          `[${text}] appears again (first on line ${seen}); botocore refuses the file`,
        ),
      );
    } else if (seen === undefined) firstHeader.set(text, line);

    const id = s.header.kind === 'default' ? 'plain-default' : botocoreIdentity(s);
    const other = id === undefined ? undefined : spellings.get(id);
    if (id !== undefined && other === undefined) spellings.set(id, { text, line });
    if (other && other.text !== text) {
      out.push({
        line,
        severity: 'warn',
        kind: 'duplicate-section',
        message: `[${text}] is the same section as [${other.text}] on line ${other.line}: botocore uses only the later one, the JS SDK merges them`,
      });
    }
    for (const k of s.keys) {
      const slot = `${text}\u0000${k.id}`;
      const first = firstKey.get(slot);
      if (first === undefined) firstKey.set(slot, k.line);
      else
        out.push(
          error(
            k.line,
            'duplicate-key',
            `"${k.id}" is set again in [${text}] (first on line ${first}); botocore refuses the file`,
          ),
        );
    }
  }
  return out;
}
