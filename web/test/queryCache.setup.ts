import { afterEach } from "vitest";

/**
 * The web app shares one TanStack Query cache (web/src/queryClient.ts). Each test starts with it empty, as a fresh
 * page load does: an answer cached by one test is never shown in the next. Suites without a DOM don't load it.
 */
afterEach(async () => {
  if (typeof document === "undefined") return;
  const { queryClient } = await import("../src/queryClient.ts");
  queryClient.clear();
});
