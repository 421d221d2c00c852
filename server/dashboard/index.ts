import { createRoute, z } from "@hono/zod-openapi";
import * as store from "../../db/index.ts";
import { NATIONAL_BENCHMARKS } from "../../machines/attendance/benchmarks.ts";
import { computePupilSeries, type PupilSeries } from "../../machines/attendance/metrics.ts";
import type { Pupil } from "../../machines/attendance/pupilsCsv.ts";
import { halfTerms } from "../../machines/celebrate/classAttendance.ts";
import { LETTER_KINDS } from "../../machines/policy/schema.ts";
import { apiRouter } from "../router.ts";
import { addPupil, comparisons, dimension, emptyFigures, groupFigures, HALF_TERM_NAMES, phaseOf, type PupilFigures, safeCount, SMALL_GROUP } from "./figures.ts";

export { SMALL_GROUP } from "./figures.ts";

const Group = z.object({
  group: z.string(),
  pupils: z.number().nullable(),
  suppressed: z.boolean(),
  why: z.string().nullable(),
  attendancePct: z.number().nullable(),
  absencePct: z.number().nullable(),
  persistentAbsence: z.number().nullable(),
  persistentAbsencePct: z.number().nullable(),
  severeAbsence: z.number().nullable(),
  severeAbsencePct: z.number().nullable(),
});

const Comparison = z.object({
  measure: z.string(),
  label: z.string(),
  school: z.number().nullable(),
  unit: z.string(),
  national: z.number(),
  nationalLabel: z.string(),
  nationalPhase: z.string(),
  year: z.string(),
  source: z.string(),
  differencePoints: z.number().nullable(),
  ratio: z.number().nullable(),
  words: z.string(),
  notablyWorse: z.boolean(),
});

const TrendPoint = z.object({ name: z.string(), from: z.string(), to: z.string(), attendancePct: z.number().nullable(), lastYear: z.object({ from: z.string(), to: z.string(), attendancePct: z.number().nullable() }).nullable() });
const LetterKinds = z.object(Object.fromEntries([...LETTER_KINDS, "other"].map((k) => [k, z.number().nullable()])) as Record<(typeof LETTER_KINDS)[number] | "other", z.ZodNullable<z.ZodNumber>>);

const dashboard = createRoute({
  method: "get",
  path: "/dashboard",
  summary: "Whole-school and group figures beside the national figures for the school's phase: aggregate only, no names, no UPNs, nothing from fewer than 5 pupils",
  responses: {
    200: {
      description: "Aggregate figures",
      content: {
        "application/json": {
          schema: z
            .object({
              asOf: z.string().nullable(),
              schoolYear: z.string().nullable(),
              phase: z.object({ phase: z.string(), words: z.string() }),
              smallGroup: z.number(),
              school: Group.extend({ unauthorisedPct: z.number().nullable() }),
              comparisons: z.array(Comparison),
              trend: z.object({ year: z.string().nullable(), lastYear: z.string().nullable(), nationalAttendancePct: z.number().nullable(), halfTerms: z.array(TrendPoint) }),
              casesByStage: z.record(z.string(), z.number().nullable()),
              groups: z.record(z.string(), z.array(Group)),
              lettersByMonth: z.record(z.string(), LetterKinds),
              meetingsByMonth: z.record(z.string(), z.number().nullable()),
              benchmarks: z.array(z.record(z.string(), z.unknown())),
            })
            .openapi("Dashboard"),
        },
      },
    },
  },
});

/** "2025/26" for a date in the school year that starts in September 2025. */
function schoolYearWords(isoDate: string): string {
  const y = Number(isoDate.slice(0, 4));
  const start = Number(isoDate.slice(5, 7)) >= 8 ? y : y - 1;
  return `${start}/${String((start + 1) % 100).padStart(2, "0")}`;
}

/** A pupil's figures over school days from..to (inclusive), from the cumulative series. */
function over(s: PupilSeries, from: number, to: number) {
  const possible = s.possible[to + 1]! - s.possible[from]!;
  const attended = s.attended[to + 1]! - s.attended[from]!;
  const unauthorised = s.unauthorised[to + 1]! - s.unauthorised[from]!;
  const absent = s.authorised[to + 1]! - s.authorised[from]! + unauthorised;
  return { possibleSessions: possible, attendedSessions: attended, unauthorisedAbsenceSessions: unauthorised, persistentAbsence: possible > 0 && absent * 10 >= possible, severeAbsence: possible > 0 && absent * 2 >= possible };
}

const FLAGS: readonly [keyof Pupil, string, string, string][] = [
  ["pupilPremium", "pupilPremium", "Pupil premium", "Not pupil premium"],
  ["send", "send", "SEND (SEN support or EHCP)", "No SEND"],
  ["eal", "eal", "English as an additional language", "English first language"],
  ["socialWorker", "socialWorker", "With a social worker (CP/CIN)", "No social worker"],
  ["lookedAfter", "lookedAfter", "Looked after", "Not looked after"],
];

