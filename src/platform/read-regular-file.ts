/**
 * Reads a file that must be a regular file, or a symlink to one. A FIFO in its place would block
 * a plain read forever, a directory fails with EISDIR, /dev/zero never ends. So the file is opened
 * with O_NONBLOCK (a FIFO then opens at once instead of waiting for a writer) and checked with
 * fstat on that same descriptor before a byte is read, which leaves no window between the check
 * and the read (POSIX open(2), fstat(2)).
 */
import { constants, type Stats } from 'node:fs';
import { lstat, open } from 'node:fs/promises';

import { shellCommand } from '../core/shell-quote.js';

export interface RegularFile {
  text: string;
  mode: number;
  uid: number;
  gid: number;
}

/** `path` is something other than a file; `hint` is the command that clears it, when one is safe. */
export class NotAFileError extends Error {
  constructor(
    readonly path: string,
    readonly kind: string,
    readonly hint: string | undefined,
  ) {
    super(`${path} is a ${kind}, not a file`);
    this.name = 'NotAFileError';
  }
}

function kindOf(s: Stats): string | undefined {
  if (s.isFile()) return undefined;
  if (s.isDirectory()) return 'directory';
  if (s.isFIFO()) return 'FIFO';
  if (s.isSocket()) return 'socket';
  if (s.isCharacterDevice()) return 'character device';
  if (s.isBlockDevice()) return 'block device';
  return 'special file';
}

/**
 * A directory is moved aside (nothing in it is lost); a FIFO or socket, or a symlink to anything
 * that is not a file, is removed (that drops the link, not its target). A device node itself gets
 * no command: removing one is never the fix.
 */
async function notAFile(path: string, kind: string): Promise<NotAFileError> {
  const link = await lstat(path).then(
    (s) => s.isSymbolicLink(),
    () => false,
  );
  const hint =
    kind === 'directory' && !link
      ? shellCommand(['mv', path, `${path}.old`])
      : link || kind === 'FIFO' || kind === 'socket'
        ? shellCommand(['rm', path])
        : undefined;
  return new NotAFileError(path, kind, hint);
}

/** The file's text (UTF-8) and owner; undefined when it does not exist. */
export async function readRegularFile(path: string): Promise<RegularFile | undefined> {
  const flags = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOCTTY ?? 0);
  let fd;
  try {
    fd = await open(path, flags);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    // A Unix socket cannot be opened (ENXIO); say what it is rather than "no such device".
    if (code === 'ENXIO') throw await notAFile(path, 'socket');
    throw e;
  }
  try {
    const s = await fd.stat();
    const kind = kindOf(s);
    if (kind) throw await notAFile(path, kind);
    return { text: await fd.readFile('utf8'), mode: s.mode, uid: s.uid, gid: s.gid };
  } finally {
    await fd.close();
  }
}
