import { describe, expect, it } from "vitest";
import { codeIndex } from "../machines/attendance/codes.ts";
import { buildRegister, type RegisterMark } from "../machines/attendance/register.ts";
import { generateCohort } from "../machines/cohort/generateCohort.ts";
import { verifyRegisterSeals } from "./auditSeals.ts";
import { recordImport } from "./imports.ts";
import {
  applyMarks,
  lastSchoolDay,
  loadRegister,
  markAmendments,
  preparedMarksHold,
  prepareMarks,
  registerSlot,
  schoolCalendar,
  schoolYearOf,
  writePreparedMarks,
  type MarkInput,
} from "./register.ts";
import { recordTermDates } from "./termDates.ts";
import { execRaw, queryRaw, writeTransaction } from "./tx.ts";
import { useTempDatabases, syntheticUpn } from "./testSupport.ts";
import type { Db } from "./tx.ts";

const temp = useTempDatabases();

let importCount = 0;
async function newImport(db: Db): Promise<number> {
  const imp = await recordImport(db, {
    kind: "marks",
    sha256: String(++importCount).padStart(64, "0"),
    fileName: "marks.csv",
    rows: 0,
    recordedAt: "2025-01-01T00:00:00.000Z",
    actor: "test",
  });
  return imp.id;
}

const A = syntheticUpn(1);
const B = syntheticUpn(2);
const C = syntheticUpn(3);
const m = (upn: string, date: string, session: "AM" | "PM", mark: string): MarkInput => ({ upn, date, session, mark });

/** The register as plain data, to compare. */
function plain(register: { calendar: { days: readonly string[] }; upns: readonly string[]; marks: readonly Uint8Array[] }) {
  return { days: [...register.calendar.days], upns: [...register.upns], marks: register.marks.map((x) => [...x]) };
}

describe("compact register slots", () => {
  it("places a date in its school year from 1 September", () => {
    expect(schoolYearOf("2024-09-01")).toBe(2024);
    expect(schoolYearOf("2025-08-31")).toBe(2024);
    expect(schoolYearOf("2024-08-31")).toBe(2023);
    expect(registerSlot("2024-09-01")).toEqual({ schoolYear: 2024, slot: 0 });
    expect(registerSlot("2024-09-05")).toEqual({ schoolYear: 2024, slot: 8 });
    // 2023-24 has 29 February: 31 August 2024 is the 366th day, the last two of the 732 bytes.
    expect(registerSlot("2024-08-31")).toEqual({ schoolYear: 2023, slot: 730 });
    expect(registerSlot("2025-08-31")).toEqual({ schoolYear: 2024, slot: 728 });
  });
});

