import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  // Generated files are checked by `npm run codegen -- --check` instead (see scripts/codegen.ts).
  { ignores: ['dist/', 'node_modules/', 'neo4j/target/', '.tap/', '.data/', 'tap-snapshots/', '**/*.generated.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
  {
    // Tests read GraphQL JSON whose shape the assertions themselves check.
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off', '@typescript-eslint/no-non-null-assertion': 'off' },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { module: 'writable' } },
  },
  {
    files: ['**/*.mjs'],
    languageOptions: { globals: { URL: 'readonly', console: 'readonly', process: 'readonly' } },
  },
  {
    files: ['src/graphiql/start.js'],
    languageOptions: { globals: { document: 'readonly', window: 'readonly', URL: 'readonly', React: 'readonly', ReactDOM: 'readonly', GraphiQL: 'readonly' } },
  },
);
