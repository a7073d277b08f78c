import js from '@eslint/js';
import graphqlPlugin from '@graphql-eslint/eslint-plugin';
import tseslint from 'typescript-eslint';

const code = ['**/*.{js,mjs,cjs,ts}'];

export default tseslint.config(
  // Generated files are checked by `npm run codegen -- --check` instead (see scripts/codegen.ts).
  { ignores: ['dist/', 'node_modules/', 'neo4j/target/', '.tap/', '.data/', 'tap-snapshots/', '**/*.generated.ts'] },
  {
    files: code,
    extends: [js.configs.recommended, ...tseslint.configs.recommendedTypeChecked],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    files: code,
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-console': 'off',
      // Fastify plugins and hooks are async functions by convention: returning a promise is how
      // Fastify knows they are done, await or not.
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    // A function a reader can hold in their head: split a longer one along its named steps.
    files: ['src/**', 'test/helpers/**'],
    rules: { 'max-lines-per-function': ['error', { max: 60, skipBlankLines: true, skipComments: true }] },
  },
  {
    // Tests read GraphQL JSON whose shape the assertions themselves check.
    files: ['test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      // tap awaits the subtests it is given; `t.test(...)` needs no await of its own.
      '@typescript-eslint/no-floating-promises': [
        'error',
        { allowForKnownSafePromises: [{ from: 'package', name: 'PromiseWithSubtest', package: '@tapjs/core' }] },
      ],
    },
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
    languageOptions: {
      globals: {
        document: 'readonly',
        window: 'readonly',
        URL: 'readonly',
        React: 'readonly',
        ReactDOM: 'readonly',
        GraphiQL: 'readonly',
      },
    },
  },
  {
    // The schema is what GraphiQL and every client read: nothing in it goes undescribed.
    files: ['schema/*.graphql'],
    languageOptions: { parser: graphqlPlugin.parser, parserOptions: { graphQLConfig: { schema: 'schema/*.graphql' } } },
    plugins: { '@graphql-eslint': graphqlPlugin },
    rules: {
      '@graphql-eslint/require-description': [
        'error',
        { types: true, rootField: true, FieldDefinition: true, InputValueDefinition: true, EnumValueDefinition: true },
      ],
      // require-description has no option for the schema definition itself (schema/schema.graphql).
      'no-restricted-syntax': [
        'error',
        { selector: 'SchemaDefinition:not([description])', message: 'the schema definition needs a description' },
      ],
    },
  },
);
