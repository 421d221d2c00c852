/**
 * The import kill tests' child: `node --import tsx test/server/importKillChild.ts <database url> <step>`.
 * It starts a server over the database (start-up catches every case up with the register) and then:
 * - `setup`: imports the school's pupils and its first 40 school days of marks;
 * - `amend`: imports a marks file that changes 10 days' morning marks of every pupil (days every case has
 *   seen: amendments) and adds the 41st school day;
 * - `pupils`: imports the pupils file again with every pupil's SEND flag flipped;
 * - `verify`: only starts (and catches up).
 * It prints one JSON line: the import's answer and audit/verify's. With ROLLCALL_KILL_AT=point:N it kills
 * itself with SIGKILL the Nth time the import passes that point (server/imports/progress.ts).
 * All data is synthetic.
 */
import * as store from "../../db/index.ts";
import { importMarks, importPupils } from "../../server/imports/importFiles.ts";
import { startServer } from "../../server/main.ts";
import { schoolFiles } from "./support.ts";

export const KILL_SCHOOL = { seed: 52, pupils: 600, days: 41 } as const;

/** The files the steps import, built the same way every time. */
export function killFiles() {
  const school = schoolFiles(KILL_SCHOOL.seed, KILL_SCHOOL.pupils, KILL_SCHOOL.days);
  const header = "upn,date,session,mark";
  const rows = school.markLines.filter((l) => !l.startsWith("upn,"));
  const dates = [...new Set(rows.map((l) => l.split(",")[1]!))].sort();
  const lastDay = dates[dates.length - 1]!;
  const amendedDays = new Set(dates.slice(0, 10));
  const setupMarks = [header, ...rows.filter((l) => l.split(",")[1] !== lastDay)];
  const amendMarks = [
    header,
    ...rows.flatMap((l) => {
      const [upn, date, session, mark] = l.split(",") as [string, string, string, string];
      if (date === lastDay) return [l];
      if (!amendedDays.has(date) || session !== "AM") return [];
      return [`${upn},${date},AM,${mark === "/" ? "L" : "/"}`];
    }),
  ];
  const [pupilHeader, ...pupilRows] = school.pupils.trim().split("\n");
  const send = pupilHeader!.split(",").indexOf("send");
  const flipped = pupilRows.map((r) => {
    const cells = r.split(",");
    cells[send] = cells[send] === "Y" ? "N" : "Y";
    return cells.join(",");
  });
  return {
    pupils: school.pupils,
    setupMarks: `${setupMarks.join("\n")}\n`,
    amendMarks: `${amendMarks.join("\n")}\n`,
    flippedPupils: `${[pupilHeader, ...flipped].join("\n")}\n`,
    amendedAmMarks: amendMarks.length - 1 - rows.filter((l) => l.split(",")[1] === lastDay).length,
    amendedPupils: new Set(amendMarks.slice(1).filter((l) => l.split(",")[1] !== lastDay).map((l) => l.split(",")[0])).size,
    lastDay,
  };
}

if (process.argv[1]?.endsWith("importKillChild.ts")) {
  const [url, step] = process.argv.slice(2) as [string, string];
  const files = killFiles();
  const running = await startServer({ port: 0, databaseUrl: url, adminPassword: "correct horse battery staple", demo: false, today: "2025-07-31", log: () => {} });
  let result: unknown = null;
  if (step === "setup") {
    const p = await importPupils(running.deps, files.pupils, "pupils.csv", "lead");
    const m = await importMarks(running.deps, files.setupMarks, "setup-marks.csv", "lead");
    result = { pupils: p.status, marks: m.status };
  } else if (step === "amend") result = await importMarks(running.deps, files.amendMarks, "amend-marks.csv", "lead");
  else if (step === "pupils") result = await importPupils(running.deps, files.flippedPupils, "pupils-flipped.csv", "lead");
  const verify = await running.deps.cases.verifyAudit();
  const lastDays = await store.listSchoolDays(running.deps.rdb.orm);
  console.log(JSON.stringify({ result, verify: { ok: verify.ok, firstBrokenAt: verify.firstBrokenAt }, lastSchoolDay: lastDays.at(-1) }));
  await running.close();
}
