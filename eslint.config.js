import { readdirSync } from 'node:fs';
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// Each block below that sets no-restricted-imports replaces the patterns of the blocks
// before it for its files, so it repeats the server's own.
const serverNeverImportsWeb = {
  group: ['**/web/**'],
  message: 'The server never imports web code.',
};
const features = readdirSync(new URL('./src/server/features', import.meta.url), {
  withFileTypes: true,
})
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);
// From outside the features, any path through features/<name>/ goes past an index; from
// inside one, so does any climb (../, as deep as the file sits) onto another feature's
// folder and into it. A feature's own files and subfolders are ./ or ../ its own names.
const featureThroughIndex = {
  regex: `(^|/)features/[^/]+/|^(\\.\\./)+(${features.join('|')})/`,
  message: 'Reach another feature only through its index.ts.',
};

export default tseslint.config(
  {
    ignores: [
      'dist',
      'data',
      'node_modules',
      'src/server/db/migrations',
      'test-results',
      'playwright-report',
      '.test-output',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-non-null-assertion': 'error',
      '@typescript-eslint/consistent-type-definitions': ['error', 'type'],
      // `import { type A }` keeps `import 'module'` in the build: a screen then loads a
      // module (zod's schemas, say) for nothing but its types.
      '@typescript-eslint/no-import-type-side-effects': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-restricted-syntax': [
        'error',
        { selector: 'TSEnumDeclaration', message: 'Use a literal union.' },
      ],
    },
  },
  {
    files: ['src/web/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/server/**'], message: 'The web app never imports server code.' },
          ],
        },
      ],
    },
  },
  {
    files: ['src/shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/server/**', '**/web/**'],
              message: 'Shared code imports neither server nor web.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/server/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [serverNeverImportsWeb, featureThroughIndex],
        },
      ],
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'Only config.ts reads the environment.' },
      ],
    },
  },
  {
    // Interfaces to other systems (interop/: the /hsds routes, FHIR to come) sit above the
    // features and reach them through their index.ts; a feature never imports them.
    files: ['src/server/features/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            serverNeverImportsWeb,
            featureThroughIndex,
            {
              group: ['**/interop', '**/interop/**'],
              message: 'interop/ is above the features: a feature imports none of it.',
            },
          ],
        },
      ],
    },
  },
  {
    // The schema layer knows no service: features, demo data and interop sit above it.
    files: ['src/server/db/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            serverNeverImportsWeb,
            {
              group: ['**/features/**', '**/demo/**', '**/interop/**', '**/cli/**'],
              message: 'db/ is below the features: it imports none of them.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/server/config.ts', 'test/**', 'scripts/**', 'bench/**', '*.config.ts'],
    rules: { 'no-restricted-properties': 'off' },
  },
);
