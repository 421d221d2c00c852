import { readCsvTable } from "../attendance/csvTable.ts";
import type { InputProblem } from "../attendance/inputProblem.ts";
import { parseIsoDate } from "../attendance/schoolDate.ts";
import { checkEventPayload, type ManualEventType } from "../policy/events.ts";
import type { ScriptedEvent } from "./simulate.ts";

export const EVENTS_COLUMNS = ["upn", "date", "event", "payload_json"] as const;

/**
 * Reads scripted manual events for a simulation: `upn,date,event,payload_json`, e.g.
 * `A123...,2025-01-06,sapMeetingHeld,"{""attendees"":[""AL""],""reviewDate"":""2025-01-27""}"`.
 * Each payload is checked with the same schema as the API and the web forms.
 */
export function parseEventsCsv(
  text: string,
  file: string,
  options: { validateUpn?: (upn: string) => string | undefined } = {},
): { events: ScriptedEvent[]; problems: InputProblem[] } {
  const table = readCsvTable(text, file, EVENTS_COLUMNS);
  const problems = [...table.problems];
  const events: ScriptedEvent[] = [];
  for (const { line, values } of table.records) {
    const before = problems.length;
    const upn = values.upn!;
    const upnIssue = upn === "" ? "UPN is empty" : options.validateUpn?.(upn);
    if (upnIssue) problems.push({ file, line, field: "upn", message: upnIssue });
    if (parseIsoDate(values.date!) === undefined) {
      problems.push({ file, line, field: "date", message: `"${values.date}" is not a date in the form YYYY-MM-DD` });
    }
    let payload: unknown = {};
    const raw = values.payload_json!;
    if (raw !== "") {
      try {
        payload = JSON.parse(raw);
      } catch (error) {
        problems.push({ file, line, field: "payload_json", message: `not valid JSON: ${(error as Error).message}` });
        continue;
      }
    }
    const check = checkEventPayload(values.event!, payload);
    if (!check.ok) {
      for (const p of check.problems) {
        problems.push({ file, line, field: p.field === "event" ? "event" : `payload_json.${p.field}`, message: p.message });
      }
    }
    if (problems.length > before || !check.ok) continue;
    events.push({ upn, date: values.date!, type: values.event as ManualEventType, payload: check.payload, line });
  }
  return { events, problems };
}
