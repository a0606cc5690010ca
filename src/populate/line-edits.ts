import type { ConfigDocument } from '../awsconfig/document.js';
import type { SourceLine } from '../awsconfig/line.js';

/**
 * Line edits against one parsed document, all in its original line numbers, applied in one pass
 * (a re-run over thousands of generated profiles must not re-parse per edit). The file keeps
 * whether it ends with a newline: lines added after a last line that has none move the missing
 * newline to the new end, and removing lines at the end keeps it missing, so adding and then
 * removing a block gives the original bytes back (issue 4 §3).
 */
export class LineEdits {
  private readonly replaced = new Map<number, string>();
  private readonly deleted = new Set<number>();
  private readonly inserted = new Map<number, string[]>();
  private tail: number;

  constructor(private readonly doc: ConfigDocument) {
    this.tail = doc.lines.length;
  }

  get lineCount(): number {
    return this.doc.lines.length;
  }

  text(n: number): string {
    return this.doc.lines[n - 1]?.text ?? '';
  }

  isBlank(n: number): boolean {
    return this.text(n).trim() === '';
  }

  isDeleted(n: number): boolean {
    return this.deleted.has(n);
  }

  replace(n: number, text: string): void {
    this.replaced.set(n, text);
  }

  delete(from: number, to: number): void {
    for (let n = from; n <= to; n++) this.deleted.add(n);
    while (this.tail > 0 && this.deleted.has(this.tail)) this.tail--;
  }

  /** `after` 0 inserts before the first line. Several inserts at one point keep their order. */
  insertAfter(after: number, texts: readonly string[]): void {
    const list = this.inserted.get(after) ?? [];
    list.push(...texts);
    this.inserted.set(after, list);
  }

  /** The last line that survives the deletions so far (0 when none does). */
  lastAlive(): number {
    return this.tail;
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
    const { lines, eol } = this.doc;
    const out: SourceLine[] = [];
    const push = (texts: readonly string[] | undefined) => {
      for (const text of texts ?? []) out.push({ text, eol });
    };
    push(this.inserted.get(0));
    lines.forEach((line, i) => {
      const n = i + 1;
      if (!this.deleted.has(n)) {
        const text = this.replaced.get(n);
        out.push(text === undefined ? line : { text, eol: line.eol });
      }
      push(this.inserted.get(n));
    });
    const finalEol = lines.length === 0 ? eol : (lines.at(-1) as SourceLine).eol;
    let s = '';
    out.forEach((l, i) => {
      const last = i === out.length - 1;
      s += l.text + (last ? finalEol : l.eol || eol);
    });
    return s;
  }
}
