import { describe, expect, it } from "vitest";
import { MANUAL_EVENT_LABELS, MANUAL_EVENT_TYPES } from "../policy/events.ts";
import { historyEntryLabel } from "./historyWords.ts";

describe("history entry labels", () => {
  it("says every entry in the school's words: people's events by their label, the engine's own entries too", () => {
    for (const type of MANUAL_EVENT_TYPES) expect(historyEntryLabel(type)).toBe(MANUAL_EVENT_LABELS[type]);
    for (const type of ["schoolDayClosed", "caseOpened", "registerAmended", "pupilDetailsChanged", "policyMigrated", "calendarChanged"]) {
      expect(historyEntryLabel(type)).not.toBe(type);
    }
    expect(historyEntryLabel("somethingNew")).toBe("somethingNew");
  });
});
