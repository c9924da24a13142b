// Lint rules for every TypeScript file: the recommended sets, type-aware, plus a few rules that
// catch real mistakes (floating promises, unsafe any at boundaries).
import js from '@eslint/js'
import globals from 'globals'
import tseslint from 'typescript-eslint'

const ONE_DOOR =
  'Call the main process through consoleClient (src-renderer/lib/console-client.ts), the only module that uses window.textup.'

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'test-results/', 'playwright-report/', 'scratch/', 'test/lint-fixtures/'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      globals: { ...globals.node },
      parserOptions: {
        project: ['./tsconfig.json', './tsconfig.web.json'],
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { ignoreRestSiblings: true, argsIgnorePattern: '^_' }],
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-control-regex': 'off',
    },
  },
  {
    files: ['server/browser/**', 'src-renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    // The renderer has one door to the main process: only its console client touches the preload's API.
    files: ['src-renderer/**'],
    ignores: ['src-renderer/lib/console-client.ts'],
    rules: {
      'no-restricted-globals': ['error', { name: 'textup', message: ONE_DOOR }],
      'no-restricted-properties': [
        'error',
        ...['window', 'globalThis', 'self'].map((object) => ({ object, property: 'textup', message: ONE_DOOR })),
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    ...tseslint.configs.disableTypeChecked,
  },
)
