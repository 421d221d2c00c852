import { createSchoolCalendar, type SchoolCalendar } from "../attendance/calendar.ts";
import { codeIndex, REGISTER_CODES } from "../attendance/codes.ts";
import type { Pupil } from "../attendance/pupilsCsv.ts";
import type { Register, RegisterMark } from "../attendance/register.ts";
import { fromEpochDay, toEpochDay, weekdayOf } from "../attendance/schoolDate.ts";
import { withCheckLetter } from "../attendance/upn.ts";
import { englishSchoolYear, type SchoolYear } from "./englishSchoolYear.ts";
import { BOYS_NAMES, GIRLS_NAMES, SURNAMES } from "./names.ts";
import { createRandom, hashSeed, type Random } from "./random.ts";

/**
 * A synthetic cohort: invented pupils and a year of register marks with realistic patterns, deterministic by seed.
 * Used for the demo school, tests, examples and the benchmark. See docs/synthetic-data.md for the model and its
 * measured rates.
 *
 * Each pupil's data depends only on the seed, the pupil's position and the options other than `pupils`: a cohort
 * of 40 is the first 40 pupils of a cohort of 400 with the same seed.
 */

export type { Pupil };

/** The attendance profile a pupil was drawn from: the generator's ground truth, for tests and the policy lab. */
export type AttendanceProfile = "steady" | "occasional" | "persistent" | "declining" | "recovering" | "severe";

export interface ProfileSpec {
  readonly description: string;
  /** Share of pupils before the pupil's circumstances shift it (weights are normalised). */
  readonly weight: number;
  /** Planned absence over a full year, drawn uniformly from this range (fraction of sessions, before overlays). */
  readonly absence: readonly [number, number];
  /** Share of absence episodes that are unexplained (O) rather than illness, appointments and leave. */
  readonly unexplainedShare: number;
  /** How the absence rate moves through the year. */
  readonly trend: "flat" | "rising" | "falling";
  /** Whether the pupil's circumstances (pupil premium, SEND, social worker, young carer) make it more likely. */
  readonly riskSensitive: boolean;
}

/**
 * The default mix, calibrated to the all-schools national figures for England 2023/24 (absence 7.1%, persistent
 * absence about 20%, severe about 2.3%); measured rates are in docs/synthetic-data.md.
 */
export const PROFILES: Readonly<Record<AttendanceProfile, ProfileSpec>> = {
  steady: {
    description: "attends well: the odd day of illness or an appointment",
    weight: 0.59,
    absence: [0.005, 0.045],
    unexplainedShare: 0.08,
    trend: "flat",
    riskSensitive: false,
  },
  occasional: {
    description: "some absence, mostly illness, below the persistent-absence line",
    weight: 0.25,
    absence: [0.04, 0.085],
    unexplainedShare: 0.14,
    trend: "flat",
    riskSensitive: false,
  },
  persistent: {
    description: "persistently absent all year (9% to 25% planned), more of it unexplained",
    weight: 0.07,
    absence: [0.09, 0.25],
    unexplainedShare: 0.25,
    trend: "flat",
    riskSensitive: true,
  },
  declining: {
    description: "attends well in the autumn; absence rises through the year",
    weight: 0.03,
    absence: [0.08, 0.18],
    unexplainedShare: 0.28,
    trend: "rising",
    riskSensitive: true,
  },
  recovering: {
    description: "high absence in the autumn that improves through the year",
    weight: 0.025,
    absence: [0.08, 0.16],
    unexplainedShare: 0.25,
    trend: "falling",
    riskSensitive: true,
  },
  severe: {
    description: "severely absent (half or more of sessions): long unexplained runs and illness",
    weight: 0.018,
    absence: [0.58, 0.88],
    unexplainedShare: 0.5,
    trend: "flat",
    riskSensitive: true,
  },
};

/**
 * A mix closer to mainstream primary schools (2023/24: absence 5.5%, unauthorised 1.6%, PA 14.6%, SA 0.85%);
 * measured at 2,000 pupils, seeds 1–3: absence 5.6–5.8%, unauthorised 1.6–1.7%, PA 13.8–14.6%, SA 0.8–1.3%.
 * The default mix follows the all-schools figures (absence 7.1%, PA about 20%, SA about 2.3%).
 */
