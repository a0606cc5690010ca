import type { ConfigDocument, DocKey, DocSection, DocSubKey } from './document.js';
import { botocorePrefixedName, JS_BLOCKED_SECTION_NAMES, jsStripComment } from './header.js';
import { jsLineEvents, type JsLineEvent } from './js-view.js';
import { inlineCommentStart } from './line.js';
import type { ConfigProblem } from './problems.js';

/*
 * Lines that botocore and the JS SDK read differently (docs/protocol.md, "Section headers", "Line
 * syntax"). Messages name keys but never echo values: a config file may hold a secret access key.
 */

type Role =
  | { kind: 'key'; key: DocKey }
  | { kind: 'sub'; parent: DocKey; sub: DocSubKey }
  | { kind: 'cont'; key: DocKey };

const warn = (line: number, message: string): ConfigProblem => ({
  line,
  message,
  severity: 'warn',
  kind: 'sdk-disagreement',
});

/** `default`, `profile:x`, `sso-session:x`, `services:x`, or undefined for other sections. */
export function botocoreIdentity(s: DocSection): string | undefined {
  const { kind, name } = s.header;
  if (kind === 'default' || (kind === 'profile' && name === 'default')) return 'default';
  return kind === 'other' ? undefined : `${kind}:${name}`;
}

function jsIdentity(ev: JsLineEvent | undefined): string | undefined {
  if (ev?.kind !== 'header') return undefined;
  const v = ev.view;
  if (v.kind === 'default') return 'default';
  return v.kind === 'ignored' || v.kind === 'not-a-header' ? undefined : `${v.kind}:${v.name}`;
}

function headerProblems(s: DocSection, ev: JsLineEvent | undefined): ConfigProblem[] {
  const { line, text } = s.header;
  const out: ConfigProblem[] = [];
  const js = jsStripComment(s.header.raw);
  if (
    js.startsWith('[') &&
    js.endsWith(']') &&
    JS_BLOCKED_SECTION_NAMES.includes(js.slice(1, -1))
  ) {
    out.push({
      line,
      severity: 'error',
      kind: 'sdk-disagreement',
      message: `the JS SDK refuses a section named [${text}] and then ignores the whole file`,
    });
  }
  const bot = botocoreIdentity(s);
  const jsId = jsIdentity(ev);
  if (ev?.kind !== 'header') {
    out.push(
      warn(
        line,
        `botocore reads [${text}] as a section, the JS SDK does not (text after "]") and adds the keys below to the section above`,
      ),
    );
  } else if (bot !== jsId) {
    out.push(
      warn(
        line,
        bot && !jsId
          ? `the JS SDK ignores [${text}]: it reads "[${s.header.kind} name]" with exactly one space and a name of letters, digits and _-@+.%:/`
          : `botocore reads [${text}] as ${bot ?? 'no profile'}, the JS SDK as ${jsId ?? 'nothing'}`,
      ),
    );
  }
  if (s.header.kind !== 'other') return out;
  const odd = botocorePrefixedName(text);
  if (text === 'DEFAULT') {
    out.push(
      warn(
        line,
        '[DEFAULT] is special to botocore (its keys apply to every section); the JS SDK ignores it',
      ),
    );
  } else if (odd) {
    out.push(
      warn(line, `botocore reads [${text}] as ${odd.prefix} "${odd.name}", the JS SDK ignores it`),
    );
  } else if (/^(profile|sso-session|services)(\s|$)/i.test(text)) {
    out.push({
      line,
      severity: 'warn',
      kind: 'ignored-section',
      message: `both SDKs ignore [${text}]: write "[profile name]" in lower case with one name`,
    });
  }
  return out;
}

function roles(s: DocSection): Map<number, Role> {
  const map = new Map<number, Role>();
  for (const key of s.keys) {
    map.set(key.line, { kind: 'key', key });
    for (const c of key.continuation) map.set(c, { kind: 'cont', key });
    for (const sub of key.subKeys) map.set(sub.line, { kind: 'sub', parent: key, sub });
  }
  return map;
}

