/**
 * The kill test's child: `tsx test/server/runServerChild.ts <database url>`. It starts a server, imports a school's
 * pupils, says "importing marks", then imports a whole year of marks for 1,500 pupils (several seconds of work:
 * the register written, every case opened and advanced), and is killed by the test somewhere in the middle.
 */
import * as store from "../../db/index.ts";
import { startServer } from "../../server/main.ts";
import { importMarks, importPupils } from "../../server/imports/importFiles.ts";
import { schoolFiles } from "./support.ts";

const school = schoolFiles(41, 1500, 190);
const running = await startServer({ port: 0, databaseUrl: process.argv[2], adminPassword: "correct horse battery staple", demo: false, log: () => {} });
await store.createUser(running.deps.rdb.orm, { username: "lead", password: "correct horse battery staple", role: "attendance-lead" });
const pupils = await importPupils(running.deps, school.pupils, "pupils.csv", "lead");
if (pupils.status !== "imported") throw new Error(`pupils did not import: ${pupils.status}`);
console.log("importing marks");
await importMarks(running.deps, school.marks, "marks.csv", "lead");
console.log("import finished");
