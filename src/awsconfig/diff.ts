import { splitLines, type SourceLine } from './line.js';

/*
 * A unified diff for `--dry-run` (style.md §5.4), in the format `diff -u` and `patch` use:
 * 3 lines of context, `\ No newline at end of file` markers, CR kept in CRLF lines so the
 * patch reproduces the bytes.
 */

type Op = { kind: ' ' | '-' | '+'; line: SourceLine };

const CONTEXT = 3;
/** Above this many cells the middle part is shown as a plain replace (config files are small). */
const MAX_CELLS = 16_000_000;

const key = (l: SourceLine): string => l.text + l.eol;

function diffOps(a: SourceLine[], b: SourceLine[]): Op[] {
  let pre = 0;
  while (pre < a.length && pre < b.length && key(a[pre]!) === key(b[pre]!)) pre++;
  let suf = 0;
  while (
    suf < a.length - pre &&
    suf < b.length - pre &&
    key(a[a.length - 1 - suf]!) === key(b[b.length - 1 - suf]!)
  ) {
    suf++;
  }
  const x = a.slice(pre, a.length - suf);
  const y = b.slice(pre, b.length - suf);
  const ops: Op[] = a.slice(0, pre).map((line) => ({ kind: ' ', line }));
  const n = x.length;
  const m = y.length;
  if (n * m > MAX_CELLS) {
    ops.push(...x.map((line) => ({ kind: '-' as const, line })));
    ops.push(...y.map((line) => ({ kind: '+' as const, line })));
  } else {
    // lcs[i][j] = LCS length of x[i..] and y[j..].
    const w = m + 1;
    const lcs = new Uint32Array((n + 1) * w);
    for (let i = n - 1; i >= 0; i--) {
      for (let j = m - 1; j >= 0; j--) {
        lcs[i * w + j] =
          key(x[i]!) === key(y[j]!)
            ? lcs[(i + 1) * w + j + 1]! + 1
            : Math.max(lcs[(i + 1) * w + j]!, lcs[i * w + j + 1]!);
      }
    }
    let i = 0;
    let j = 0;
    while (i < n || j < m) {
      if (i < n && j < m && key(x[i]!) === key(y[j]!)) {
        ops.push({ kind: ' ', line: x[i++]! });
        j++;
      } else if (i < n && (j === m || lcs[(i + 1) * w + j]! >= lcs[i * w + j + 1]!)) {
        ops.push({ kind: '-', line: x[i++]! });
      } else {
        ops.push({ kind: '+', line: y[j++]! });
      }
    }
  }
  ops.push(...a.slice(a.length - suf).map((line) => ({ kind: ' ' as const, line })));
  return ops;
}

function render(op: Op): string {
  const cr = op.line.eol === '\r\n' ? '\r' : '';
  const tail = op.line.eol === '' ? '\n\\ No newline at end of file\n' : '\n';
  return `${op.kind}${op.line.text}${cr}${tail}`;
}

/** The changes from `oldText` to `newText` as a unified diff; '' when they are equal. */
export function unifiedDiff(oldText: string, newText: string, path: string): string {
  if (oldText === newText) return '';
  const ops = diffOps(splitLines(oldText), splitLines(newText));
  const changed = ops.map((o, i) => (o.kind === ' ' ? -1 : i)).filter((i) => i >= 0);
  let out = `--- ${path}\n+++ ${path}\n`;
  let k = 0;
  while (k < changed.length) {
    const start = Math.max(0, changed[k]! - CONTEXT);
    let end = changed[k]!;
    while (k + 1 < changed.length && changed[k + 1]! - end <= 2 * CONTEXT) end = changed[++k]!;
    k++;
    const stop = Math.min(ops.length, end + CONTEXT + 1);
    // Line numbers where the hunk starts in each file.
    let oldLine = 1;
    let newLine = 1;
    for (const o of ops.slice(0, start)) {
      if (o.kind !== '+') oldLine++;
      if (o.kind !== '-') newLine++;
    }
    const hunk = ops.slice(start, stop);
    const oldLen = hunk.filter((o) => o.kind !== '+').length;
    const newLen = hunk.filter((o) => o.kind !== '-').length;
    out += `@@ -${oldLen === 0 ? oldLine - 1 : oldLine},${oldLen} +${newLen === 0 ? newLine - 1 : newLine},${newLen} @@\n`;
    out += hunk.map(render).join('');
  }
  return out;
}
