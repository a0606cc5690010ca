import type { ConfigDocument } from './document.js';
import { joinLines, type SourceLine } from './line.js';

/**
 * Line edits against one parsed document, all in its original line numbers, applied in one pass
 * (a populate run over thousands of profiles must not re-parse per edit). Lines no edit touches
 * keep their exact bytes. The file keeps whether it ends with a newline: lines added after a last
 * line that has none move the missing newline to the new end, and removing the lines at the end
 * keeps it missing, so adding a block and removing it again gives the original bytes back.
 */
export class LineEdits {
  private readonly replaced = new Map<number, string>();
  private readonly deleted = new Set<number>();
  private readonly inserted = new Map<number, SourceLine[]>();
  private tail: number;

  constructor(readonly doc: ConfigDocument) {
    this.tail = doc.lines.length;
  }

  get lineCount(): number {
    return this.doc.lines.length;
  }

  /** The original text of line `n` (1-based). */
  text(n: number): string {
    return this.doc.lines[n - 1]?.text ?? '';
  }

  isBlank(n: number): boolean {
    return this.text(n).trim() === '';
  }

  isDeleted(n: number): boolean {
    return this.deleted.has(n);
  }

  /** New text for line `n`; it keeps its line ending. */
  replace(n: number, text: string): void {
    this.replaced.set(n, text);
  }

  delete(from: number, to: number): void {
    for (let n = from; n <= to; n++) this.deleted.add(n);
    while (this.tail > 0 && this.deleted.has(this.tail)) this.tail--;
  }

  /**
   * New lines after line `after` (0 = before the first line), ending with `eol` (the file's usual
   * one by default). Several inserts at one point keep their order.
   */
  insertAfter(after: number, texts: readonly string[], eol = this.doc.eol): void {
    const list = this.inserted.get(after) ?? [];
    list.push(...texts.map((text) => ({ text, eol })));
    this.inserted.set(after, list);
  }

  /** How many lines were inserted after line `n` so far. */
  insertedAfter(n: number): number {
    return this.inserted.get(n)?.length ?? 0;
  }

  /** The last line that survives the deletions so far (0 when none does). */
  lastAlive(): number {
    return this.tail;
  }

  /** The last surviving line that is not blank (0 when none is). */
  lastSolid(): number {
    return this.solidAtOrBefore(this.tail);
  }

  /** The nearest surviving, non-blank line at or before `n` (0 when none is). */
  solidAtOrBefore(n: number): number {
    let i = n;
    while (i > 0 && (this.deleted.has(i) || this.isBlank(i))) i--;
    return i;
  }

  /** The nearest surviving line before `n`, if any. */
  prevAlive(n: number): number | undefined {
    for (let i = n - 1; i >= 1; i--) if (!this.deleted.has(i)) return i;
    return undefined;
  }

  /** The first surviving line after `n`, if any. */
  nextAlive(n: number): number | undefined {
    for (let i = n + 1; i <= this.doc.lines.length; i++) if (!this.deleted.has(i)) return i;
    return undefined;
  }

  get changed(): boolean {
    return this.replaced.size + this.deleted.size + this.inserted.size > 0;
  }

  apply(): string {
    const { lines } = this.doc;
    const out: SourceLine[] = [];
    const push = (l: SourceLine): void => {
      const prev = out.at(-1);
      // The old last line had no newline: it gets the ending of the lines added after it.
      if (prev?.eol === '') out[out.length - 1] = { text: prev.text, eol: l.eol || this.doc.eol };
      out.push(l);
    };
    for (const l of this.inserted.get(0) ?? []) push(l);
    lines.forEach((line, i) => {
      const n = i + 1;
      if (!this.deleted.has(n)) {
        const text = this.replaced.get(n);
        push(text === undefined ? line : { text, eol: line.eol });
      }
      for (const l of this.inserted.get(n) ?? []) push(l);
    });
    const last = out.at(-1);
    if (last && lines.at(-1)?.eol === '') out[out.length - 1] = { text: last.text, eol: '' };
    return joinLines(out);
  }
}
