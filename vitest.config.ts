import { defineConfig } from 'vitest/config';

// The examples import the package by name, as users do; here the names are the sources (as in
// tsconfig.json's paths).
const source = (path: string) => new URL(path, import.meta.url).pathname;

export default defineConfig({
  resolve: {
    alias: [
      { find: /^agentcore-xacct\/policy$/, replacement: source('./src/policy/index.ts') },
      { find: /^agentcore-xacct\/testing$/, replacement: source('./src/testing/index.ts') },
      { find: /^agentcore-xacct$/, replacement: source('./src/index.ts') },
    ],
  },
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    coverage: {
      provider: 'v8',
      include: ['src/**/*.ts'],
      reporter: ['text-summary', 'json-summary'],
    },
  },
});