export const PRIMARY_PROFILE_WEIGHTS: Readonly<Record<AttendanceProfile, number>> = {
  steady: 0.7,
  occasional: 0.22,
  persistent: 0.045,
  declining: 0.02,
  recovering: 0.02,
  severe: 0.006,
};

/** Rates of the pupil characteristics (England, roughly; primary). */
export const FLAG_RATES = {
  pupilPremium: 0.25,
  send: 0.13,
  eal: 0.2,
  /** Child in need or on a child-protection plan, not looked after (looked-after children have one too). */
  socialWorkerNotLookedAfter: 0.02,
  lookedAfter: 0.01,
  youngCarer: 0.02,
} as const;

/** Overlays, as chances per pupil over a full year (scaled down for shorter ranges). */
export const OVERLAY_RATES = {
  /** A term-time holiday of 3 to 10 school days, coded G, mostly next to a holiday. */
  termTimeHoliday: 0.06,
  /** A day or two of G stuck onto a half-term or holiday. */
  holidayExtension: 0.03,
  /** Joins after the start (no marks before). */
  joinsMidYear: 0.03,
  /** Leaves before the end (no marks after). */
  leavesMidYear: 0.03,
  /** SEND pupils only: a part-time timetable (PM sessions C2) for 4 to 8 weeks. */
  partTimeTimetableIfSend: 0.04,
  /** One or two days of suspension (E). */
  suspension: 0.005,
  /** Keeps two religious festival days (R); EAL pupils more often. */
  religiousObservanceEal: 0.15,
  religiousObservanceOther: 0.02,
  /** Plays for school teams (years 3 and up): P on some fixture afternoons. */
  sportsTeam: 0.2,
} as const;

export const DEFAULT_YEAR_GROUPS: readonly string[] = ["R", "1", "2", "3", "4", "5", "6"];
/** Local-authority code 999 belongs to no authority: every UPN generated here is visibly synthetic. */
export const SYNTHETIC_LA_CODE = "999";

/** Each seed is its own fictional school: establishment number 2000 to 8999, then one more per 1,000 pupils a year. */
export function syntheticEstablishment(seed: number): number {
  return 2000 + (hashSeed("establishment", seed) % 7000);
}

export interface CohortOptions {
  readonly seed: number;
  readonly pupils: number;
  /** Academic year starting in September of this year (2024 → 2024-25). */
  readonly startYear?: number;
  /** Only the first N school days of the year. */
  readonly days?: number;
  readonly yearGroups?: readonly string[];
  /** Override profile weights (normalised), e.g. to make a demo school with more casework. */
  readonly profileWeights?: Partial<Record<AttendanceProfile, number>>;
}

export interface PupilTruth {
  readonly profile: AttendanceProfile;
  /** The absence rate the pupil was planned with (fraction, full-year basis, before overlays). */
  readonly plannedAbsence: number;
  readonly joinedOn?: string;
  /** First school day the pupil was no longer on roll. */
  readonly leftOn?: string;
  readonly termTimeHoliday?: { readonly from: string; readonly to: string };
  readonly partTimeTimetable?: { readonly from: string; readonly to: string };
}

/** The cohort without row objects: what large cohorts and the benchmark use. */
export interface CompactCohort {
  readonly seed: number;
  readonly schoolYear: SchoolYear;
  readonly calendar: SchoolCalendar;
  /** In generation order (year groups in turn). */
  readonly pupils: Pupil[];
  /** Aligned with `pupils`. */
  readonly truth: PupilTruth[];
  /** Aligned with `pupils`; the layout of `Register.marks`: 2 slots per school day, code indexes, 0 = not on roll. */
  readonly marksByPupil: Uint8Array[];
}

export type CohortMark = RegisterMark;

export interface Cohort extends CompactCohort {
  /** School days, as in `calendar.days`. */
  readonly days: readonly string[];
  /** Every mark as a row, sorted by date, session, UPN. For small cohorts; large ones use `cohortMarkRows`. */
  readonly marks: CohortMark[];
}

/** A generated register, with the pupils aligned to `upns` (sorted by UPN). */
export interface GeneratedRegister extends Register {
  readonly pupils: readonly Pupil[];
  readonly truth: readonly PupilTruth[];
}

// ---------------------------------------------------------------------------------------------------------------

const code = (c: string): number => {
  const i = codeIndex(c);
  if (i === undefined) throw new Error(`no register code ${c}`);
  return i;
};

