import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { runSimulation } from "../../machines/case/runSimulation.ts";
import { PRESETS } from "../../machines/presets/index.ts";
import { runChunked, splitMarksByPupil } from "../src/lab/runChunked.ts";
import { summarise } from "../src/lab/summary.ts";

const read = (f: string) => ({ text: readFileSync(new URL(`../../examples/small-school/${f}`, import.meta.url), "utf8"), file: f });
const files = { marks: read("marks.csv"), pupils: read("pupils.csv"), calendar: read("calendar.csv") };

describe("the policy lab's runs", () => {
  it("keeps every line of a pupil in the same chunk, under the header", () => {
    const chunks = splitMarksByPupil("upn,date,session,mark\nA1,d1,AM,/\nB2,d1,AM,N\nA1,d1,PM,/\nC3,d1,AM,/\n", 2);
    expect(chunks).toEqual(["upn,date,session,mark\nA1,d1,AM,/\nA1,d1,PM,/\nB2,d1,AM,N", "upn,date,session,mark\nC3,d1,AM,/"]);
  });

  it("gives, chunk by chunk with progress, exactly what one runSimulation gives", () => {
    const progress: number[] = [];
    const chunked = runChunked(PRESETS["all-saints"], "all-saints", files, (done) => progress.push(done));
    const whole = runSimulation(PRESETS["all-saints"], "all-saints", files);
    expect(chunked.ok && whole.ok).toBe(true);
    if (!chunked.ok || !whole.ok) return;
    expect(progress).toEqual([0, 20, 40]);
    expect(chunked.results).toEqual(whole.results);
    // The README's figures for the example school under All Saints.
    const s = summarise(chunked.results);
    expect([s.tasks, s.letters, s.meetings, s.penaltyNoticeDecisions]).toEqual([395, 206, 21, 8]);
    expect(s.byStage).toMatchObject({ expect: 17, monitor: 3, listen: 2, facilitate: 6, formalise: 12, enforce: 0, closed: 0 });
  });

  it("reports problems in the files with their own line numbers", () => {
    const bad = { ...files, marks: { text: `${files.marks.text.trimEnd()}\nA999314722004,2024-09-05,AM,H\n`, file: "marks.csv" } };
    const out = runChunked(PRESETS["dfe-2024"], "dfe-2024", bad);
    expect(out.ok).toBe(false);
    if (out.ok) return;
    const lines = files.marks.text.trimEnd().split("\n").length + 1;
    expect(out.problems.some((p) => p.startsWith(`marks.csv, line ${lines},`))).toBe(true);
  });
});
