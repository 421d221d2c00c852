import { createRoute, z } from "@hono/zod-openapi";
import { bodyLimit } from "hono/body-limit";
import { createSchoolCalendar, END_OF_HALF_TERM, END_OF_SCHOOL_WEEK, END_OF_SCHOOL_YEAR, END_OF_TERM } from "../../machines/attendance/calendar.ts";
import { parseCalendarCsv } from "../../machines/attendance/calendarFile.ts";
import { halfTerms } from "../../machines/celebrate/index.ts";
import { lastSchoolDay, recordTermDates, termDatesInForce, whatFollows } from "../../db/index.ts";
import { unprocessable } from "../errors.ts";
import { apiRouter } from "../router.ts";

/** A calendar file is a few dozen rows. */
const TERM_DATES_LIMIT_BYTES = 256 * 1024;

const Period = z.object({ from: z.string(), to: z.string(), schoolDays: z.number() });
const TermDatesView = z
  .object({
    termDates: z
      .object({
        fileName: z.string(),
        recordedAt: z.string(),
        actor: z.string(),
        firstDay: z.string(),
        lastDay: z.string(),
        schoolDays: z.number(),
        halfTerms: z.array(Period),
      })
      .nullable(),
    register: z.object({
      lastDay: z.string().nullable(),
      follows: z.string().nullable().openapi({ description: "the next school day after the register's last, \"unknown\" without term dates, or null when the year ends there" }),
      ends: z.array(z.enum(["schoolWeek", "halfTerm", "term", "schoolYear"])).openapi({ description: "what the register's last day ends, as the next day close will see it" }),
    }),
  })
  .openapi("TermDates");

const getTermDates = createRoute({
  method: "get",
  path: "/calendar",
  summary: "The school's term dates in force, and what Rollcall takes to follow the register's last day",
  responses: { 200: { description: "The term dates", content: { "application/json": { schema: TermDatesView } } } },
});

const postTermDates = createRoute({
  method: "post",
  path: "/calendar",
  summary: "Upload the school's term dates (text/csv: start,end,type[,description]; type term or closure)",
  request: {
    body: { content: { "text/csv": { schema: z.string() } }, required: true },
    query: z.object({ file: z.string().max(200).optional().openapi({ description: "the file's name, used in error messages" }) }),
  },
  responses: {
    200: {
      description: "Recorded (or already in force: nothing changed)",
      content: { "application/json": { schema: z.object({ id: z.number(), alreadyInForce: z.boolean(), firstDay: z.string(), lastDay: z.string(), schoolDays: z.number() }) } },
    },
    413: { description: "Too large" },
    422: { description: "Problems in the file, each with its line and field; nothing was written" },
  },
});

const ENDS = [
  [END_OF_SCHOOL_WEEK, "schoolWeek"],
  [END_OF_HALF_TERM, "halfTerm"],
  [END_OF_TERM, "term"],
  [END_OF_SCHOOL_YEAR, "schoolYear"],
] as const;

const router = apiRouter();
router.use(
  "/calendar",
  bodyLimit({ maxSize: TERM_DATES_LIMIT_BYTES, onError: (c) => c.json({ message: `The file is larger than ${TERM_DATES_LIMIT_BYTES / 1024} KB.` }, 413) }),
);

export const calendarRoutes = router
  .openapi(getTermDates, async (c) => {
    const db = c.var.deps.rdb.orm;
    const inForce = await termDatesInForce(db);
    const lastDay = (await lastSchoolDay(db)) ?? null;
    const follows = lastDay ? await whatFollows(db, lastDay) : undefined;
    const endsBits = lastDay ? createSchoolCalendar([lastDay], { after: follows }).periodEnds[0]! : 0;
    let termDates = null;
    if (inForce) {
      const planned = createSchoolCalendar(inForce.schoolDays);
      const terms = halfTerms(planned).map(({ from, to }) => ({ from: planned.days[from]!, to: planned.days[to]!, schoolDays: to - from + 1 }));
      termDates = {
        fileName: inForce.fileName,
        recordedAt: inForce.recordedAt,
        actor: inForce.actor,
        firstDay: inForce.firstDay,
        lastDay: inForce.lastDay,
        schoolDays: inForce.schoolDays.length,
        halfTerms: terms,
      };
    }
    return c.json(
      {
        termDates,
        register: { lastDay, follows: follows ?? null, ends: ENDS.filter(([bit]) => (endsBits & bit) !== 0).map(([, name]) => name) },
      },
      200,
    );
  })
  .openapi(postTermDates, async (c) => {
    const text = await c.req.text();
    const file = c.req.valid("query").file ?? "term-dates.csv";
    const parsed = parseCalendarCsv(text, file);
    if (!parsed.calendar || parsed.problems.length) {
      return unprocessable(c, parsed.problems, "The term dates file has problems; nothing was recorded.") as never;
    }
    const { record, alreadyInForce } = await recordTermDates(c.var.deps.rdb.orm, {
      text,
      fileName: file,
      schoolDays: parsed.calendar.days,
      actor: c.var.user.username,
    });
    return c.json({ id: record.id, alreadyInForce, firstDay: record.firstDay, lastDay: record.lastDay, schoolDays: record.schoolDays.length }, 200);
  });
