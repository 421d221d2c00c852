/** What the figures list needs of a pupil's metrics: the server's (a case page) or the engine's (the sandbox). */
export interface FigureFacts {
  readonly attendedSessions: number;
  readonly possibleSessions: number;
  readonly authorisedAbsenceSessions: number;
  readonly unauthorisedAbsenceSessions: number;
  readonly persistentAbsence: boolean;
  readonly severeAbsence: boolean;
  readonly unauthorisedSessionsLast10SchoolWeeks: number;
  readonly penaltyThresholdMet: boolean;
  readonly consecutiveUnauthorisedDays: number;
  readonly unresolvedNOlderThan5SchoolDays?: number;
}

/** A pupil's attendance figures in the school's words, as the case page and the sandbox show them. */
export function CaseFigures({ metrics }: { metrics: FigureFacts }) {
  return (
    <dl className="facts">
      <dt>Sessions</dt>
      <dd>
        {metrics.attendedSessions} attended of {metrics.possibleSessions} possible
      </dd>
      <dt>Absence</dt>
      <dd>
        {metrics.authorisedAbsenceSessions} authorised, {metrics.unauthorisedAbsenceSessions} unauthorised
        {metrics.severeAbsence ? " · severe absence" : metrics.persistentAbsence ? " · persistent absence" : ""}
      </dd>
      <dt>Unauthorised, last 10 school weeks</dt>
      <dd>
        {metrics.unauthorisedSessionsLast10SchoolWeeks} sessions{metrics.penaltyThresholdMet ? " · penalty-notice threshold met" : ""}
      </dd>
      {metrics.consecutiveUnauthorisedDays > 0 ? (
        <>
          <dt>Days in a row unauthorised</dt>
          <dd>{metrics.consecutiveUnauthorisedDays}</dd>
        </>
      ) : null}
      {(metrics.unresolvedNOlderThan5SchoolDays ?? 0) > 0 ? (
        <>
          <dt>Unresolved N codes (5+ days)</dt>
          <dd>{metrics.unresolvedNOlderThan5SchoolDays}</dd>
        </>
      ) : null}
    </dl>
  );
}
