// ESLint 9 flat config.
// eslint-config-next 16 ships flat configs (arrays) as CommonJS: `module.exports = [...]` from
// dist/core-web-vitals.js (next base + @next/next core-web-vitals rules) and dist/typescript.js
// (typescript-eslint recommended); the default import of each is that array.
import nextCoreWebVitals from 'eslint-config-next/core-web-vitals';
import nextTypescript from 'eslint-config-next/typescript';

const BROWSER_IMPORT_MESSAGE =
  'browser code must not import server or runtime code, executors or page renderers (see README.md, "Working on it", and blocks/ADDING_A_BLOCK.md)';

const config = [
  {
    ignores: [
      '.next/**',
      'node_modules/**',
      '.data/**',
      'test-results/**',
      'playwright-report/**',
      'blob-report/**',
      'out/**',
      'next-env.d.ts',
      'prisma/migrations/**',
    ],
  },
  ...nextCoreWebVitals,
  ...nextTypescript,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  {
    // Tool config files (postcss, next, drizzle, ...) conventionally `export default {...}`.
    files: ['*.config.{js,cjs,mjs,ts,mts}'],
    rules: {
      'import/no-anonymous-default-export': 'off',
    },
  },
  {
    // Code that ends up in the browser bundle. app/**/page.tsx, layout.tsx and route handlers are
    // server code and may import @/server/*; client components under app/ are named *.client.tsx.
    files: [
      'components/**/*.{ts,tsx,js,jsx,mjs}',
      'blocks/core/**/*.{ts,tsx,js,jsx,mjs}',
      'blocks/templates/**/*.{ts,tsx,js,jsx,mjs}',
      'blocks/**/*.block.ts',
      'app/**/*.client.tsx',
    ],
    rules: {
      // The typescript-eslint version of `no-restricted-imports`: same options, plus
      // `allowTypeImports`, so `import type { AppRouter } from '@/server/...'` (erased at compile
      // time, nothing reaches the bundle) stays allowed while value imports are errors.
      'no-restricted-imports': 'off',
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                '@/server',
                '@/server/*',
                '@/runtime',
                '@/runtime/*',
                '**/*.exec',
                '**/*.exec.ts',
                '@/blocks/executors',
                '**/blocks/executors',
                '**/*.page',
                '**/*.page.ts',
                '@/blocks/renderers',
                '**/blocks/renderers',
                'pg',
                'pg/*',
                '@electric-sql/pglite',
                '@electric-sql/pglite/*',
              ],
              message: BROWSER_IMPORT_MESSAGE,
              allowTypeImports: true,
            },
            {
              // Relative paths that climb to the top-level server/ or runtime/ folders.
              regex: '^(\\.\\./)+(server|runtime)(/|$)',
              message: BROWSER_IMPORT_MESSAGE,
              allowTypeImports: true,
            },
          ],
        },
      ],
    },
  },
];

export default config;
