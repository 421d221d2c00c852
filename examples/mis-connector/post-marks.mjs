#!/usr/bin/env node
// Posts a school's MIS export to Rollcall with an API token: the term dates, the pupils, then the register marks
// (any of the three; in that order, so the marks are checked against this year's term dates and pupils).
// Node 20 or later, no dependencies. All three imports are idempotent, so a run that failed part-way is simply
// run again: a file already imported answers `alreadyImported` and changes nothing. See docs/integrations.md.
//
//   ROLLCALL_URL=https://rollcall.example.sch.uk ROLLCALL_TOKEN=rct_… \
//     node examples/mis-connector/post-marks.mjs --calendar term-dates.csv --pupils pupils.csv --marks marks-today.csv
//
// Exit status: 0 all posted (or already there); 1 a file has problems (each printed as FILE:LINE: FIELD: message;
// nothing of that file was written); 2 the token was refused (401: unknown, revoked or expired; 403: its role
// may not do this); 3 the server could not be reached or kept failing.
import { readFile } from "node:fs/promises";
import { basename } from "node:path";
import { parseArgs } from "node:util";

const { values } = parseArgs({
  options: {
    calendar: { type: "string" },
    pupils: { type: "string" },
    marks: { type: "string" },
    url: { type: "string", default: process.env.ROLLCALL_URL ?? "http://127.0.0.1:8787" },
    retries: { type: "string", default: "5" },
  },
});
const token = process.env.ROLLCALL_TOKEN;
if (!token) {
  console.error("post-marks: set ROLLCALL_TOKEN to an API token (the administrator creates one on the Users page)");
  process.exit(2);
}
const base = values.url.replace(/\/+$/, "");
const retries = Number(values.retries);

/** The files to post, in the order that matters: what the marks are checked against goes first. */
const steps = [
  ["calendar", "/api/calendar", "term dates"],
  ["pupils", "/api/imports/pupils", "pupils"],
  ["marks", "/api/imports/marks", "marks"],
].filter(([option]) => values[option]);
if (steps.length === 0) {
  console.error("post-marks: nothing to post: give --calendar, --pupils and/or --marks");
  process.exit(3);
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** POSTs a CSV file; retries what is safe to retry (no answer, 429, 5xx): every import is idempotent. */
async function post(path, file) {
  const body = await readFile(file);
  const url = `${base}${path}?file=${encodeURIComponent(basename(file))}`;
  for (let attempt = 0; ; attempt++) {
    let res;
    try {
      res = await fetch(url, { method: "POST", headers: { authorization: `Bearer ${token}`, "content-type": "text/csv" }, body });
    } catch (error) {
      if (attempt >= retries) throw new Error(`could not reach ${base}: ${error.cause?.code ?? error.message}`);
      await sleep(1000 * 2 ** attempt);
      continue;
    }
    const text = await res.text();
    const json = text ? JSON.parse(text) : {};
    if ((res.status === 429 || res.status >= 500) && attempt < retries) {
      await sleep(Number(res.headers.get("retry-after")) * 1000 || 1000 * 2 ** attempt);
      continue;
    }
    return { status: res.status, json };
  }
}

let exit = 0;
for (const [option, path, what] of steps) {
  const file = values[option];
  let result;
  try {
    result = await post(path, file);
  } catch (error) {
    console.error(`post-marks: ${what}: ${error.message}`);
    process.exit(3);
  }
  const { status, json } = result;
  if (status === 200) {
    if (json.alreadyInForce) console.log(`${what}: already in force (upload ${json.id}); nothing changed`);
    else if (json.alreadyImported) console.log(`${what}: already there (import ${json.importId}); nothing changed`);
    else if (option === "calendar") console.log(`${what}: recorded (${json.schoolDays} school days, ${json.firstDay} to ${json.lastDay})`);
    else console.log(`${what}: imported ${json.rows} rows as import ${json.importId}; ${json.changed} pupils changed; ${JSON.stringify(json.detail)}`);
    continue;
  }
  if (status === 422) {
    console.error(`post-marks: ${what}: ${json.message}`);
    for (const e of json.errors ?? []) console.error(`${basename(file)}:${e.line ?? "-"}: ${e.field}: ${e.message}`);
    if (json.moreErrors) console.error(`… and ${json.moreErrors} more`);
    exit = 1;
    // The marks are checked against the term dates and pupils: do not post them after a refused file.
    break;
  }
  console.error(`post-marks: ${what}: ${status} ${json.message ?? ""}`);
  process.exit(status === 401 || status === 403 ? 2 : 3);
}
process.exit(exit);
