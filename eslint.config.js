import tseslint from 'typescript-eslint';
import { moduleBoundaries } from './eslint-rules/module-boundaries.js';

// eslint requires a default export here.
// eslint-disable-next-line no-restricted-syntax
export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'data/**', 'coverage/**', 'bench/out/**'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    plugins: { tollgate: { rules: { 'module-boundaries': moduleBoundaries } } },
    rules: {
      'tollgate/module-boundaries': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': [
        'error',
        { checksVoidReturn: { arguments: false, attributes: false } },
      ],
    },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // docs/style.md: no line over 120 characters (prettier wraps code; strings and comments are ours to wrap).
      'max-len': ['error', { code: 120, tabWidth: 2 }],
      'no-restricted-syntax': [
        'error',
        { selector: 'ExportDefaultDeclaration', message: 'Named exports only (docs/style.md).' },
      ],
    },
  },
  {
    files: ['src/**/*.{ts,tsx}', 'phone-services/**/*.ts', 'curri/**/*.ts', 'cdr-collector/**/*.ts', 'tariffs/**/*.ts'],
    ignores: ['src/config/**', 'src/main.ts'],
    rules: {
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'Config is read once in src/config (docs/style.md).' },
      ],
    },
  },
);