const K = {
  presentAM: code("/"),
  presentPM: code("\\"),
  late: code("L"),
  lateAfterClose: code("U"),
  illness: code("I"),
  medical: code("M"),
  exceptional: code("C"),
  partTime: code("C2"),
  suspended: code("E"),
  religious: code("R"),
  other: code("O"),
  notKnown: code("N"),
  holiday: code("G"),
  visit: code("V"),
  sport: code("P"),
} as const;

/** Relative chance of an absence starting on Monday … Friday (mean 1). */
const WEEKDAY_FACTOR = [1.18, 0.9, 0.86, 0.9, 1.16];
/** Unexplained absence leans harder on Mondays and Fridays. */
const WEEKDAY_UNEXPLAINED = [1.5, 0.8, 0.7, 0.8, 1.4];
/** Seasonal illness: September low, winter high (by month, January = index 0). */
const MONTH_FACTOR = [1.2, 1.15, 1.0, 0.85, 0.85, 0.9, 1.0, 1, 0.7, 0.95, 1.1, 1.25];

/** Illness spell lengths in school days, with weights (mean about 2.2). */
const ILLNESS_LENGTHS: readonly (readonly [number, number])[] = [
  [1, 0.44],
  [2, 0.25],
  [3, 0.15],
  [4, 0.07],
  [5, 0.05],
  [8, 0.04],
];

interface EpisodeKind {
  readonly kind: "illness" | "unexplained" | "medical" | "sentHome" | "exceptional";
  readonly weight: number;
  /** Mean school days taken up, and mean days of absence (a half-day counts 0.5). */
  readonly days: number;
  readonly absentDays: number;
}

function meanOf(lengths: readonly (readonly [number, number])[]): number {
  let total = 0;
  let weight = 0;
  for (const [len, w] of lengths) {
    total += len * w;
    weight += w;
  }
  return total / weight;
}

const ILLNESS_MEAN = meanOf(ILLNESS_LENGTHS);

function unexplainedLengths(profile: AttendanceProfile): readonly (readonly [number, number])[] {
  switch (profile) {
    case "severe":
      return [
        [2, 0.2],
        [3, 0.2],
        [5, 0.25],
        [8, 0.2],
        [12, 0.15],
      ];
    case "persistent":
    case "declining":
    case "recovering":
      return [
        [1, 0.55],
        [2, 0.25],
        [3, 0.15],
        [5, 0.05],
      ];
    default:
      return [
        [1, 0.8],
        [2, 0.15],
        [3, 0.05],
      ];
  }
}

interface SchoolContext {
  readonly year: SchoolYear;
  readonly calendar: SchoolCalendar;
  readonly dayCount: number;
  readonly weekday: Uint8Array;
  /** Season × weekday factor for an absence starting that day, normalised over the full year. */
  readonly dayFactor: Float64Array;
  /** Position in the academic year, 0 (start of September) to 1 (end of July). */
  readonly yearPosition: Float64Array;
  /** 1 when a holiday or half-term (a gap of a week or more) follows the day. */
  readonly breakAfter: Uint8Array;
  /** Last school days before a break, and first school days after one. */
  readonly lastBeforeBreak: readonly number[];
  readonly firstAfterBreak: readonly number[];
  /** Per class, 1 on the days the class is out on a trip. */
  readonly classTrips: ReadonlyMap<string, Uint8Array>;
  /** 1 on afternoons with a school team fixture. */
  readonly fixtureDay: Uint8Array;
  /** 1 on the two religious festival days. */
  readonly festivalDay: Uint8Array;
  /** Share of a full year this range covers (scales per-year chances). */
  readonly yearFraction: number;
}

function classesOf(yearGroup: string): string[] {
  return [`${yearGroup}A`, `${yearGroup}B`];
}

