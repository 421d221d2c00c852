import { afterEach, describe, expect, it, vi } from "vitest";
import { giveWay, setGiveWayPause } from "./eventLoop.ts";

afterEach(() => {
  setGiveWayPause(null);
  vi.useRealTimers();
});

describe("giving way", () => {
  it("takes one turn of the loop, or pauses as long as the thread's pause says (an import worker while the server is busy)", async () => {
    vi.useFakeTimers();
    let busy = true;
    setGiveWayPause(() => (busy ? 4 : 0));
    let settled = false;
    void giveWay().then(() => (settled = true));
    await vi.advanceTimersByTimeAsync(3);
    expect(settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(settled).toBe(true);

    // Not busy: the next turn, no time at all.
    busy = false;
    settled = false;
    void giveWay().then(() => (settled = true));
    await vi.advanceTimersByTimeAsync(0);
    expect(settled).toBe(true);
  });

  it("pauses nowhere by default", async () => {
    vi.useFakeTimers();
    let settled = false;
    void giveWay().then(() => (settled = true));
    await vi.advanceTimersByTimeAsync(0);
    expect(settled).toBe(true);
  });
});
