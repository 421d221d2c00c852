/**
 * The DfE register codes in force from 19 August 2024 ("Working together to improve school attendance",
 * school attendance regulations 2024). Transcribed from `reference/attendance-codes-2024.csv`;
 * `codes.test.ts` checks this table against that file row by row.
 */
export type CodeCategory =
  | "present"
  | "approved-educational-activity"
  | "authorised-absence"
  | "unauthorised-absence"
  | "not-counted";

export interface RegisterCodeDefinition {
  readonly code: string;
  readonly meaning: string;
  readonly category: CodeCategory;
  /** Counts in possible sessions (the denominator of attendance %). */
  readonly countsAsPossible: boolean;
  /** Counts as attendance: present or approved educational activity. */
  readonly countsAsAttendance: boolean;
  /** Counts toward the national penalty-notice threshold (G, N, O, U). */
  readonly countsTowardPenaltyThreshold: boolean;
}

export const REGISTER_CODES: readonly RegisterCodeDefinition[] = [
  { code: "/", meaning: "Present (AM) - present when register begins to be taken (morning session)", category: "present", countsAsPossible: true, countsAsAttendance: true, countsTowardPenaltyThreshold: false },
  { code: "\\", meaning: "Present (PM) - present when register begins to be taken (afternoon session)", category: "present", countsAsPossible: true, countsAsAttendance: true, countsTowardPenaltyThreshold: false },
  { code: "L", meaning: "Late arrival before the register closes (absent when register begins but attends before taking of register ends)", category: "present", countsAsPossible: true, countsAsAttendance: true, countsTowardPenaltyThreshold: false },
  { code: "K", meaning: "Attending education provision arranged by the local authority (s19 EA1996 / s42(2) or s61(1) CFA 2014)", category: "approved-educational-activity", countsAsPossible: true, countsAsAttendance: true, countsTowardPenaltyThreshold: false },
  { code: "V", meaning: "Attending an educational visit or trip (arranged by/for proprietor; supervised by school staff)", category: "approved-educational-activity", countsAsPossible: true, countsAsAttendance: true, countsTowardPenaltyThreshold: false },
  { code: "P", meaning: "Participating in a supervised sporting activity (approved educational activity)", category: "approved-educational-activity", countsAsPossible: true, countsAsAttendance: true, countsTowardPenaltyThreshold: false },
  { code: "W", meaning: "Attending work experience (approved educational activity)", category: "approved-educational-activity", countsAsPossible: true, countsAsAttendance: true, countsTowardPenaltyThreshold: false },
  { code: "B", meaning: "Attending any other approved educational activity (supervised; not remote learning)", category: "approved-educational-activity", countsAsPossible: true, countsAsAttendance: true, countsTowardPenaltyThreshold: false },
  { code: "D", meaning: "Dual registered - attending another school at which the pupil is registered", category: "not-counted", countsAsPossible: false, countsAsAttendance: false, countsTowardPenaltyThreshold: false },
  { code: "C1", meaning: "Leave of absence for a regulated performance or regulated employment abroad", category: "authorised-absence", countsAsPossible: true, countsAsAttendance: false, countsTowardPenaltyThreshold: false },
  { code: "M", meaning: "Leave of absence for a medical or dental appointment", category: "authorised-absence", countsAsPossible: true, countsAsAttendance: false, countsTowardPenaltyThreshold: false },
  { code: "J1", meaning: "Leave of absence for an interview for employment or admission to another educational institution", category: "authorised-absence", countsAsPossible: true, countsAsAttendance: false, countsTowardPenaltyThreshold: false },
  { code: "S", meaning: "Leave of absence for study leave (Year 11 public exams)", category: "authorised-absence", countsAsPossible: true, countsAsAttendance: false, countsTowardPenaltyThreshold: false },
  { code: "X", meaning: "Not required to be in school - non-compulsory school age pupil not required to attend", category: "not-counted", countsAsPossible: false, countsAsAttendance: false, countsTowardPenaltyThreshold: false },
  { code: "C2", meaning: "Leave of absence for a compulsory school age pupil subject to a part-time timetable", category: "authorised-absence", countsAsPossible: true, countsAsAttendance: false, countsTowardPenaltyThreshold: false },
  { code: "C", meaning: "Leave of absence for exceptional circumstances (headteacher discretion; incl. any agreed term-time holiday)", category: "authorised-absence", countsAsPossible: true, countsAsAttendance: false, countsTowardPenaltyThreshold: false },
  { code: "T", meaning: "Parent travelling for occupational purposes (pupil travelling with parent whose trade/business requires travel)", category: "authorised-absence", countsAsPossible: true, countsAsAttendance: false, countsTowardPenaltyThreshold: false },
  { code: "R", meaning: "Religious observance (day exclusively set apart by the religious body; further days = C at discretion)", category: "authorised-absence", countsAsPossible: true, countsAsAttendance: false, countsTowardPenaltyThreshold: false },
  { code: "I", meaning: "Illness (physical or mental health; not medical/dental appointments)", category: "authorised-absence", countsAsPossible: true, countsAsAttendance: false, countsTowardPenaltyThreshold: false },
  { code: "E", meaning: "Suspended or permanently excluded and no alternative provision made", category: "authorised-absence", countsAsPossible: true, countsAsAttendance: false, countsTowardPenaltyThreshold: false },
  { code: "Q", meaning: "Unable to attend the school because of a lack of access arrangements (LA failure e.g. transport not arranged)", category: "not-counted", countsAsPossible: false, countsAsAttendance: false, countsTowardPenaltyThreshold: false },
  { code: "Y1", meaning: "Unable to attend due to transport normally provided not being available (school not within walking distance)", category: "not-counted", countsAsPossible: false, countsAsAttendance: false, countsTowardPenaltyThreshold: false },
  { code: "Y2", meaning: "Unable to attend due to widespread disruption to travel (local/national/international emergency)", category: "not-counted", countsAsPossible: false, countsAsAttendance: false, countsTowardPenaltyThreshold: false },
  { code: "Y3", meaning: "Unable to attend due to part of the school premises being (unavoidably) closed", category: "not-counted", countsAsPossible: false, countsAsAttendance: false, countsTowardPenaltyThreshold: false },
  { code: "Y4", meaning: "Unable to attend due to the whole school site being unexpectedly closed", category: "not-counted", countsAsPossible: false, countsAsAttendance: false, countsTowardPenaltyThreshold: false },
  { code: "Y5", meaning: "Unable to attend as pupil is in criminal justice detention", category: "not-counted", countsAsPossible: false, countsAsAttendance: false, countsTowardPenaltyThreshold: false },
  { code: "Y6", meaning: "Unable to attend in accordance with public health guidance or law", category: "not-counted", countsAsPossible: false, countsAsAttendance: false, countsTowardPenaltyThreshold: false },
  { code: "Y7", meaning: "Unable to attend because of any other unavoidable cause", category: "not-counted", countsAsPossible: false, countsAsAttendance: false, countsTowardPenaltyThreshold: false },
  { code: "G", meaning: "Holiday not granted by the school (absent without leave for the purpose of a holiday)", category: "unauthorised-absence", countsAsPossible: true, countsAsAttendance: false, countsTowardPenaltyThreshold: true },
  { code: "N", meaning: "Reason for absence not yet established (must be replaced within 5 school days; else O)", category: "unauthorised-absence", countsAsPossible: true, countsAsAttendance: false, countsTowardPenaltyThreshold: true },
  { code: "O", meaning: "Absent in other or unknown circumstances", category: "unauthorised-absence", countsAsPossible: true, countsAsAttendance: false, countsTowardPenaltyThreshold: true },
  { code: "U", meaning: "Arrived in school after registration closed (present for part of session but recorded absent)", category: "unauthorised-absence", countsAsPossible: true, countsAsAttendance: false, countsTowardPenaltyThreshold: true },
  { code: "Z", meaning: "Prospective pupil not on admission register", category: "not-counted", countsAsPossible: false, countsAsAttendance: false, countsTowardPenaltyThreshold: false },
  { code: "#", meaning: "Planned whole school closure (INSET days; school holidays; etc.)", category: "not-counted", countsAsPossible: false, countsAsAttendance: false, countsTowardPenaltyThreshold: false },] as const;

