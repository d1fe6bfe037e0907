import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export const config = tseslint.config(
  { ignores: ['node_modules/', '.pulse/', 'out/', 'scratch/', 'bench/results.json'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
);

// ESLint's flat config loader requires a default export; this is the one exception to named exports.
export default config;
