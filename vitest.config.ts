import { configDefaults, defineConfig } from 'vitest/config';

/*
 * Three tiers, chosen by where a test file lives and how it is named (README, Layout):
 *
 * - unit: `src/**\/*.test.ts` and `test/fake-idc/*.test.ts`. Pure logic in this process: no child
 *   process, no daemon (not even one in-process), no built CLI, no real keyring. Run in worker
 *   threads without isolation (one module graph per worker, not per file): the fast inner loop.
 * - integration: any `*.integration.test.ts` (beside the code it covers) and the rest of `test/`
 *   (`test/store/`, `test/helpers/`, `test/packaging/`). A test that starts a child process (a
 *   shell, `patch`, the AWS CLI, a second Node holding a lock), a daemon, or a real Secret Service
 *   is named `*.integration.test.ts`.
 * - e2e: `test/e2e/`, the built CLI (`dist/`) as a child process.
 *
 * `npm test` runs all three in one vitest run; `npm run test:unit` / `test:integration` /
 * `test:e2e` run one (`--project`). Integration and e2e run in forks, one file per process, as
 * they change process-wide state (umask, signals, environment) and start children.
 */
const INTEGRATION = '**/*.integration.test.ts';

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 30_000,
    restoreMocks: true,
    // Tests build SDK clients in-process; on Node 20 each would print a NodeVersionSupportWarning.
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts', 'test/fake-idc/**/*.test.ts'],
          exclude: [...configDefaults.exclude, INTEGRATION],
          pool: 'threads',
          isolate: false,
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['**/*.integration.test.ts', 'test/**/*.test.ts'],
          exclude: [
            ...configDefaults.exclude,
            'test/e2e/**',
            'test/fake-idc/**/!(*.integration).test.ts',
          ],
          pool: 'forks',
        },
      },
      {
        extends: true,
        test: { name: 'e2e', include: ['test/e2e/**/*.test.ts'], pool: 'forks' },
      },
    ],
  },
});