export type RegisterCode = (typeof REGISTER_CODES)[number]["code"];

/** Codes withdrawn in 2024 (or earlier), with what to use instead (`reference/legacy-codes.csv`). */
export const WITHDRAWN_CODES: Readonly<Record<string, { formerMeaning: string; useInstead: string }>> = {
  H: { formerMeaning: "Agreed/authorised family holiday", useInstead: "C (leave for exceptional circumstances); holidays cannot otherwise be authorised" },
  J: { formerMeaning: "Interview (job/educational establishment)", useInstead: "J1 (now an authorised absence)" },
  Y: { formerMeaning: "Unable to attend due to exceptional circumstances", useInstead: "Y1-Y7 (or Q)" },
  F: { formerMeaning: "Agreed extended family holiday", useInstead: "C or G" },
};

/** Index 0 means "no mark"; codes are numbered 1..n in table order so registers fit in a Uint8Array. */
export const NO_MARK = 0;
const codeIndexByCode = new Map<string, number>(REGISTER_CODES.map((c, i) => [c.code, i + 1]));

export function codeIndex(code: string): number | undefined {
  return codeIndexByCode.get(code);
}

export function codeAt(index: number): RegisterCodeDefinition {
  const definition = REGISTER_CODES[index - 1];
  if (!definition) throw new RangeError(`no register code at index ${index}`);
  return definition;
}

