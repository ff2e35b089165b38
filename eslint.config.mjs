// @ts-check
// Lint rules (npm run lint). Type-aware typescript-eslint: the rules that need the type checker
// (floating promises, unsafe any) are the ones that find real bugs here.
import eslint from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default defineConfig(
  globalIgnores(['dist/', 'bench/dist/', 'coverage/', 'reports/', '.stryker-tmp/', 'appPackage/', 'test-results/']),
  eslint.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      globals: globals.node,
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
      // Prettier wraps code at 120; this catches the long strings and comments it leaves.
      'max-len': ['error', { code: 120, ignoreUrls: true, ignoreRegExpLiterals: true }],
      // Comments that show the characters the parser accepts (an ideographic space) are meant.
      'no-irregular-whitespace': ['error', { skipComments: true }],
    },
  },
  {
    files: ['**/*.js', '**/*.cjs', '**/*.mjs'],
    extends: [tseslint.configs.disableTypeChecked],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  { files: ['**/*.js', '**/*.cjs'], languageOptions: { sourceType: 'commonjs' } },
  // Test fakes implement async interfaces without awaiting anything.
  { files: ['test/**/*.ts'], rules: { '@typescript-eslint/require-await': 'off' } },
);
