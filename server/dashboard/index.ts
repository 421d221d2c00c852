import { createRoute, z } from "@hono/zod-openapi";
import * as store from "../../db/index.ts";
import { NATIONAL_BENCHMARKS } from "../../machines/attendance/benchmarks.ts";
import { computePupilSeries, metricsOnDay } from "../../machines/attendance/metrics.ts";
import type { Pupil } from "../../machines/attendance/pupilsCsv.ts";
import type { AppEnv } from "../deps.ts";
import { apiRouter } from "../router.ts";

/** Groups smaller than this show their size but no percentages, so no one pupil can be picked out. */
export const SMALL_GROUP = 5;

const Group = z.object({
  group: z.string(),
  pupils: z.number(),
  suppressed: z.boolean(),
  attendancePct: z.number().nullable(),
  persistentAbsencePct: z.number().nullable(),
  severeAbsencePct: z.number().nullable(),
});

const dashboard = createRoute({
  method: "get",
  path: "/dashboard",
  summary: "Whole-school and group figures against the national benchmarks: aggregate only, no names, no UPNs",
  responses: {
    200: {
      description: "Aggregate figures",
      content: {
        "application/json": {
          schema: z
            .object({
              asOf: z.string().nullable(),
              school: Group,
              persistentAbsence: z.number(),
              severeAbsence: z.number(),
              casesByStage: z.record(z.string(), z.number()),
              groups: z.record(z.string(), z.array(Group)),
              lettersByMonth: z.record(z.string(), z.number()),
              meetingsByMonth: z.record(z.string(), z.number()),
              benchmarks: z.array(z.record(z.string(), z.unknown())),
            })
            .openapi("Dashboard"),
        },
      },
    },
  },
});

interface Figures {
  possible: number;
  attended: number;
  pupils: number;
  pa: number;
  sa: number;
}

const pct = (part: number, whole: number) => (whole === 0 ? null : (part / whole) * 100);

function group(name: string, f: Figures) {
  const suppressed = f.pupils < SMALL_GROUP;
  return {
    group: name,
    pupils: f.pupils,
    suppressed,
    attendancePct: suppressed ? null : pct(f.attended, f.possible),
    persistentAbsencePct: suppressed ? null : pct(f.pa, f.pupils),
    severeAbsencePct: suppressed ? null : pct(f.sa, f.pupils),
  };
}

export const dashboardRoutes = apiRouter().openapi(dashboard, async (c) => {
  const deps = c.var.deps;
  const register = await store.loadRegister(deps.rdb.orm);
  const pupils = new Map((await store.listPupils(deps.rdb.orm)).map((p) => [p.upn, p]));
  const last = register.calendar.days.length - 1;
  const totals: Figures = { possible: 0, attended: 0, pupils: 0, pa: 0, sa: 0 };
  const byGroup = new Map<string, Map<string, Figures>>();
  const add = (dimension: string, key: string, m: { possibleSessions: number; attendedSessions: number; persistentAbsence: boolean; severeAbsence: boolean }) => {
    const groups = byGroup.get(dimension) ?? new Map<string, Figures>();
    byGroup.set(dimension, groups);
    const f = groups.get(key) ?? { possible: 0, attended: 0, pupils: 0, pa: 0, sa: 0 };
    groups.set(key, f);
    f.possible += m.possibleSessions;
    f.attended += m.attendedSessions;
    f.pupils += 1;
    f.pa += m.persistentAbsence ? 1 : 0;
    f.sa += m.severeAbsence ? 1 : 0;
  };
  register.upns.forEach((upn, p) => {
    const m = metricsOnDay(computePupilSeries(register.marks[p]!, register.calendar), register.calendar, last);
    if (m.possibleSessions === 0) return;
    totals.possible += m.possibleSessions;
    totals.attended += m.attendedSessions;
    totals.pupils += 1;
    totals.pa += m.persistentAbsence ? 1 : 0;
    totals.sa += m.severeAbsence ? 1 : 0;
    const pupil: Pupil | undefined = pupils.get(upn);
    if (!pupil) return;
    add("yearGroup", pupil.yearGroup === "R" ? "Reception" : `Year ${pupil.yearGroup}`, m);
    add("sex", pupil.sex ?? "not recorded", m);
    add("pupilPremium", pupil.pupilPremium ? "Pupil premium" : "Not pupil premium", m);
    add("send", pupil.send ? "SEND" : "No SEND", m);
  });
  const tasks = await store.listTasks(deps.rdb.orm, {});
  const byMonth = (kind: string) =>
    tasks.filter((t) => t.kind === kind).reduce<Record<string, number>>((acc, t) => ({ ...acc, [t.createdOn.slice(0, 7)]: (acc[t.createdOn.slice(0, 7)] ?? 0) + 1 }), {});
  return c.json(
    {
      asOf: register.calendar.days[last] ?? null,
      school: group("Whole school", totals),
      persistentAbsence: totals.pa,
      severeAbsence: totals.sa,
      casesByStage: await store.caseCountsByStage(deps.rdb.orm),
      groups: Object.fromEntries([...byGroup].map(([dimension, groups]) => [dimension, [...groups].sort(([a], [b]) => a.localeCompare(b, "en", { numeric: true })).map(([name, f]) => group(name, f))])),
      lettersByMonth: byMonth("letter"),
      meetingsByMonth: byMonth("meeting"),
      benchmarks: NATIONAL_BENCHMARKS as unknown as Record<string, unknown>[],
    },
    200,
  );
});
