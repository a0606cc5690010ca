/**
 * Everything a command may use to reach the world (gh's cmdutil.Factory, wrangler's
 * HandlerContext). Built once in main; tests build their own.
 */
import type { Clock } from '../core/clock.js';
import type { Browser } from '../platform/browser.js';
import type { Env } from '../platform/env.js';
import type { IO } from '../platform/io.js';
import type { Paths } from '../platform/paths.js';
import type { StateStore } from '../store/state-store.js';

export interface Context {
  io: IO;
  env: Env;
  paths: Paths;
  clock: Clock;
  browser: Browser;
  version: string;
  /** The command line as typed (after `awsid`), for hints that correct it; absent in unit tests. */
  argv?: readonly string[];
  /** The sealed state store chosen by AWSID_SECRET_STORE; opened on first use, once per process. */
  store(): Promise<StateStore>;
}