export const dashboardRoutes = apiRouter().openapi(dashboard, async (c) => {
  const deps = c.var.deps;
  const register = await store.loadRegister(deps.rdb.orm);
  const pupils = new Map((await store.listPupils(deps.rdb.orm)).map((p) => [p.upn, p]));
  const calendar = register.calendar;
  const last = calendar.days.length - 1;
  // The school year so far: from the first school day of the year the register's last day is in.
  const yearFrom = last < 0 ? 0 : calendar.schoolYearFirstDay[last]!;
  const series = register.upns.map((_, p) => computePupilSeries(register.marks[p]!, calendar));

  const totals = emptyFigures();
  const byGroup = new Map<string, Map<string, PupilFigures>>();
  const add = (dim: string, key: string, m: Parameters<typeof addPupil>[1]) => {
    const groups = byGroup.get(dim) ?? new Map<string, PupilFigures>();
    byGroup.set(dim, groups);
    const f = groups.get(key) ?? emptyFigures();
    groups.set(key, f);
    addPupil(f, m);
  };
  const yearGroups: string[] = [];
  if (last >= 0) {
    register.upns.forEach((upn, p) => {
      const m = over(series[p]!, yearFrom, last);
      if (m.possibleSessions === 0) return;
      addPupil(totals, m);
      const pupil = pupils.get(upn);
      if (!pupil) return;
      yearGroups.push(pupil.yearGroup);
      add("yearGroup", pupil.yearGroup === "R" ? "Reception" : `Year ${pupil.yearGroup}`, m);
      add("sex", pupil.sex ?? "not recorded", m);
      for (const [field, dim, yes, no] of FLAGS) add(dim, pupil[field] === true ? yes : no, m);
    });
  }
  const phase = phaseOf(yearGroups);
  const schoolGroup = groupFigures("Whole school", totals);
  const school = { ...schoolGroup, unauthorisedPct: schoolGroup.suppressed || totals.possible === 0 ? null : (totals.unauthorised / totals.possible) * 100 };
  const compared = comparisons(school, phase.phase);

  // The trend: each half term of this school year on its own, beside the same half term last year.
  const ranges = last < 0 ? [] : halfTerms(calendar);
  const yearOf = (r: { from: number }) => calendar.schoolYearFirstDay[r.from]!;
  const thisYear = ranges.filter((r) => yearOf(r) === yearFrom);
  const earlier = ranges.filter((r) => yearOf(r) < yearFrom);
  const lastYearFrom = earlier.length ? yearOf(earlier[earlier.length - 1]!) : null;
  const lastYear = lastYearFrom === null ? [] : earlier.filter((r) => yearOf(r) === lastYearFrom);
  const attendanceOver = (from: number, to: number) => {
    const f = emptyFigures();
    series.forEach((s) => {
      const m = over(s, from, to);
      if (m.possibleSessions > 0) addPupil(f, m);
    });
    return f.pupils < SMALL_GROUP || f.possible === 0 ? null : (f.attended / f.possible) * 100;
  };
  const trend = {
    year: last < 0 ? null : schoolYearWords(calendar.days[yearFrom]!),
    lastYear: lastYearFrom === null ? null : schoolYearWords(calendar.days[lastYearFrom]!),
    nationalAttendancePct: compared.find((x) => x.measure === "attendance")?.national ?? null,
    halfTerms: thisYear.map((r, i) => {
      const before = lastYear[i];
      return {
        name: thisYear.length <= HALF_TERM_NAMES.length ? HALF_TERM_NAMES[i]! : `Half term ${i + 1}`,
        from: calendar.days[r.from]!,
        to: calendar.days[r.to]!,
        attendancePct: attendanceOver(r.from, r.to),
        lastYear: before ? { from: calendar.days[before.from]!, to: calendar.days[before.to]!, attendancePct: attendanceOver(before.from, before.to) } : null,
      };
    }),
  };

  // Letters by month and kind (recognition apart from concern), from the school's policy's templates.
  const policy = await deps.cases.currentPolicy();
  const tasks = await store.listTasks(deps.rdb.orm, {});
  const letters: Record<string, Record<string, number>> = {};
  const meetings: Record<string, number> = {};
  for (const t of tasks) {
    const month = t.createdOn.slice(0, 7);
    if (t.kind === "letter") {
      const kind = (t.template && policy.letterKinds.get(t.template)) || "other";
      const row = (letters[month] ??= Object.fromEntries([...LETTER_KINDS, "other"].map((k) => [k, 0])));
      row[kind] = (row[kind] ?? 0) + 1;
    } else if (t.kind === "meeting") meetings[month] = (meetings[month] ?? 0) + 1;
  }
  const stages = await store.caseCountsByStage(deps.rdb.orm);
  const safe = <K extends string>(r: Record<K, number>) => Object.fromEntries(Object.entries<number>(r).map(([k, n]) => [k, safeCount(n)])) as Record<K, number | null>;

  return c.json(
    {
      asOf: calendar.days[last] ?? null,
      schoolYear: trend.year,
      phase,
      smallGroup: SMALL_GROUP,
      school,
      comparisons: compared,
      trend,
      casesByStage: safe(stages),
      groups: Object.fromEntries([...byGroup].map(([dim, groups]) => [dim, dimension(groups)])),
      lettersByMonth: Object.fromEntries(Object.entries(letters).map(([m, row]) => [m, safe(row) as z.infer<typeof LetterKinds>])),
      meetingsByMonth: safe(meetings),
      benchmarks: NATIONAL_BENCHMARKS as unknown as Record<string, unknown>[],
    },
    200,
  );
});