describe("applyMarks and loadRegister", () => {
  const rows: MarkInput[] = [
    // School year 2023-24 (summer term) and 2024-25 (autumn): two blobs per pupil.
    m(A, "2024-07-18", "AM", "/"),
    m(A, "2024-07-18", "PM", "\\"),
    m(B, "2024-07-18", "AM", "I"),
    m(B, "2024-07-18", "PM", "I"),
    m(A, "2024-09-05", "AM", "/"),
    m(A, "2024-09-05", "PM", "L"),
    m(B, "2024-09-05", "AM", "O"),
    m(B, "2024-09-05", "PM", "C2"),
    m(C, "2024-09-06", "AM", "Y7"),
    m(A, "2024-09-06", "AM", "#"),
    m(A, "2024-09-09", "AM", "N"),
    m(C, "2024-09-09", "PM", "D"),
  ];

  it("round-trips: loadRegister gives the codes of the rows, on the calendar of possible days", async () => {
    const { rdb } = await temp();
    const importId = await newImport(rdb.orm);
    const result = await applyMarks(rdb.orm, rows, importId, "2025-01-01T00:00:00.000Z");
    expect(result.changedUpns).toEqual([A, B, C].sort());
    // 2024-09-06 has only not-counted marks (Y7, #): not a school day.
    expect(result.newDays).toEqual(["2024-07-18", "2024-09-05", "2024-09-09"]);
    expect(result.amendments).toEqual([]);
    expect(result.unchanged).toBe(0);

    const register = await loadRegister(rdb.orm);
    expect(plain(register)).toEqual(plain(buildRegister(rows as RegisterMark[])));
    expect(register.marks[register.pupilIndex.get(B)!]![2]).toBe(codeIndex("O"));
    const blobs = await rdb.client.execute("SELECT count(*) AS n, min(length(marks)) AS len FROM pupil_registers");
    expect(Number(blobs.rows[0]!.n)).toBe(5); // A and B in both years, C in 2024 only
    expect(Number(blobs.rows[0]!.len)).toBe(732);
  });

  it("loads a subset of pupils and days", async () => {
    const { rdb } = await temp();
    await applyMarks(rdb.orm, rows, await newImport(rdb.orm), "2025-01-01T00:00:00.000Z");
    expect(await lastSchoolDay(rdb.orm)).toBe("2024-09-09");
    expect(await lastSchoolDay(rdb.orm, "2024-09-08")).toBe("2024-09-05");
    expect(await lastSchoolDay(rdb.orm, "2024-01-01")).toBeUndefined();
    const through = await loadRegister(rdb.orm, { through: "2024-09-05" });
    expect(through.calendar.days).toEqual(["2024-07-18", "2024-09-05"]);
    const from = await loadRegister(rdb.orm, { from: "2024-09-01" });
    expect(from.calendar.days).toEqual(["2024-09-05", "2024-09-09"]);
    expect(from.upns).toEqual([A, B, C].sort());
    const one = await loadRegister(rdb.orm, { upns: [B, "Z999000019999"] });
    expect(one.upns).toEqual([B, "Z999000019999"]);
    expect([...one.marks[0]!]).toEqual([codeIndex("I"), codeIndex("I"), codeIndex("O"), codeIndex("C2"), 0, 0]);
    expect([...one.marks[1]!]).toEqual([0, 0, 0, 0, 0, 0]);
  });

  it("re-applying identical marks is a no-op", async () => {
    const { rdb } = await temp();
    await applyMarks(rdb.orm, rows, await newImport(rdb.orm), "2025-01-01T00:00:00.000Z");
    const before = plain(await loadRegister(rdb.orm));
    const again = await applyMarks(rdb.orm, rows, await newImport(rdb.orm), "2025-01-02T00:00:00.000Z");
    expect(again).toEqual({ changedUpns: [], newDays: [], removedDays: [], amendments: [], unchanged: rows.length });
    expect(plain(await loadRegister(rdb.orm))).toEqual(before);
    const n = await rdb.client.execute("SELECT count(*) AS n FROM mark_amendments");
    expect(Number(n.rows[0]!.n)).toBe(0);
  });

  it("records a changed mark as an amendment, and a first mark as none", async () => {
    const { rdb } = await temp();
    await applyMarks(rdb.orm, rows, await newImport(rdb.orm), "2025-01-01T00:00:00.000Z");
    const importId = await newImport(rdb.orm);
    const result = await applyMarks(
      rdb.orm,
      [m(A, "2024-09-09", "AM", "I"), m(A, "2024-09-09", "PM", "I"), m(B, "2024-09-05", "AM", "O")],
      importId,
      "2025-01-03T09:00:00.000Z",
    );
    expect(result.amendments).toEqual([{ upn: A, date: "2024-09-09", session: "AM", oldMark: "N", newMark: "I" }]);
    expect(result.changedUpns).toEqual([A]);
    expect(result.unchanged).toBe(1);
    expect(await markAmendments(rdb.orm, A)).toEqual([
      { id: expect.any(Number), upn: A, date: "2024-09-09", session: "AM", oldMark: "N", newMark: "I", importId, recordedAt: "2025-01-03T09:00:00.000Z" },
    ]);
    const register = await loadRegister(rdb.orm, { upns: [A] });
    const day = register.calendar.indexOf("2024-09-09");
    expect([register.marks[0]![2 * day], register.marks[0]![2 * day + 1]]).toEqual([codeIndex("I"), codeIndex("I")]);
    // The amendments table is append-only.
    await expect(rdb.client.execute("UPDATE mark_amendments SET new_mark = 'O'")).rejects.toThrow(/append-only/);
  });

  it("adds a school day only for a possible mark, and removes one whose marks all stop counting", async () => {
    const { rdb } = await temp();
    const first = await applyMarks(rdb.orm, [m(A, "2024-09-10", "AM", "#"), m(B, "2024-09-10", "AM", "X")], await newImport(rdb.orm), "t");
    expect(first.newDays).toEqual([]);
    expect((await loadRegister(rdb.orm)).calendar.days).toEqual([]);
    const second = await applyMarks(rdb.orm, [m(B, "2024-09-10", "PM", "/"), m(A, "2024-09-11", "AM", "/")], await newImport(rdb.orm), "t");
    expect(second.newDays).toEqual(["2024-09-10", "2024-09-11"]);
    // A snow day first marked present, then corrected to Y4 (site closed) for the only possible mark on it.
    const third = await applyMarks(rdb.orm, [m(B, "2024-09-10", "PM", "Y4")], await newImport(rdb.orm), "t");
    expect(third.removedDays).toEqual(["2024-09-10"]);
    expect((await loadRegister(rdb.orm)).calendar.days).toEqual(["2024-09-11"]);
    // Correcting one of several possible marks keeps the day.
    await applyMarks(rdb.orm, [m(B, "2024-09-11", "AM", "/")], await newImport(rdb.orm), "t");
    const fourth = await applyMarks(rdb.orm, [m(A, "2024-09-11", "AM", "Y4")], await newImport(rdb.orm), "t");
    expect(fourth.removedDays).toEqual([]);
    expect((await loadRegister(rdb.orm)).calendar.days).toEqual(["2024-09-11"]);
  });

  it("writes nothing when the import fails part-way", async () => {
    const { rdb } = await temp();
    await expect(applyMarks(rdb.orm, [m(A, "2024-09-05", "AM", "/"), m(A, "2024-09-05", "PM", "H")], 1, "t")).rejects.toThrow(/unknown register code "H"/);
    await applyMarks(rdb.orm, [m(A, "2024-09-05", "AM", "/")], await newImport(rdb.orm), "t");
    // An amendment pointing at an import that does not exist fails its foreign key after the blobs were written.
    await expect(applyMarks(rdb.orm, [m(A, "2024-09-05", "AM", "O"), m(B, "2024-09-06", "AM", "/")], 999, "t")).rejects.toThrow(/FOREIGN KEY/);
    const register = await loadRegister(rdb.orm);
    expect(plain(register)).toEqual(plain(buildRegister([m(A, "2024-09-05", "AM", "/")] as RegisterMark[])));
  });

  it("round-trips a synthetic cohort's year, in two imports", async () => {
    const { rdb } = await temp();
    const cohort = generateCohort({ seed: 11, pupils: 60 });
    const half = Math.floor(cohort.marks.length / 2);
    const a = await applyMarks(rdb.orm, cohort.marks.slice(0, half), await newImport(rdb.orm), "t");
    const b = await applyMarks(rdb.orm, cohort.marks.slice(half), await newImport(rdb.orm), "t");
    expect(a.amendments.length + b.amendments.length).toBe(0);
    const expected = buildRegister(cohort.marks);
    expect([...a.newDays, ...b.newDays].sort()).toEqual([...expected.calendar.days]);
    expect(plain(await loadRegister(rdb.orm))).toEqual(plain(expected));
  });
});

