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
  /** `--debug` or AWSID_DEBUG (src/cli/parse-config.ts): causes of errors, what awsid does. */
  debug?: boolean;
  /** The sealed state store chosen by AWSID_SECRET_STORE; opened on first use, once per process. */
  store(): Promise<StateStore>;
}