export function lookupCode(code: string): RegisterCodeDefinition | undefined {
  const i = codeIndexByCode.get(code);
  return i === undefined ? undefined : REGISTER_CODES[i - 1];
}

export type CodeCheck = { ok: true; definition: RegisterCodeDefinition } | { ok: false; message: string };

/** Checks a mark as written in a register file; withdrawn codes are named with their replacement. */
export function checkCode(raw: string): CodeCheck {
  const definition = lookupCode(raw);
  if (definition) return { ok: true, definition };
  const withdrawn = WITHDRAWN_CODES[raw];
  if (withdrawn) {
    return {
      ok: false,
      message: `code "${raw}" (${withdrawn.formerMeaning}) was withdrawn by the DfE in 2024; use ${withdrawn.useInstead}`,
    };
  }
  if (raw === "") return { ok: false, message: "mark is empty" };
  return { ok: false, message: `"${raw}" is not a DfE register code` };
}

/**
 * Per-code-index flags as bit masks, for the hot loops over typed arrays.
 */
export const CodeFlag = {
  Possible: 1,
  Attended: 2,
  Authorised: 4,
  Unauthorised: 8,
  Late: 16, // L: late before the register closed (present)
  LateAfterClose: 32, // U: late after the register closed (unauthorised)
  Illness: 64, // I
  Holiday: 128, // G: holiday not granted
  ReasonNotYetKnown: 256, // N
  OtherUnauthorised: 512, // O
} as const;

export const CODE_FLAGS: Uint16Array = (() => {
  const flags = new Uint16Array(REGISTER_CODES.length + 1);
  REGISTER_CODES.forEach((c, i) => {
    let f = 0;
    if (c.countsAsPossible) f |= CodeFlag.Possible;
    if (c.countsAsAttendance) f |= CodeFlag.Attended;
    if (c.category === "authorised-absence") f |= CodeFlag.Authorised;
    if (c.category === "unauthorised-absence") f |= CodeFlag.Unauthorised;
    if (c.code === "L") f |= CodeFlag.Late;
    if (c.code === "U") f |= CodeFlag.LateAfterClose;
    if (c.code === "I") f |= CodeFlag.Illness;
    if (c.code === "G") f |= CodeFlag.Holiday;
    if (c.code === "N") f |= CodeFlag.ReasonNotYetKnown;
    if (c.code === "O") f |= CodeFlag.OtherUnauthorised;
    flags[i + 1] = f;
  });
  return flags;
})();
