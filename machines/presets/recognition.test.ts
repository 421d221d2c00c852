import { describe, expect, it } from "vitest";
import { codeAt } from "../attendance/codes.ts";
import { simulateCohort, type PupilCaseResult } from "../case/simulate.ts";
import { englishSchoolYear } from "../cohort/englishSchoolYear.ts";
import { generateRegister } from "../cohort/generateCohort.ts";
import { compilePolicy } from "../policy/compilePolicy.ts";
import type { PolicyInput } from "../policy/schema.ts";
import { PRESETS } from "./index.ts";

/**
 * Each preset's recognition letters over a synthetic school year (a generated cohort of 400 pupils, 2024-25),
 * checked against figures counted here from the raw marks and the published term dates: nothing below uses the
 * engine's prefix sums, calendar periods or guards.
 */
const YEAR = englishSchoolYear(2024);
const register = generateRegister({ seed: 2024, pupils: 400, startYear: 2024 });
const { calendar, upns, marks } = register;

/** Half terms and terms as the school publishes them: school days between each half term's start and end. */
const halfTerms = YEAR.terms.map((t) => ({ name: t.name, days: calendar.days.filter((d) => d >= t.start && d <= t.end) }));
const terms = ["Autumn", "Spring", "Summer"].map((name) => ({
  name,
  days: halfTerms.filter((h) => h.name.startsWith(name)).flatMap((h) => h.days),
}));

/** Possible and attended sessions of pupil `p` over the given dates, counted mark by mark. */
function sessions(p: number, dates: readonly string[]): { possible: number; attended: number } {
  let possible = 0;
  let attended = 0;
  for (const date of dates) {
    const d = calendar.indexOf(date);
    for (const slot of [2 * d, 2 * d + 1]) {
      const mark = marks[p]![slot]!;
      if (!mark) continue;
      const code = codeAt(mark);
      if (code.countsAsPossible) possible++;
      if (code.countsAsAttendance) attended++;
    }
  }
  return { possible, attended };
}
const pct = ({ possible, attended }: { possible: number; attended: number }) => (possible === 0 ? null : (attended / possible) * 100);
/** A period's attendance as the policies judge it: only for a pupil expected for at least half its sessions. */
const periodPct = (p: number, days: readonly string[]) => {
  const s = sessions(p, days);
  return s.possible < days.length ? null : pct(s);
};

const results = new Map<string, PupilCaseResult[]>();
function simulate(preset: PolicyInput): PupilCaseResult[] {
  let r = results.get(preset.id);
  if (!r) results.set(preset.id, (r = simulateCohort(compilePolicy(preset), register)));
  return r;
}
/** `upn date` for every letter from the given template. */
function lettersFrom(preset: PolicyInput, template: string): string[] {
  return simulate(preset)
    .flatMap((c) => c.tasks.filter((t) => t.kind === "letter" && t.template === template).map((t) => `${c.upn} ${t.date}`))
    .sort();
}
/** Pupils with every possible session of each period attended, as `upn lastDay`. */
function fullAttendance(periods: readonly { days: readonly string[] }[]): string[] {
  const out: string[] = [];
  for (const period of periods) {
    upns.forEach((upn, p) => {
      if (periodPct(p, period.days) === 100) out.push(`${upn} ${period.days.at(-1)}`);
    });
  }
  return out.sort();
}
const preset = (id: string) => PRESETS[id]!;
/**
 * `upn date` of every concern letter or legal warning: a recognition letter is not sent on those days (issue 12,
 * "praise and a concern letter never go out on the same day").
 */
function concernLetterDays(policy: PolicyInput): Set<string> {
  const concern = new Set((policy.letters ?? []).filter((l) => (l.kind ?? "concern") === "concern" || l.kind === "legal-warning").map((l) => l.id));
  return new Set(simulate(policy).flatMap((c) => c.tasks.filter((t) => t.kind === "letter" && concern.has(t.template!)).map((t) => `${c.upn} ${t.date}`)));
}
/** Expected recognition letters less those due on the day of a concern letter; counts how many that held back. */
let heldBesideConcern = 0;
function besideNoConcern(policy: PolicyInput, expected: string[]): string[] {
  const concern = concernLetterDays(policy);
  const sent = expected.filter((x) => !concern.has(x));
  heldBesideConcern += expected.length - sent.length;
  return sent;
}
const recognitionTemplates = (id: string) => new Set(simulate(preset(id)).flatMap((c) => c.tasks.filter((t) => t.kind === "letter").map((t) => t.template)));

