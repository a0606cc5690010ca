/**
 * config-untrusted: the config file or a directory above it that another user owns or may write
 * (src/awsconfig/config-trust.ts has the rule); setup, populate and adopt refuse such a config.
 * Never fixed by `--fix`: a directory someone else set up is not ours to take over.
 */
import { configTrustError } from '../../awsconfig/config-trust.js';
import type { CheckContext } from '../facts.js';
import { fail } from '../result.js';
import type { Check } from '../types.js';

const ID = 'config-untrusted';

export const configTrustCheck: Check<CheckContext> = {
  id: ID,
  async run(ctx) {
    const { awsConfigFile, home } = ctx.paths;
    const e = await configTrustError(awsConfigFile, { uid: ctx.uid, home });
    return e ? [fail(ID, ctx.facts.show(awsConfigFile), e.message, e.hint ?? '')] : [];
  },
};