describe("errors", () => {
  it("carry the driver's message, not the statement's parameters (personal data)", async () => {
    const { rdb } = await temp();
    await applyMarks(rdb.orm, [m(A, "2024-09-05", "AM", "/")], await newImport(rdb.orm), "t");
    const error = await applyMarks(rdb.orm, [m(A, "2024-09-05", "AM", "O")], 999, "t").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(/FOREIGN KEY/);
    expect((error as Error).message).not.toContain(A);
  });
});

describe("marks prepared outside the write transaction", () => {
  const day1 = [m(A, "2024-09-05", "AM", "/"), m(A, "2024-09-05", "PM", "/"), m(B, "2024-09-05", "AM", "/")];
  const day2 = [m(A, "2024-09-06", "AM", "N"), m(B, "2024-09-06", "AM", "/"), m(C, "2024-09-06", "AM", "/"), m(B, "2024-09-05", "AM", "I")];
  const holds = (db: Db, prepared: Awaited<ReturnType<typeof prepareMarks>>) => writeTransaction(db, (tx) => preparedMarksHold(tx, prepared));

  it("writes nothing when prepared, and then exactly what applyMarks writes", async () => {
    const one = (await temp()).rdb.orm;
    const two = (await temp()).rdb.orm;
    for (const db of [one, two]) await applyMarks(db, day1, await newImport(db), "t");
    const prepared = await prepareMarks(one, day2);
    expect(plain(await loadRegister(one))).toEqual(plain(await loadRegister(two)));
    expect(await holds(one, prepared)).toBe(true);
    const written = await writeTransaction(one, async (tx) => writePreparedMarks(tx, prepared, await newImport(tx), "t"));
    const applied = await applyMarks(two, day2, await newImport(two), "t");
    expect(written).toEqual(applied);
    expect(written.amendments).toEqual([{ upn: B, date: "2024-09-05", session: "AM", oldMark: "/", newMark: "I" }]);
    expect(plain(await loadRegister(one))).toEqual(plain(await loadRegister(two)));
    // The same bytes; the seals (each database has a key of its own) hold.
    const rows = (db: Db) => queryRaw(db, "SELECT upn, school_year, hex(marks) FROM pupil_registers ORDER BY upn, school_year");
    expect(await rows(one)).toEqual(await rows(two));
    expect(await verifyRegisterSeals(one)).toMatchObject({ ok: true, checked: 3 * 12 });
  });

  it("no longer holds once a register it read has changed, or a pupil it found without one has one", async () => {
    const { rdb } = await temp();
    const db = rdb.orm;
    await applyMarks(db, day1, await newImport(db), "t");

    // A mark in the window it read (A's September) changed by another import.
    let prepared = await prepareMarks(db, day2);
    await applyMarks(db, [m(A, "2024-09-05", "PM", "L")], await newImport(db), "t");
    expect(await holds(db, prepared)).toBe(false);

    // C had no register when it was read.
    prepared = await prepareMarks(db, day2);
    expect(await holds(db, prepared)).toBe(true);
    await applyMarks(db, [m(C, "2024-09-02", "AM", "/")], await newImport(db), "t");
    expect(await holds(db, prepared)).toBe(false);

    // Only the seals of the window changed (the bytes as they were).
    prepared = await prepareMarks(db, day2);
    await execRaw(db, "UPDATE pupil_registers SET seals = zeroblob(length(seals)) WHERE upn = ?", [B]);
    expect(await holds(db, prepared)).toBe(false);

    // A chunk whose seal was zeroed (it did not hold) is compared by its bytes: a change to them (B's mark of
    // 5 September, byte 9, taken out) is seen.
    await execRaw(db, "UPDATE pupil_registers SET seals = zeroblob(length(seals)) WHERE upn = ?", [B]);
    prepared = await prepareMarks(db, day2);
    expect(await holds(db, prepared)).toBe(true);
    await execRaw(db, "UPDATE pupil_registers SET marks = unhex(hex(substr(marks, 1, 8)) || '00' || hex(substr(marks, 10))) WHERE upn = ?", [B]);
    expect(await holds(db, prepared)).toBe(false);

    // A change outside what it read (another school year, a pupil not in the file) leaves it holding.
    prepared = await prepareMarks(db, day2);
    await applyMarks(db, [m(A, "2025-03-03", "AM", "/"), m(syntheticUpn(4), "2024-09-05", "AM", "/")], await newImport(db), "t");
    expect(await holds(db, prepared)).toBe(true);
  });
});

