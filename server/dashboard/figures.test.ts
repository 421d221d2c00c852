import { describe, expect, it } from "vitest";
import { comparisons, dimension, emptyFigures, groupFigures, phaseOf, type PupilFigures, safeCount } from "./figures.ts";

const figures = (pupils: number, attendancePct: number, pa = 0, sa = 0, unauthorisedPct = 0): PupilFigures => {
  const possible = pupils * 100;
  return { ...emptyFigures(), pupils, possible, attended: Math.round((possible * attendancePct) / 100), unauthorised: Math.round((possible * unauthorisedPct) / 100), pa, sa };
};

describe("small-number suppression", () => {
  it("withholds a count of 1 to 4 pupils, never 0 or 5", () => {
    expect([0, 1, 4, 5, 43].map(safeCount)).toEqual([0, null, null, 5, 43]);
  });

  it("a group of fewer than 5 shows neither its size nor any figure", () => {
    const g = groupFigures("Looked after", figures(3, 80, 2, 1));
    expect(g).toMatchObject({ pupils: null, suppressed: true, why: "fewer than 5 pupils", attendancePct: null, persistentAbsence: null, persistentAbsencePct: null, severeAbsence: null, severeAbsencePct: null });
  });

  it("in a group of 43, one severely absent child is 'fewer than 5', not 2.3%", () => {
    const g = groupFigures("Reception", figures(43, 93, 6, 1));
    expect(g.pupils).toBe(43);
    expect(g.attendancePct).toBeCloseTo(93, 5);
    expect([g.severeAbsence, g.severeAbsencePct]).toEqual([null, null]);
    expect(g.persistentAbsence).toBe(6);
    expect(g.persistentAbsencePct).toBeCloseTo((6 / 43) * 100, 5);
  });

  it("withholds the next smallest group too, so a lone small group cannot be found by subtraction", () => {
    const groups = new Map([
      ["Looked after", figures(2, 70, 2, 1)],
      ["Not looked after", figures(298, 93, 40, 5)],
    ]);
    const out = dimension(groups);
    expect(out.map((g) => [g.group, g.pupils, g.attendancePct])).toEqual([
      ["Looked after", null, null],
      ["Not looked after", null, null],
    ]);
    expect(out[1]!.why).toMatch(/cannot be worked out/);
    // Two small groups already protect each other; the rest are shown.
    const years = dimension(new Map([["Year 1", figures(3, 90)], ["Year 2", figures(4, 90)], ["Year 3", figures(30, 95)]]));
    expect(years.map((g) => g.pupils)).toEqual([null, null, 30]);
  });
});

describe("comparison with the national figures", () => {
  const school = (attendancePct: number, paPct: number, saPct: number, unauthorisedPct: number) => {
    const g = groupFigures("Whole school", figures(300, attendancePct, Math.round((paPct * 300) / 100), Math.round((saPct * 300) / 100)));
    return { ...g, unauthorisedPct };
  };

  it("sets attendance beside national attendance for the phase, in the same unit, and states the difference", () => {
    const [attendance, absence] = comparisons(school(92.9, 20, 2.33, 2), "primary");
    expect(attendance).toMatchObject({ measure: "attendance", national: 94.5, nationalPhase: "primary", year: "2023/24", unit: "% of possible sessions", differencePoints: -1.6 });
    expect(attendance!.words).toBe("1.6 points below the national primary figure (94.5%, 2023/24).");
    expect(attendance!.source).toMatch(/Explore Education Statistics/);
    expect(absence).toMatchObject({ measure: "absence", national: 5.5, differencePoints: 1.6, notablyWorse: true });
    expect(attendance!.notablyWorse).toBe(absence!.notablyWorse);
  });

  it("compares persistent absence with the primary figure (14.56%) and flags severe absence at 2.7 times the primary rate", () => {
    const all = comparisons(school(92.9, 20, 2.33, 2), "primary");
    const pa = all.find((c) => c.measure === "persistent-absence")!;
    expect(pa).toMatchObject({ national: 14.56, nationalPhase: "primary", nationalLabel: "Persistent absence, mainstream primary", unit: "% of pupils", notablyWorse: true });
    expect(pa.words).toMatch(/^5\.4 points above the national primary figure \(14\.56%, 2023\/24\)/);
    const sa = all.find((c) => c.measure === "severe-absence")!;
    expect(sa).toMatchObject({ national: 0.85, ratio: 2.7, notablyWorse: true });
    expect(sa.words).toMatch(/2\.7 times the national rate/);
  });

  it("does not flag a school at or better than the national figures", () => {
    const all = comparisons(school(95.5, 10, 0.67, 1), "primary");
    expect(all.filter((c) => c.notablyWorse)).toEqual([]);
    expect(all[0]!.words).toBe("1.0 point above the national primary figure (94.5%, 2023/24).");
  });

  it("says so when the school's own figure is withheld", () => {
    const g = { ...groupFigures("Whole school", figures(300, 93, 30, 2)), unauthorisedPct: 1 };
    const sa = comparisons(g, "primary").find((c) => c.measure === "severe-absence")!;
    expect([sa.school, sa.notablyWorse]).toEqual([null, false]);
    expect(sa.words).toMatch(/^Not shown \(fewer than 5 pupils\)/);
  });

  it("knows a primary school from its year groups", () => {
    expect(phaseOf(["R", "1", "6"]).phase).toBe("primary");
    expect(phaseOf(["7", "11"]).phase).toBe("secondary");
    expect(phaseOf(["6", "7"]).phase).toBe("all");
  });
});
