/**
 * The doctor's data model: every check yields results as data; the
 * runner bounds them in time and turns a throw into a fail; renderers print them.
 */
import type { Clock } from '../core/clock.js';
import type { ProbeResult } from '../daemon/client/client.js';
import type { Env } from '../platform/env.js';
import type { Paths } from '../platform/paths.js';
import type { OidcApi } from '../sso/oidc-api.js';
import type { TokenService } from '../sso/token-service.js';
import type { StateStore } from '../store/state-store.js';

export type CheckStatus = 'ok' | 'warn' | 'fail';

/** A fix that needs no decision from the user (delete a corrupt cache file, chmod, stop a daemon). */
export interface Repair {
  /** What will be done, for the line `--fix` prints, e.g. `chmod 600 ~/.aws/config`. */
  describe: string;
  run(): Promise<void>;
}

/** One finding. `--json` prints exactly the five public fields. */
export interface CheckResult {
  /** Stable check id, e.g. `token-expired`. */
  id: string;
  status: CheckStatus;
  /** What it is about: `sso-session corp`, `profile dev`, `~/.aws/config`, `environment`... */
  subject: string;
  /** One line; never a secret. */
  message: string;
  /** The command or edit that fixes it; '' when there is nothing to do. */
  fix: string;
  /** Present when `--fix` may apply the fix by itself. Never serialised. */
  repair?: Repair;
}

/** The store as the doctor uses it (read-only, plus the probe). */
export type DoctorStore = Pick<StateStore, 'kind' | 'describe' | 'read' | 'probe'>;

/** Everything a check may reach, injected (tests build their own). */
export interface DoctorContext {
  env: Env;
  paths: Paths;
  clock: Clock;
  /** This awsid's version, compared with the daemon's. */
  version: string;
  /** Skip checks that need the network (clock-skew). */
  offline: boolean;
  /** `--profile` / `--sso-session`: limit per-profile and per-session results to these. */
  only: { profile?: string | undefined; ssoSession?: string | undefined };
  /**
   * The PATH an IDE or GUI app starts `credential_process` with: no shell rc files, so none of
   * the directories the user adds in ~/.bashrc (credential-process-unresolvable).
   */
  minimalPath: string;
  /** The effective uid, to tell files of other users apart; undefined where there is none. */
  uid: number | undefined;
  openStore(): Promise<DoctorStore>;
  daemon: {
    /** The pid file of this world's daemon. */
    pidFile: string;
    probe(): Promise<ProbeResult>;
    /** Asks a running daemon to shut down; the next credential request starts the current one. */
    stop(): Promise<void>;
  };
  /** The sso-oidc client of `region` (endpoint from the env), for the refresh probe. */
  oidcFor(region: string): OidcApi;
  /** awsid's token service over the real store: refreshes as credential_process would. */
  tokenService(): Promise<TokenService>;
  /** The `Date` header of `url` in epoch ms; undefined when the answer has none. Rejects when unreachable. */
  fetchDate(url: string, signal: AbortSignal): Promise<number | undefined>;
  /** Real-time wait used to bound checks (a FakeClock would fire at once). */
  wait(ms: number, signal: AbortSignal): Promise<void>;
}

export interface Check<C = DoctorContext> {
  /** The id this check reports under (it may also report related ids). */
  id: string;
  run(ctx: C): Promise<CheckResult[]>;
}