describe("the school calendar", () => {
  it("is built again only when the school days or what follows the last one change", async () => {
    const { rdb } = await temp();
    const db = rdb.orm;
    await applyMarks(db, [m(A, "2024-09-05", "AM", "/"), m(A, "2024-09-06", "AM", "/")], await newImport(db), "t");
    const first = await schoolCalendar(db);
    expect(first.days).toEqual(["2024-09-05", "2024-09-06"]);
    // Nothing changed: the same calendar, not another built from the same days.
    expect(await schoolCalendar(db)).toBe(first);

    // A new school day.
    await applyMarks(db, [m(A, "2024-09-09", "AM", "/")], await newImport(db), "t");
    const second = await schoolCalendar(db);
    expect(second).not.toBe(first);
    expect(second.days).toEqual(["2024-09-05", "2024-09-06", "2024-09-09"]);
    // Only some of the days: a calendar of its own.
    expect((await schoolCalendar(db, { through: "2024-09-06" })).days).toEqual(first.days);

    // The same days, but term dates now say what follows the last of them (the end of the plan): built again.
    const days = ["2024-09-05", "2024-09-06", "2024-09-09"];
    await recordTermDates(db, { text: days.join("\n"), fileName: "terms.csv", schoolDays: days, actor: "t" });
    const third = await schoolCalendar(db);
    expect(third).not.toBe(second);
    expect(third.days).toEqual(second.days);
    expect(await schoolCalendar(db)).toBe(third);
  });
});
