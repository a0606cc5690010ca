/** Where the usage record lives (`usage.json`, 0600 in the state directory) and its updates. */
import { join } from 'node:path';

import type { Clock } from '../core/clock.js';
import type { Paths } from '../platform/paths.js';
import { createUsageRecorder, type UsageRecorder } from './usage-recorder.js';
import { readJsonText, updateJsonFile } from './locked-json.js';
import {
  forgetUsage,
  mergeUsage,
  parseUsage,
  type UsageEntry,
  type UsageFile,
} from './usage-record.js';

export function usageFilePath(paths: Paths): string {
  return join(paths.stateDir, 'usage.json');
}

const serialise = (file: UsageFile): string => `${JSON.stringify(file, null, 1)}\n`;

/** Merges `entries` into the file under its lock: earliest firstSeen, latest lastUsed. */
export function writeUsage(path: string, clock: Clock, entries: UsageEntry[]): Promise<void> {
  return updateJsonFile(path, clock, (text) => serialise(mergeUsage(parseUsage(text), entries)), {
    createDir: false,
  });
}

export async function readUsage(path: string): Promise<UsageFile> {
  return parseUsage(await readJsonText(path));
}

/** Drops one session's entries (or all); a missing file stays missing. */
export function clearUsage(path: string, clock: Clock, ssoSession?: string): Promise<void> {
  return updateJsonFile(path, clock, (text) =>
    text === undefined ? undefined : serialise(forgetUsage(parseUsage(text), ssoSession)),
  );
}

/** The recorder the daemon and the in-process path use: batched into this world's usage file. */
export function fileUsageRecorder(
  paths: Paths,
  clock: Clock,
  log: (line: string) => void,
): UsageRecorder {
  const path = usageFilePath(paths);
  return createUsageRecorder({ clock, log, write: (entries) => writeUsage(path, clock, entries) });
}
