// ESLint flat config: @eslint/js recommended + typescript-eslint recommended (syntax only, not type-checked, to stay fast).
//
// typescript-eslint 8 parses with the classic TypeScript JS API (TypeScript <= 6.0); this repository compiles with
// TypeScript 7 (`typescript`), whose package has no such API. So classic TypeScript is installed as `typescript-classic`
// (npm alias), package.json `overrides` lets typescript-eslint's peer dependency accept TypeScript 7, and the hook below
// sends typescript-eslint's `require('typescript')` to `typescript-classic`. It must run before typescript-eslint loads,
// hence the dynamic import.
import { registerHooks } from 'node:module';
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';

registerHooks({
  resolve(specifier, context, nextResolve) {
    if (specifier === 'typescript' || specifier.startsWith('typescript/')) {
      return nextResolve(specifier.replace(/^typescript/, 'typescript-classic'), context);
    }
    return nextResolve(specifier, context);
  },
});

const { default: tseslint } = await import('typescript-eslint');

export default defineConfig(
  { ignores: ['node_modules/', 'scripts/auto-sync/checks/fixtures/'] },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    rules: {
      // The code strips ANSI escapes and control characters from process output on purpose.
      'no-control-regex': 'off',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' },
      ],
    },
  },
);
