import { formatPatch, structuredPatch, FILE_HEADERS_ONLY, type StructuredPatchHunk } from 'diff';

/*
 * A unified diff for `--dry-run`, in the format `diff -u` and `patch` use:
 * `--- path` / `+++ path`, 3 lines of context, `\ No newline at end of file` markers, and the CR
 * kept in CRLF lines so the patch reproduces the bytes. jsdiff's Myers diff costs time in
 * proportion to the file size times the number of changed lines, so 40 changes among thousands
 * of generated profiles stay a diff of 40 changes, found at once.
 */

const CONTEXT = 3;
/**
 * Past this many changed lines (a new --region or --template over thousands of profiles) the
 * changed middle is shown as one replacement: Myers would take many seconds to find the few
 * lines such a rewrite keeps, and the diff is large either way.
 */
const MAX_EDIT_LENGTH = 1000;

/** Lines with their endings, as jsdiff's patch functions split them. */
function linesOf(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

/** One hunk: the lines between the common start and end, out, then in, with their context. */
function replaceHunk(oldText: string, newText: string): StructuredPatchHunk {
  const a = linesOf(oldText);
  const b = linesOf(newText);
  let pre = 0;
  while (pre < a.length && pre < b.length && a[pre] === b[pre]) pre++;
  let suf = 0;
  while (suf < a.length - pre && suf < b.length - pre && a.at(-1 - suf) === b.at(-1 - suf)) suf++;
  const from = Math.max(0, pre - CONTEXT);
  const tail = a.slice(a.length - suf, a.length - suf + CONTEXT);
  const marked = (sign: string, lines: string[]): string[] =>
    lines.flatMap((l) =>
      l.endsWith('\n') ? [sign + l.slice(0, -1)] : [sign + l, '\\ No newline at end of file'],
    );
  const oldLines = pre - from + (a.length - suf - pre) + tail.length;
  const newLines = pre - from + (b.length - suf - pre) + tail.length;
  return {
    oldStart: from + 1,
    oldLines,
    newStart: from + 1,
    newLines,
    lines: [
      ...marked(' ', a.slice(from, pre)),
      ...marked('-', a.slice(pre, a.length - suf)),
      ...marked('+', b.slice(pre, b.length - suf)),
      ...marked(' ', tail),
    ],
  };
}

/** The changes from `oldText` to `newText` as a unified diff; '' when they are equal. */
export function unifiedDiff(oldText: string, newText: string, path: string): string {
  if (oldText === newText) return '';
  const patch = structuredPatch(path, path, oldText, newText, undefined, undefined, {
    context: CONTEXT,
    maxEditLength: MAX_EDIT_LENGTH,
  }) ?? {
    oldFileName: path,
    newFileName: path,
    oldHeader: undefined,
    newHeader: undefined,
    hunks: [replaceHunk(oldText, newText)],
  };
  return formatPatch(patch, FILE_HEADERS_ONLY);
}