function schoolContext(seed: number, startYear: number, days: number | undefined, yearGroups: readonly string[]): SchoolContext {
  const full = englishSchoolYear(startYear);
  const year = days === undefined ? full : englishSchoolYear(startYear, { days });
  const calendar = createSchoolCalendar(year.days);
  const n = calendar.days.length;
  const rng = createRandom(seed).fork("school", startYear);

  const septemberFirst = toEpochDay(`${startYear}-09-01`);
  const yearLength = toEpochDay(`${startYear + 1}-07-31`) - septemberFirst;
  const rawFactor = (epochDay: number) =>
    MONTH_FACTOR[new Date(epochDay * 86_400_000).getUTCMonth()]! * WEEKDAY_FACTOR[weekdayOf(epochDay)]!;
  let norm = 0;
  for (const d of full.days) norm += rawFactor(toEpochDay(d));
  norm /= full.days.length;

  const weekday = new Uint8Array(n);
  const dayFactor = new Float64Array(n);
  const yearPosition = new Float64Array(n);
  const breakAfter = new Uint8Array(n);
  const lastBeforeBreak: number[] = [];
  const firstAfterBreak: number[] = [];
  for (let d = 0; d < n; d++) {
    const e = calendar.epochDays[d]!;
    weekday[d] = weekdayOf(e);
    dayFactor[d] = rawFactor(e) / norm;
    yearPosition[d] = Math.min(1, Math.max(0, (e - septemberFirst) / yearLength));
    if (d + 1 < n && calendar.epochDays[d + 1]! - e >= 7) {
      breakAfter[d] = 1;
      lastBeforeBreak.push(d);
      firstAfterBreak.push(d + 1);
    }
  }

  // School-level events: class trips (about three a year per class), team fixtures, two festival days.
  const classTrips = new Map<string, Uint8Array>();
  for (const yg of yearGroups) {
    for (const cls of classesOf(yg)) {
      const trips = new Uint8Array(n);
      const tripRng = rng.fork("trips", cls);
      for (let d = 0; d < n; d++) if (tripRng.chance(3 / 190)) trips[d] = 1;
      classTrips.set(cls, trips);
    }
  }
  const fixtureDay = new Uint8Array(n);
  const fixtureRng = rng.fork("fixtures");
  for (let d = 0; d < n; d++) if (fixtureRng.next() < 0.1 && weekday[d] !== 0) fixtureDay[d] = 1;
  // Two festival days a year, chosen over the full year so that a shorter range keeps the ones inside it.
  const festivalRng = rng.fork("festivals");
  const festivalDay = new Uint8Array(n);
  for (const half of [0, 1]) {
    const d = calendar.indexOf(full.days[festivalRng.int(half * 95, Math.min(full.days.length, half * 95 + 95))]!);
    if (d >= 0) festivalDay[d] = 1;
  }

  return {
    year,
    calendar,
    dayCount: n,
    weekday,
    dayFactor,
    yearPosition,
    breakAfter,
    lastBeforeBreak,
    firstAfterBreak,
    classTrips,
    fixtureDay,
    festivalDay,
    yearFraction: n / full.days.length,
  };
}

// ----- pupils -----------------------------------------------------------------------------------------------------

/** Years of age on 1 September for a year group: Reception 4, Year 1 5, … (nursery not supported). */
function ageOnFirstSeptember(yearGroup: string): number {
  if (yearGroup === "R") return 4;
  const n = Number(yearGroup);
  if (Number.isInteger(n) && n >= 1 && n <= 14 && String(n) === yearGroup) return 4 + n;
  throw new RangeError(`year group "${yearGroup}" is not supported; use R or 1 to 14`);
}

interface PupilPlan {
  readonly pupil: Pupil;
  readonly truth: PupilTruth;
  readonly profile: AttendanceProfile;
  readonly plannedAbsence: number;
  readonly unexplainedShare: number;
  readonly lateRate: number;
  readonly lateAfterCloseShare: number;
  readonly joinDay: number;
  /** Exclusive. */
  readonly leaveDay: number;
  readonly holiday?: readonly [number, number];
  readonly extension?: readonly [number, number];
  readonly partTime?: readonly [number, number];
  readonly suspensionDay: number;
  readonly observant: boolean;
  readonly sporty: boolean;
}

function riskOf(p: Pupil): number {
  let risk = 1;
  if (p.pupilPremium) risk *= 1.6;
  if (p.send) risk *= 1.5;
  if (p.socialWorker) risk *= 2.2;
  if (p.youngCarer) risk *= 1.6;
  return risk;
}

function profileWeights(options: CohortOptions): Record<AttendanceProfile, number> {
  const w = {} as Record<AttendanceProfile, number>;
  for (const [name, spec] of Object.entries(PROFILES) as [AttendanceProfile, ProfileSpec][]) {
    w[name] = options.profileWeights?.[name] ?? spec.weight;
  }
  return w;
}

