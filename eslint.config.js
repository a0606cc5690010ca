// Typed lint for src/ and test/. The dependency rules of docs/architecture.md are enforced here:
// the folder layers (scripts/eslint-layers.mjs), and only src/platform, src/cli/main.ts and src/bin
// may reach Node globals like process or console.
import tseslint from 'typescript-eslint';

import layers from './scripts/eslint-layers.mjs';

const nodeGlobals = ['process', 'console'].map((name) => ({
  name,
  message: 'reach the outside world through the injected context (src/cli/context.ts)',
}));

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'eslint.config.js'] },
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    // Size limits as a nudge, not a reason to fragment: a reader should follow a request through
    // few files, so a function may run to about 120 lines and a file to about 400.
    files: ['src/**/*.ts'],
    ignores: ['src/**/*.test.ts'],
    rules: {
      'max-lines-per-function': ['warn', { max: 120, skipBlankLines: true, skipComments: true }],
      'max-lines': ['warn', { max: 400, skipBlankLines: true, skipComments: true }],
    },
  },
  {
    // The folder layering (docs/architecture.md, "Layers"): no folder imports one above it.
    files: ['src/**/*.ts'],
    ignores: ['src/**/*.test.ts'],
    plugins: { local: layers },
    rules: { 'local/layers': 'error' },
  },
  {
    files: ['src/**/*.ts'],
    ignores: ['src/platform/**', 'src/cli/main.ts', 'src/bin/**', 'src/**/*.test.ts'],
    rules: { 'no-restricted-globals': ['error', ...nodeGlobals] },
  },
  {
    // The entry shim and the build and benchmark scripts: plain JavaScript run by Node, linted
    // with the same rules minus the type-aware ones (no tsconfig covers them).
    files: ['bin/**/*.js', 'scripts/**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      ...tseslint.configs.disableTypeChecked.languageOptions,
      sourceType: 'module',
      globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', URL: 'readonly' },
    },
  },
  {
    files: ['bin/**/*.js'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
    languageOptions: {
      sourceType: 'commonjs',
      globals: { require: 'readonly', __filename: 'readonly', module: 'readonly' },
    },
  },
  {
    files: ['**/*.test.ts', 'test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
    },
  },
);
