import { z } from "zod";
import { END_OF_HALF_TERM, END_OF_SCHOOL_WEEK, END_OF_SCHOOL_YEAR, END_OF_TERM } from "../attendance/calendar.ts";
import type { GuardKind } from "./types.ts";

/** Points in the school calendar a rule can wait for: the last school day of a week, half term, term or year. */
export const CALENDAR_POINTS = ["endOfSchoolWeek", "endOfHalfTerm", "endOfTerm", "endOfSchoolYear"] as const;
export type CalendarPoint = (typeof CALENDAR_POINTS)[number];

const CALENDAR_WORDS = {
  endOfSchoolWeek: "end of the school week",
  endOfHalfTerm: "end of the half term",
  endOfTerm: "end of the term",
  endOfSchoolYear: "end of the school year",
} as const;

const CALENDAR_BITS = { endOfSchoolWeek: END_OF_SCHOOL_WEEK, endOfHalfTerm: END_OF_HALF_TERM, endOfTerm: END_OF_TERM, endOfSchoolYear: END_OF_SCHOOL_YEAR } as const;

/** Today is the last school day of a week, half term, term or year: `{ calendar: "endOfHalfTerm" }`. */
export type CalendarGuard = { calendar: CalendarPoint };

export const calendar: GuardKind<CalendarGuard> = {
  key: "calendar",
  schema: z.object({ calendar: z.enum(CALENDAR_POINTS) }).strict(),
  evaluate: (guard, { event }) => event.metrics[guard.calendar],
  describe: (guard) => CALENDAR_WORDS[guard.calendar],
  figures: () => [],
  dayPredicate: (guard) => {
    const bit = CALENDAR_BITS[guard.calendar];
    return (_c, day) => (day.calendar.periodEnds[day.d]! & bit) !== 0;
  },
};