function planPupil(
  seed: number,
  rng: Random,
  index: number,
  yearGroups: readonly string[],
  startYear: number,
  weights: Record<AttendanceProfile, number>,
  ctx: SchoolContext,
): PupilPlan {
  const ygIndex = index % yearGroups.length;
  const ordinal = Math.floor(index / yearGroups.length);
  const yearGroup = yearGroups[ygIndex]!;
  const age = ageOnFirstSeptember(yearGroup);

  // UPN: LA 999, establishment, two-digit year the pupil started school, serial within that year.
  const entryYear = startYear - (age - 4);
  const establishment = syntheticEstablishment(seed) + Math.floor(ordinal / 1000);
  const body = `${SYNTHETIC_LA_CODE}${String(establishment).padStart(4, "0")}${String(((entryYear % 100) + 100) % 100).padStart(2, "0")}${String(ordinal % 1000).padStart(3, "0")}`;
  const upn = withCheckLetter(body);

  const sex = rng.chance(0.5) ? "F" : "M";
  const forename = rng.pick(sex === "F" ? GIRLS_NAMES : BOYS_NAMES);
  const surname = rng.pick(SURNAMES);
  // Born between 1 September (startYear − age − 1) and 31 August (startYear − age).
  const bornFrom = toEpochDay(`${startYear - age - 1}-09-01`);
  const bornTo = toEpochDay(`${startYear - age}-08-31`);
  const dateOfBirth = fromEpochDay(rng.int(bornFrom, bornTo + 1));

  const lookedAfter = rng.chance(FLAG_RATES.lookedAfter);
  const socialWorker = lookedAfter || rng.chance(FLAG_RATES.socialWorkerNotLookedAfter / (1 - FLAG_RATES.lookedAfter));
  // Looked-after children attract pupil premium plus; the rest are drawn to keep the overall rate near 25%.
  const pupilPremium = lookedAfter || rng.chance(socialWorker ? 0.6 : (FLAG_RATES.pupilPremium - 0.02) / 0.97);
  const send = rng.chance(socialWorker ? 0.3 : FLAG_RATES.send);
  const eal = rng.chance(FLAG_RATES.eal);
  const youngCarer = rng.chance(FLAG_RATES.youngCarer);
  const cls = classesOf(yearGroup)[ordinal % 2]!;
  const pupil: Pupil = {
    upn,
    forename,
    surname,
    yearGroup,
    dateOfBirth,
    sex,
    pupilPremium,
    send,
    eal,
    socialWorker,
    lookedAfter,
    youngCarer,
    class: cls,
  };

  // Profile: circumstances raise the chance of the risk-sensitive profiles.
  const risk = riskOf(pupil);
  const profile = rng.weighted(
    (Object.keys(PROFILES) as AttendanceProfile[]).map((name) => [name, weights[name] * (PROFILES[name].riskSensitive ? risk : 1)] as const),
  );
  const spec = PROFILES[profile];
  const plannedAbsence = rng.uniform(spec.absence[0], spec.absence[1]);
  const unexplainedShare = Math.min(0.85, spec.unexplainedShare + (socialWorker ? 0.2 : 0) + (pupilPremium ? 0.05 : 0));

  // Lateness: most pupils rarely, some often.
  const lateBand = rng.weighted([
    ["rare", 0.65],
    ["sometimes", 0.28],
    ["often", 0.07],
  ] as const);
  let lateRate = lateBand === "rare" ? rng.uniform(0, 0.02) : lateBand === "sometimes" ? rng.uniform(0.02, 0.08) : rng.uniform(0.08, 0.25);
  if (youngCarer || socialWorker) lateRate = Math.min(0.3, lateRate * 1.5 + 0.02);
  const lateAfterCloseShare = lateBand === "often" ? 0.18 : 0.08;

  const n = ctx.dayCount;
  const scaled = (chance: number) => chance * Math.min(1, ctx.yearFraction);
  let joinDay = 0;
  let leaveDay = n;
  if (n >= 30) {
    const move = rng.next();
    if (move < scaled(OVERLAY_RATES.joinsMidYear)) joinDay = rng.int(5, n - 10);
    else if (move < scaled(OVERLAY_RATES.joinsMidYear + OVERLAY_RATES.leavesMidYear)) leaveDay = rng.int(10, n - 5);
  }

  // A term-time holiday, mostly next to a half-term or holiday.
  let holiday: [number, number] | undefined;
  const holidayChance = OVERLAY_RATES.termTimeHoliday * (profile === "persistent" || profile === "declining" ? 1.8 : 1);
  if (rng.chance(scaled(holidayChance))) {
    const length = rng.weighted([
      [5, 0.4],
      [10, 0.18],
      [3, 0.08],
      [4, 0.1],
      [6, 0.08],
      [7, 0.06],
      [8, 0.05],
      [9, 0.05],
    ] as const);
    const anchored = ctx.lastBeforeBreak.length > 0 && rng.chance(0.8);
    let start: number;
    if (anchored) {
      const b = rng.int(0, ctx.lastBeforeBreak.length);
      start = rng.chance(0.6) ? ctx.lastBeforeBreak[b]! - length + 1 : ctx.firstAfterBreak[b]!;
    } else start = rng.int(0, Math.max(1, n - length));
    start = Math.max(joinDay, Math.min(start, leaveDay - 1));
    const end = Math.min(leaveDay, start + length);
    if (end > start) holiday = [start, end];
  }
  let extension: [number, number] | undefined;
  if (ctx.lastBeforeBreak.length > 0 && rng.chance(scaled(OVERLAY_RATES.holidayExtension))) {
    const length = rng.chance(0.6) ? 1 : 2;
    const b = rng.int(0, ctx.lastBeforeBreak.length);
    const start = rng.chance(0.5) ? ctx.lastBeforeBreak[b]! - length + 1 : ctx.firstAfterBreak[b]!;
    if (start >= joinDay && start + length <= leaveDay) extension = [start, start + length];
  }
  let partTime: [number, number] | undefined;
  if (send && n >= 40 && rng.chance(scaled(OVERLAY_RATES.partTimeTimetableIfSend))) {
    const start = rng.int(0, n - 20);
    partTime = [start, Math.min(n, start + rng.int(20, 41))];
  }
  const suspensionDay = rng.chance(scaled(OVERLAY_RATES.suspension)) ? rng.int(0, n) : -1;
  const observant = rng.chance(eal ? OVERLAY_RATES.religiousObservanceEal : OVERLAY_RATES.religiousObservanceOther);
  const sporty = age >= 7 && rng.chance(OVERLAY_RATES.sportsTeam);

  const days = ctx.calendar.days;
  const truth: PupilTruth = {
    profile,
    plannedAbsence: Math.round(plannedAbsence * 10_000) / 10_000,
    ...(joinDay > 0 ? { joinedOn: days[joinDay]! } : {}),
    ...(leaveDay < n ? { leftOn: days[leaveDay]! } : {}),
    ...(holiday ? { termTimeHoliday: { from: days[holiday[0]]!, to: days[holiday[1] - 1]! } } : {}),
    ...(partTime ? { partTimeTimetable: { from: days[partTime[0]]!, to: days[partTime[1] - 1]! } } : {}),
  };
  return {
    pupil,
    truth,
    profile,
    plannedAbsence,
    unexplainedShare,
    lateRate,
    lateAfterCloseShare,
    joinDay,
    leaveDay,
    holiday,
    extension,
    partTime,
    suspensionDay,
    observant,
    sporty,
  };
}

