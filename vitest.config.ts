import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["{machines,server,db,web,cli,test}/**/*.test.{ts,tsx}"],
    testTimeout: 60_000,
    // Server suites import a synthetic school in their setup: on 2 busy cores that can take longer than 10 s.
    hookTimeout: 120_000,
    pool: "forks",
    // Empties the web app's query cache after each test (jsdom suites only).
    setupFiles: ["web/test/queryCache.setup.ts"],
  },
});
