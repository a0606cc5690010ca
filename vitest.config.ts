import { defineConfig } from 'vitest/config';

// Unit tests sit beside the code; end-to-end tests (built CLI as a child process) live in test/.
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    restoreMocks: true,
    // Tests build SDK clients in-process; on Node 20 each would print a NodeVersionSupportWarning.
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  },
});