// ----- marks ------------------------------------------------------------------------------------------------------

function trendAt(trend: ProfileSpec["trend"], t: number): number {
  switch (trend) {
    case "flat":
      return 1;
    case "rising":
      return 0.25 + 1.5 * t; // mean 1 over the year
    case "falling": {
      // High in the autumn (2.6 times the planned rate), about a fifth of it by July; mean 1 over the year.
      // Only + − × ÷ here and in every other decision, so the output is identical on every JavaScript engine.
      const r = 1 - t;
      return (2.75 * r * r + 0.25) / (2.75 / 3 + 0.25);
    }
  }
}

/** Unresolved N is left only on absences that began in the last few school days of the range. */
const UNRESOLVED_N_DAYS = 4;

function markPupil(rng: Random, plan: PupilPlan, ctx: SchoolContext): Uint8Array {
  const n = ctx.dayCount;
  const marks = new Uint8Array(2 * n);
  const spec = PROFILES[plan.profile];
  const u = plan.unexplainedShare;
  const unexplained = unexplainedLengths(plan.profile);
  const kinds: EpisodeKind[] = [
    { kind: "illness", weight: (1 - u) * 0.82, days: ILLNESS_MEAN, absentDays: ILLNESS_MEAN },
    { kind: "medical", weight: (1 - u) * 0.09, days: 1, absentDays: 0.5 },
    { kind: "sentHome", weight: (1 - u) * 0.05, days: 1, absentDays: 0.5 },
    { kind: "exceptional", weight: (1 - u) * 0.04, days: 1.3, absentDays: 1.3 },
    { kind: "unexplained", weight: u, days: meanOf(unexplained), absentDays: meanOf(unexplained) },
  ];
  let meanDays = 0;
  let meanAbsent = 0;
  for (const k of kinds) {
    meanDays += k.weight * k.days;
    meanAbsent += k.weight * k.absentDays;
  }
  // Episode kinds with their weights for each weekday (unexplained absence leans on Mondays and Fridays).
  const kindsByWeekday = WEEKDAY_UNEXPLAINED.map((factor) =>
    kinds.map((k) => [k.kind, k.kind === "unexplained" ? k.weight * factor : k.weight] as const),
  );
  const trips = plan.pupil.class ? ctx.classTrips.get(plan.pupil.class) : undefined;

  const onHoliday = (d: number) =>
    (plan.holiday !== undefined && d >= plan.holiday[0] && d < plan.holiday[1]) ||
    (plan.extension !== undefined && d >= plan.extension[0] && d < plan.extension[1]);
  const set = (d: number, am: number, pm: number) => {
    marks[2 * d] = am;
    marks[2 * d + 1] = pm;
  };

  let d = plan.joinDay;
  while (d < plan.leaveDay) {
    if (onHoliday(d)) {
      set(d, K.holiday, K.holiday);
      d++;
      continue;
    }
    if (d === plan.suspensionDay) {
      const length = rng.chance(0.7) ? 1 : 2;
      for (let k = 0; k < length && d < plan.leaveDay; k++, d++) set(d, K.suspended, K.suspended);
      continue;
    }
    if (plan.observant && ctx.festivalDay[d] === 1) {
      set(d, K.religious, K.religious);
      d++;
      continue;
    }
    // Chance of an absence episode starting today, so that the pupil's absence lands near its planned rate.
    const rate = Math.min(0.95, plan.plannedAbsence * trendAt(spec.trend, ctx.yearPosition[d]!) * ctx.dayFactor[d]!);
    const start = Math.min(1, rate / Math.max(0.05, meanAbsent - rate * (meanDays - 1)));
    if (rng.next() < start) {
      const kind = rng.weighted(kindsByWeekday[ctx.weekday[d]!]!);
      switch (kind) {
        case "medical":
          if (rng.chance(0.5)) set(d, K.medical, K.presentPM);
          else set(d, presentAM(rng, plan), K.medical);
          d++;
          continue;
        case "sentHome":
          set(d, presentAM(rng, plan), K.illness);
          d++;
          continue;
        case "exceptional": {
          const length = rng.chance(0.7) ? 1 : 2;
          d = runOf(d, length, K.exceptional);
          continue;
        }
        case "illness": {
          const length = rng.weighted(ILLNESS_LENGTHS);
          const recent = d >= n - 2 && rng.chance(0.3);
          d = runOf(d, length, recent ? K.notKnown : K.illness);
          continue;
        }
        case "unexplained": {
          const length = rng.weighted(unexplained);
          const recent = d >= n - UNRESOLVED_N_DAYS && rng.chance(0.75);
          d = runOf(d, length, recent ? K.notKnown : K.other);
          continue;
        }
      }
    }
    // Present.
    let am = presentAM(rng, plan);
    let pm = K.presentPM;
    if (plan.partTime && d >= plan.partTime[0] && d < plan.partTime[1]) pm = K.partTime;
    if (trips?.[d] === 1 && pm === K.presentPM && am !== K.lateAfterClose) {
      am = K.visit;
      pm = K.visit;
    } else if (plan.sporty && pm === K.presentPM && ctx.fixtureDay[d] === 1 && rng.chance(0.5)) {
      pm = K.sport;
    }
    set(d, am, pm);
    d++;
  }
  return marks;

  /** A run of whole-day absence from day `from`, stopping at a half-term or holiday or when the pupil leaves. */
  function runOf(from: number, length: number, mark: number): number {
    let day = from;
    for (let k = 0; k < length && day < plan.leaveDay; k++) {
      if (onHoliday(day)) break;
      set(day, mark, mark);
      day++;
      if (ctx.breakAfter[day - 1]) break;
    }
    return day;
  }
}