function valueProblem(line: number, what: string, botocore: string, js: string): ConfigProblem[] {
  if (botocore === js) return [];
  return inlineCommentStart(botocore) >= 0 || /^[#;]/.test(botocore)
    ? [
        warn(
          line,
          `inline comment after ${what}: botocore keeps it as part of the value, the JS SDK drops it; put the comment on its own line`,
        ),
      ]
    : [warn(line, `botocore and the JS SDK read different values for ${what}`)];
}

function keyProblems(n: number, key: DocKey, ev: JsLineEvent): ConfigProblem[] {
  const out: ConfigProblem[] = [];
  const what = `"${key.id}"`;
  if (ev.kind === 'none' || ev.kind === 'header') {
    return [
      warn(
        n,
        key.delim === ':'
          ? `"${key.name}:" uses ":"; the JS SDK reads only "=": write "${key.id} = ..."`
          : `botocore reads key ${what} here, the JS SDK ignores the line`,
      ),
    ];
  }
  if (key.name !== key.id) {
    out.push(
      warn(
        n,
        `key "${key.name}" has capitals: botocore reads ${what}, the JS SDK reads "${key.name}"; write it in lower case`,
      ),
    );
  }
  if (ev.kind === 'set') {
    if (ev.key !== key.name) {
      out.push(
        warn(
          n,
          ev.key.endsWith(`.${key.name}`)
            ? `the line is indented, so the JS SDK reads it as "${ev.key}" inside the nested block above; botocore reads ${what}; remove the indentation`
            : `botocore reads key ${what}, the JS SDK reads "${ev.key}"`,
        ),
      );
    }
    return [...out, ...valueProblem(n, what, key.value, ev.value)];
  }
  if (key.value !== '') return [...out, ...valueProblem(n, what, key.value, '')];
  if (key.endLine === key.line) {
    out.push(
      warn(n, `${what} has no value: botocore reads an empty string, the JS SDK ignores the key`),
    );
  }
  return out;
}

function lineProblems(n: number, role: Role, ev: JsLineEvent): ConfigProblem[] {
  if (role.kind === 'key') return keyProblems(n, role.key, ev);
  if (role.kind === 'cont') {
    const js =
      ev.kind === 'set'
        ? `key "${ev.key}"`
        : ev.kind === 'block-start'
          ? `a nested block "${ev.name}"`
          : 'nothing';
    return [
      warn(
        n,
        `the line is indented, so botocore adds it to the value of "${role.key.id}"; the JS SDK reads ${js}; remove the indentation`,
      ),
    ];
  }
  const what = `"${role.sub.name}" in the "${role.parent.id}" block`;
  if (ev.kind === 'set' && ev.key === `${role.parent.name}.${role.sub.name}`) {
    return valueProblem(n, what, role.sub.value, ev.value);
  }
  return [
    warn(
      n,
      ev.kind === 'set'
        ? `botocore reads ${what}, the JS SDK reads "${ev.key}"`
        : `botocore reads ${what}, the JS SDK ${ev.kind === 'block-start' ? 'starts another nested block' : 'ignores the line'}`,
    ),
  ];
}

/** An indented `[x]` under a key: botocore reads more of the value, JS a new section. */
function indentedHeader(line: number): ConfigProblem {
  return {
    line,
    severity: 'error',
    kind: 'sdk-disagreement',
    message:
      'this header is indented under a key: botocore reads it as part of that value, the JS SDK as a new section; remove the indentation',
  };
}

/**
 * A carriage return that does not end a CRLF (old Mac line endings, a paste): botocore opens the
 * file in Python's universal-newlines mode and starts a new line there, the JS SDK splits on
 * `\r?\n` only and keeps it inside the line (@smithy/shared-ini-file-loader `parseIni`), so the
 * two read other sections and keys. One at the end of a line, before only blanks, changes nothing
 * (both trim it).
 */
function loneCarriageReturns(doc: ConfigDocument): ConfigProblem[] {
  const out: ConfigProblem[] = [];
  doc.lines.forEach((l, i) => {
    if (!/\r(?!\s*$)/.test(l.text)) return;
    out.push({
      line: i + 1,
      severity: 'error',
      kind: 'sdk-disagreement',
      message:
        'a carriage return inside the line (a lone "\\r" line ending): botocore starts a new line there, the JS SDK does not',
      fix: 'replace each lone carriage return with a line break on',
    });
  });
  return out;
}

/** All disagreement problems in the document. */
export function sdkProblems(doc: ConfigDocument): ConfigProblem[] {
  const events = jsLineEvents(doc.lines);
  const out: ConfigProblem[] = loneCarriageReturns(doc);
  const headers = new Set(doc.sections.map((s) => s.header.line));
  events.forEach((e, i) => {
    if (e.kind === 'header' && !headers.has(i + 1)) out.push(indentedHeader(i + 1));
  });
  for (const s of doc.sections) {
    const ev = events[s.header.line - 1];
    out.push(...headerProblems(s, ev));
    // Only compare keys where both SDKs agree on the section itself.
    const bot = botocoreIdentity(s);
    if (bot === undefined || bot !== jsIdentity(ev)) continue;
    const byLine = roles(s);
    for (let n = s.header.line + 1; n <= s.end; n++) {
      const role = byLine.get(n);
      const e = events[n - 1];
      if (role && e && e.kind !== 'header') out.push(...lineProblems(n, role, e));
    }
  }
  return out;
}
