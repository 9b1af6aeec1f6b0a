// The architecture's rules, held by tooling: core and sandbox never import `vscode`; the webview's page script
// imports neither `vscode` nor Node; no promise is left floating or handed where a void callback is expected.
import tseslint from 'typescript-eslint';

const vscodeBan = { name: 'vscode', message: 'src/core and src/sandbox run without VS Code: take what you need as a parameter.' };

export default tseslint.config(
  { ignores: ['dist/**', 'dist-test/**', 'node_modules/**', '.vscode-test/**', 'test-results/**', 'esbuild.js', 'eslint.config.mjs'] },
  {
    files: ['**/*.ts'],
    languageOptions: {
      parser: tseslint.parser,
      parserOptions: {
        project: ['./tsconfig.json', './tsconfig.webview.json', './test/tsconfig.json'],
        tsconfigRootDir: import.meta.dirname,
      },
    },
    plugins: { '@typescript-eslint': tseslint.plugin },
    rules: {
      // node:test's describe/it return promises that the runner itself awaits.
      '@typescript-eslint/no-floating-promises': ['error', { allowForKnownSafeCalls: [{ from: 'package', package: 'node:test', name: ['describe', 'it', 'test', 'suite', 'before', 'after', 'beforeEach', 'afterEach'] }] }],
      '@typescript-eslint/no-misused-promises': 'error',
    },
  },
  {
    files: ['src/core/**/*.ts', 'src/sandbox/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', { paths: [vscodeBan], patterns: [{ group: ['**/features/**', '**/platform/**'], message: 'core and sandbox do not depend on the extension.' }] }],
    },
  },
  {
    files: ['src/features/debugger/page.ts', 'src/features/debugger/protocol.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'vscode', message: 'The webview page runs in a browser: it talks to the extension through protocol.ts messages.' }],
          patterns: [{ group: ['node:*'], message: 'The webview page runs in a browser: no Node modules.' }],
        },
      ],
    },
  },
);
