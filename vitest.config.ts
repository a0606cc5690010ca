import { defineConfig } from 'vitest/config';

// Unit tests sit beside the code; end-to-end tests (built CLI as a child process) live in test/.
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    restoreMocks: true,
  },
});
