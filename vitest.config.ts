import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["{machines,server,db,web,cli,test}/**/*.test.{ts,tsx}"],
    testTimeout: 60_000,
    pool: "forks",
  },
});