function presentAM(rng: Random, plan: PupilPlan): number {
  if (rng.next() >= plan.lateRate) return K.presentAM;
  return rng.next() < plan.lateAfterCloseShare ? K.lateAfterClose : K.late;
}

// ----- public API -------------------------------------------------------------------------------------------------

function checkOptions(options: CohortOptions): void {
  if (!Number.isSafeInteger(options.seed)) throw new RangeError(`seed must be a whole number, not ${options.seed}`);
  if (!Number.isInteger(options.pupils) || options.pupils < 0) {
    throw new RangeError(`pupils must be a whole number of pupils, not ${options.pupils}`);
  }
  const groups = options.yearGroups ?? DEFAULT_YEAR_GROUPS;
  if (groups.length === 0) throw new RangeError("yearGroups is empty");
  if (new Set(groups).size !== groups.length) throw new RangeError("yearGroups has a year group twice");
  for (const g of groups) ageOnFirstSeptember(g);
  // Serials run to 999 per establishment and year; establishment numbers stay below 10000.
  if (options.pupils > groups.length * 1000 * 1000) throw new RangeError("too many pupils for synthetic UPNs");
}

/** Pupils and compact marks (no row objects). */
export function generateCompactCohort(options: CohortOptions): CompactCohort {
  checkOptions(options);
  const startYear = options.startYear ?? 2024;
  const yearGroups = options.yearGroups ?? DEFAULT_YEAR_GROUPS;
  const ctx = schoolContext(options.seed, startYear, options.days, yearGroups);
  const root = createRandom(options.seed).fork("cohort", startYear, yearGroups.join(","));
  const weights = profileWeights(options);
  const pupils: Pupil[] = [];
  const truth: PupilTruth[] = [];
  const marksByPupil: Uint8Array[] = [];
  for (let i = 0; i < options.pupils; i++) {
    const plan = planPupil(options.seed, root.fork("pupil", i), i, yearGroups, startYear, weights, ctx);
    pupils.push(plan.pupil);
    truth.push(plan.truth);
    marksByPupil.push(markPupil(root.fork("marks", i), plan, ctx));
  }
  return { seed: options.seed, schoolYear: ctx.year, calendar: ctx.calendar, pupils, truth, marksByPupil };
}

