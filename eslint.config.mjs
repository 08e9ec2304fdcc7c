// Lint rules that catch real mistakes, not style: floating promises, a switch that misses a case of a
// union (a new error code or finding kind must be handled everywhere it is switched on), and tests that
// assert nothing or are focused (kpt-functions-sdk shipped a test whose assertion never ran). The
// scripts and the bench are linted too: `npm run docs` and `npm run bench` are code we ship.
import tseslint from 'typescript-eslint';
import vitest from '@vitest/eslint-plugin';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'src/generated/**', 'coverage/**', '.tmp/**'] },
  {
    files: ['src/**/*.ts', 'test/**/*.ts', 'bench/**/*.ts', 'scripts/**/*.mjs', 'bench/**/*.mjs', 'test/**/*.mjs', '*.mjs', '*.ts'],
    extends: [tseslint.configs.base],
    languageOptions: {
      // tsconfig.json plus the .mjs scripts (allowJs), so that type-aware rules see them too.
      parserOptions: { project: './tsconfig.eslint.json', tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': [
        'error',
        { considerDefaultExhaustiveForUnions: false, requireDefaultForNonUnion: false },
      ],
    },
  },
  {
    files: ['test/**/*.ts'],
    plugins: { vitest },
    rules: {
      'vitest/expect-expect': ['error', { assertFunctionNames: ['expect', 'expect*', 'assert*', 'golden'] }],
      'vitest/no-focused-tests': 'error',
      'vitest/no-identical-title': 'error',
      'vitest/valid-expect': ['error', { maxArgs: 2 }],
    },
  },
);