describe("recognition letters on a synthetic school year", () => {
  it("never go out on the day of a concern letter, under any preset", () => {
    for (const policy of Object.values(PRESETS)) {
      const kinds = new Map((policy.letters ?? []).map((l) => [l.id, l.kind ?? "concern"]));
      const concern = concernLetterDays(policy);
      for (const c of simulate(policy)) {
        for (const t of c.tasks) {
          if (t.kind === "letter" && kinds.get(t.template!) === "recognition") expect(concern.has(`${c.upn} ${t.date}`)).toBe(false);
        }
      }
    }
  });

  it("the cohort has pupils to recognise and pupils not to", () => {
    const perfect = fullAttendance(halfTerms);
    expect(perfect.length).toBeGreaterThan(100);
    expect(perfect.length).toBeLessThan(halfTerms.length * upns.length * 0.8);
  });

  it("Halsnead: a certificate for 100% each half term, a year certificate, and an end of term certificate for 96% or more", () => {
    const halsnead = preset("halsnead");
    expect(lettersFrom(halsnead, "full-attendance-certificate")).toEqual(besideNoConcern(halsnead, fullAttendance(halfTerms)));
    expect(lettersFrom(halsnead, "full-attendance-certificate-year")).toEqual(besideNoConcern(halsnead, fullAttendance([{ days: calendar.days }])));
    // The cohort has pupils who joined late: 100% since they joined, but not on roll for half the year.
    const joinedLate = upns.filter((_, p) => pct(sessions(p, calendar.days)) === 100 && periodPct(p, calendar.days) === null);
    expect(joinedLate.length).toBeGreaterThan(0);
    const termly: string[] = [];
    for (const term of terms) upns.forEach((upn, p) => (periodPct(p, term.days) ?? 0) >= 96 && termly.push(`${upn} ${term.days.at(-1)}`));
    expect(termly.length).toBeGreaterThan(upns.length);
    expect(lettersFrom(halsnead, "end-of-term-certificate")).toEqual(besideNoConcern(halsnead, termly.sort()));
  });

  it("All Saints: the half-termly 100% award, and praise when the year's attendance rose a point over the half term", () => {
    const allSaints = preset("all-saints");
    expect(lettersFrom(allSaints, "award-100")).toEqual(besideNoConcern(allSaints, fullAttendance(halfTerms)));
    // Praise: the year's figure at the end of the half term against the figure before its last six school weeks.
    const mondays = [...new Set(calendar.days.map((d) => mondayOf(d)))];
    const praise: string[] = [];
    for (const half of halfTerms) {
      const end = half.days.at(-1)!;
      const weekStart = mondays[mondays.indexOf(mondayOf(end)) - 5]!;
      const before = calendar.days.filter((d) => d < weekStart);
      const upTo = calendar.days.filter((d) => d <= end);
      upns.forEach((upn, p) => {
        const now = pct(sessions(p, upTo));
        const then = pct(sessions(p, before));
        const halfTerm = periodPct(p, half.days);
        if (now !== null && then !== null && now - then >= 1 && halfTerm !== null && halfTerm < 100) praise.push(`${upn} ${end}`);
      });
    }
    expect(praise.length).toBeGreaterThan(5);
    expect(lettersFrom(allSaints, "half-term-praise")).toEqual(besideNoConcern(allSaints, praise.sort()));
  });

  it("St Stephen's: praise home for each full school week while a pupil has Stage 1 to 3 support", () => {
    const stStephens = preset("st-stephens");
    const weeks = new Map<string, string[]>();
    for (const d of calendar.days) weeks.set(mondayOf(d), [...(weeks.get(mondayOf(d)) ?? []), d]);
    const expected: string[] = [];
    for (const c of simulate(stStephens)) {
      const p = upns.indexOf(c.upn);
      for (const days of weeks.values()) {
        const last = days.at(-1)!;
        // Where the case stood when the week's last day closed: after every transition of earlier days.
        const state = c.transitions.filter((t) => t.date < last).at(-1)?.to ?? "expect";
        const supported = ["listen", "facilitate", "formalise"].includes(state.split(".")[0]!);
        if (supported && pct(sessions(p, days)) === 100) expected.push(`${c.upn} ${last}`);
      }
    }
    expect(expected.length).toBeGreaterThan(10);
    expect(lettersFrom(stStephens, "praise")).toEqual(expected.sort());
  });

  it("St Stephen's: a termly traffic-light report to every family at Christmas, Easter and the summer", () => {
    const reports: string[] = [];
    for (const term of terms) {
      const end = term.days.at(-1)!;
      upns.forEach((upn, p) => sessions(p, calendar.days.filter((d) => d <= end)).possible > 0 && reports.push(`${upn} ${end}`));
    }
    expect(new Set(reports.map((r) => r.split(" ")[1])).size).toBe(3);
    expect(lettersFrom(preset("st-stephens"), "termly-report")).toEqual(reports.sort());
  });

  it("Highfield Farm celebrates classes, not individuals: no 100% letters; a half-termly letter where attendance has significantly improved", () => {
    const highfield = preset("highfield-farm");
    expect([...recognitionTemplates("highfield-farm")].filter((t) => /certificate|award|praise/.test(t ?? ""))).toEqual([]);
    const points = highfield.parameters!.significantImprovementPoints!.value;
    const expected: string[] = [];
    for (const c of simulate(highfield)) {
      const p = upns.indexOf(c.upn);
      for (const half of halfTerms) {
        const end = half.days.at(-1)!;
        // Where the case stood as the day closed.
        const step = c.transitions.filter((t) => t.date < end).at(-1);
        if (!step || !["monitor", "listen", "facilitate"].includes(step.to.split(".")[0]!)) continue;
        // The year's figure now against the figure before the half term's last six school weeks: across the half
        // term, not since the case's last step (a pupil whose attendance fell this half term gets no letter).
        const weeks = [...new Set(calendar.days.filter((d) => d <= end).map(mondayOf))];
        const windowStart = weeks.at(-6)!;
        const then = pct(sessions(p, calendar.days.filter((d) => d < windowStart)));
        const now = pct(sessions(p, calendar.days.filter((d) => d <= end)));
        if (then !== null && now !== null && now - then >= points) expected.push(`${c.upn} ${end}`);
      }
    }
    expect(expected.length).toBeGreaterThan(3);
    expect(lettersFrom(highfield, "significant-improvement")).toEqual(besideNoConcern(highfield, expected.sort()));
  });

  it("the graduated approach celebrates improvement with a letter at each step up, and only there", () => {
    const graduated = preset("graduated-approach");
    const compiled = compilePolicy(graduated);
    const celebrating = new Set(
      compiled.rules.filter((r) => r.actions.some((a) => a.type === "issueLetter" && a.params.template === "improvement")).map((r) => r.id),
    );
    expect(celebrating.size).toBeGreaterThan(3);
    const steps: string[] = [];
    for (const c of simulate(graduated)) {
      const p = upns.indexOf(c.upn);
      c.transitions.forEach((t, i) => {
        if (!celebrating.has(t.rule)) return;
        steps.push(`${c.upn} ${t.date}`);
        // Attendance is up since the step before (when the plan or tier began).
        const began = c.transitions[i - 1]!.date;
        const then = pct(sessions(p, calendar.days.filter((d) => d <= began)))!;
        const now = pct(sessions(p, calendar.days.filter((d) => d <= t.date)))!;
        expect(now, `${c.upn} ${t.rule} ${t.date}`).toBeGreaterThan(then);
      });
    }
    expect(steps.length).toBeGreaterThan(3);
    expect(lettersFrom(graduated, "improvement")).toEqual(steps.sort());
  });

  it("every preset's recognition letters have a template, so each arrives in the case history as a letter", () => {
    for (const p of Object.values(PRESETS)) {
      const ids = new Set((p.letters ?? []).map((l) => l.id));
      for (const template of recognitionTemplates(p.id)) expect(ids.has(template!), `${p.id}: ${template}`).toBe(true);
    }
  });

  it("some recognition letters counted from the marks fell on the day of a concern letter and were held back (the rule is not vacuous)", () => {
    // Runs after the tests above, which count what they held back.
    expect(heldBesideConcern).toBeGreaterThan(0);
  });
});

function mondayOf(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7));
  return d.toISOString().slice(0, 10);
}
