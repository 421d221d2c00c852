/**
 * Checkpoints this server exported, kept outside the database next to the audit key
 * (`<database file>.audit-checkpoints`, one JSON line each), so that verify can check today's trail still
 * extends the newest of them even if the database file was replaced by an older copy. An auditor keeps their
 * own copy too: that one is what proves the history has only grown since (POST /api/audit/checkpoint/verify).
 */
import { appendFileSync, existsSync, readFileSync } from "node:fs";
import { filePathOfUrl, type RollcallDb } from "../../db/client.ts";
import type { Checkpoint } from "../../db/auditSeals.ts";

function fileFor(rdb: RollcallDb): string | undefined {
  const path = filePathOfUrl(rdb.url);
  return path ? `${path}.audit-checkpoints` : undefined;
}

export function keepCheckpoint(rdb: RollcallDb, checkpoint: Checkpoint): void {
  const file = fileFor(rdb);
  if (file) appendFileSync(file, `${JSON.stringify(checkpoint)}\n`, { mode: 0o600 });
}

export function latestKeptCheckpoint(rdb: RollcallDb): Checkpoint | null {
  const file = fileFor(rdb);
  if (!file || !existsSync(file)) return null;
  const lines = readFileSync(file, "utf8").split("\n").filter((l) => l.trim() !== "");
  const last = lines[lines.length - 1];
  if (!last) return null;
  try {
    return JSON.parse(last) as Checkpoint;
  } catch {
    return null;
  }
}