/** The whole cohort, rows included. Keep to small cohorts (a few thousand pupils); use `generateRegister` beyond. */
export function generateCohort(options: CohortOptions): Cohort {
  const compact = generateCompactCohort(options);
  return { ...compact, days: compact.calendar.days, marks: [...cohortMarkRows(compact)] };
}

/** The cohort as a `Register` (UPNs sorted, marks aligned), with pupils and ground truth in the same order. */
export function generateRegister(options: CohortOptions): GeneratedRegister {
  const compact = generateCompactCohort(options);
  const order = upnOrder(compact.pupils);
  const upns = order.map((i) => compact.pupils[i]!.upn);
  return {
    calendar: compact.calendar,
    upns,
    pupilIndex: new Map(upns.map((u, i) => [u, i])),
    marks: order.map((i) => compact.marksByPupil[i]!),
    pupils: order.map((i) => compact.pupils[i]!),
    truth: order.map((i) => compact.truth[i]!),
  };
}

function upnOrder(pupils: readonly Pupil[]): number[] {
  return pupils
    .map((_, i) => i)
    .sort((a, b) => {
      const x = pupils[a]!.upn;
      const y = pupils[b]!.upn;
      return x < y ? -1 : x > y ? 1 : 0;
    });
}

/**
 * Every mark as a row, sorted by date, session, UPN, without building them all at once (for CSV output).
 * Sessions a pupil was not on roll for have no row.
 */
export function* cohortMarkRows(cohort: Pick<CompactCohort, "pupils" | "calendar" | "marksByPupil">): Generator<CohortMark> {
  const order = upnOrder(cohort.pupils);
  const codes: string[] = ["", ...REGISTER_CODES.map((c) => c.code)];
  const days = cohort.calendar.days;
  for (let d = 0; d < days.length; d++) {
    const date = days[d]!;
    for (let s = 0; s < 2; s++) {
      const session = s === 0 ? "AM" : "PM";
      for (const p of order) {
        const mark = cohort.marksByPupil[p]![2 * d + s]!;
        if (mark !== 0) yield { upn: cohort.pupils[p]!.upn, date, session, mark: codes[mark]! };
      }
    }
  }
}
