import type { Pupil } from "../attendance/pupilsCsv.ts";
import type { PupilCaseResult } from "./simulate.ts";
import type { CasePupil } from "./types.ts";

/** What a case needs to know of a pupil. */
export function casePupil(p: Pupil): CasePupil {
  return {
    upn: p.upn,
    ...(p.dateOfBirth ? { dateOfBirth: p.dateOfBirth } : {}),
    yearGroup: p.yearGroup,
    socialWorker: p.socialWorker,
    lookedAfter: p.lookedAfter,
    send: p.send,
    pupilPremium: p.pupilPremium,
    youngCarer: p.youngCarer,
    eal: p.eal,
  };
}

/** The public JSON shape of one pupil's simulated case (CLI `--json` and `POST /api/simulate`). */
export function simulationJson(r: PupilCaseResult) {
  return {
    upn: r.upn,
    stage: r.stage,
    state: r.state,
    transitions: r.transitions.map((t) => ({ date: t.date, from: t.from, to: t.to, event: t.event, reason: t.reason, rule: t.rule })),
    tasks: r.tasks,
  };
}
