import type { TaskKindDef } from "./types.ts";

/** A notification (the social worker, the Virtual School, the local authority, the DSL): done when told. */
export const notification: TaskKindDef = {
  kind: "notification",
  words: "Notification",
  outcomes: [{ words: "Notified today" }, { words: "Already notified" }],
  answeredBy: [],
  urgency: 1,
  mergeOpen: true,
};
