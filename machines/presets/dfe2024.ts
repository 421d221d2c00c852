import type { PolicyInput } from "../policy/schema.ts";

const GUIDANCE = "Working together to improve school attendance (DfE, August 2024)";

/**
 * The national framework on its own, for a school that has not written its own ladder yet, and as the
 * baseline a local authority compares school policies with. Every rule quotes the guidance.
 */
export const dfe2024 = {
  id: "dfe-2024",
  name: "DfE national framework (2024)",
  version: 1,
  source: { school: "Department for Education", document: GUIDANCE },
  description: "The six stages of the statutory guidance with the national thresholds (persistent absence 90%, severe absence 50%, penalty threshold 10 sessions in 10 school weeks) and no school-specific ladder.",
  // Neither document says when percentages start to count; Rollcall waits for two school weeks (20 possible
  // sessions) so that one day's absence in the first week of September (50%) does not send a letter.
  minimumPossibleSessions: 20,
  parameters: {
    persistentAbsenceAtMost: {
      value: 90,
      description: "Attendance at or below which a pupil is persistently absent (absence 10% or more), as the register metrics count it",
      seed: "Persistent absence: missing 10% or more of possible sessions.",
      choice: "Missing 10% or more is attendance of 90% or less: a pupil at exactly 90% is persistently absent, so the rules read 'at most 90', as the metrics' PA flag does.",
    },
    severeAbsenceBelow: { value: 50, description: "Attendance at or below which a pupil is severely absent", seed: "Severe absence: missing 50% or more of possible sessions." },
    watchBelow: { value: 95, description: "Attendance below which the school starts to look closely", seed: "Monitor: rigorously use attendance data to identify patterns of poor attendance as soon as possible.", choice: "The guidance sets no figure; 95% is the common threshold for a first look." },
    recoveredAtLeast: {
      value: 96,
      description: "Attendance at or above which a case steps back down (to Monitor, and from Monitor to Expect): the 95% watch line plus a one-point margin",
      choice: "The guidance sets no figure. Rollcall steps a case down only one point above the line that stepped it up (95% + 1), so a pupil hovering at 95% is not moved up and down by each day's wobble; a school can set it back to 95.",
    },
    steppedDownSchoolDays: {
      value: 10,
      description: "School days in Monitor (at or above the step-down line) before a case returns to Expect",
      choice: "The guidance sets no period; two school weeks, the minimum stay in Monitor.",
    },
    reviewSchoolDays: { value: 30, description: "School days a support plan runs before it is reviewed", choice: "About six school weeks: the guidance asks for regular reviews and sets no period." },
  },
  bands: [
    { id: "expected", label: "Expected (95% and above)", colour: "#2e7d32", min: 95, max: 100 },
    { id: "at-risk", label: "At risk (90.1% to 94.9%)", colour: "#f9a825", min: 90.01, max: 94.99 },
    { id: "persistent", label: "Persistent absence (50.1% to 90%)", colour: "#e65100", min: 50.01, max: 90 },
    { id: "severe", label: "Severe absence (50% and below)", colour: "#b71c1c", min: 0, max: 50 },
  ],
  letters: [
    { id: "concern", kind: "concern", title: "Attendance concern", body: "Dear {{parent.name}},\n\n{{pupil.forename}}'s attendance is {{attendancePct}}%. We would like to talk with you about any barriers to attending school and how we can help." },
    { id: "support-plan", kind: "information", title: "Support plan", body: "Dear {{parent.name}},\n\nThank you for meeting us. This letter sets out the support we agreed for {{pupil.forename}} and the review date {{reviewDate}}." },
    { id: "formal-notice", kind: "concern", title: "Formal attendance notice", body: "Dear {{parent.name}},\n\nDespite the support offered, {{pupil.forename}}'s attendance remains {{attendancePct}}%. We must now formalise support through an attendance contract." },
  ],
  stages: {
    expect: {
      description: "Aspire to high standards of attendance from all pupils and parents.",
      seed: "Expect: aspire to high standards of attendance from all pupils and parents and build a culture where all can, and want to, be in school.",
      rules: [
        { id: "watch", on: "schoolDayClosed", to: "monitor", when: { attendance: { below: "$watchBelow" } }, reason: "Attendance has fallen below the expected level", seed: "Monitor: rigorously use attendance data to identify patterns of poor attendance (at individual and cohort level) as soon as possible." },
      ],
    },
    monitor: {
      description: "Attendance data shows a pattern worth watching.",
      seed: "Monitor: rigorously use attendance data to identify patterns of poor attendance as soon as possible so all parties can work together to resolve them before they become entrenched.",
      rules: [
        { id: "listen-persistent", on: "schoolDayClosed", to: "listen", when: { attendance: { atMost: "$persistentAbsenceAtMost" } }, actions: [{ letter: "concern", title: "Attendance concern letter" }, { task: "meeting", title: "Meet the pupil and parents to understand the barriers", dueInSchoolDays: 5 }], reason: "Persistent absence: talk to the family", seed: "Listen and understand: when a pattern is spotted, discuss with pupils and parents to listen to understand barriers to attendance." },
        { id: "monitor-recovered", on: "schoolDayClosed", to: "expect", when: { all: [{ attendance: { atLeast: "$recoveredAtLeast" } }, { schoolDaysInState: { atLeast: "$steppedDownSchoolDays" } }] }, reason: "Attendance back at the expected level", seed: "Expect: aspire to high standards of attendance." },
      ],
    },
    listen: {
      description: "Discuss with pupils and parents to understand the barriers.",
      seed: "Listen and understand: when a pattern is spotted, discuss with pupils and parents to listen to understand barriers to attendance and agree how all partners can work together to resolve them.",
      rules: [
        { id: "support-agreed", on: "sapMeetingHeld", to: "facilitate", reason: "Barriers discussed and support agreed", seed: "Facilitate support: remove barriers in school and help pupils and parents to access the support they need." },
        { id: "support-offered", on: "supportOffered", to: "facilitate", reason: "Support offered to the family", seed: "Facilitate support: help pupils and parents to access the support they need to overcome the barriers outside of school." },
        { id: "listen-recovered", on: "schoolDayClosed", to: "monitor", when: { attendance: { atLeast: "$recoveredAtLeast" } }, reason: "Attendance improved while listening", seed: "Monitor: continue to use attendance data." },
      ],
    },
    facilitate: {
      description: "Support in school and access to support outside it (early help, whole family plan).",
      seed: "Facilitate support: remove barriers in school and help pupils and parents to access the support they need to overcome the barriers outside of school. This might include an early help or whole family plan.",
      rules: [
        { id: "formalise-no-improvement", on: "schoolDayClosed", to: "formalise", when: { all: [{ schoolDaysInState: { atLeast: "$reviewSchoolDays" } }, { attendance: { atMost: "$persistentAbsenceAtMost" } }, { improvementSinceEntry: { atMost: 0 } }] }, actions: [{ letter: "formal-notice", title: "Formal attendance notice" }, { task: "meeting", title: "Meet to agree an attendance contract" }], reason: "Voluntary support is not working", seed: "Formalise support: where absence persists and voluntary support is not working or not being engaged with, partners should work together to explain the consequences clearly." },
        { id: "formalise-declined", on: "supportDeclined", to: "formalise", actions: [{ letter: "formal-notice", title: "Formal attendance notice" }], reason: "Support declined by the family", seed: "Formalise support: where voluntary support is not being engaged with." },
        { id: "facilitate-recovered", on: "schoolDayClosed", to: "monitor", when: { all: [{ attendance: { atLeast: "$recoveredAtLeast" } }] }, reason: "Support has worked", seed: "Monitor: continue to use attendance data." },
      ],
    },
    formalise: {
      description: "Support formalised: an attendance contract, a notice to improve.",
      seed: "Formalise support: this may include formalising support through a parenting contract or education supervision order.",
      rules: [
        { id: "enforce", on: "schoolDayClosed", to: "enforce", when: { all: [{ schoolDaysInState: { atLeast: "$reviewSchoolDays" } }, { attendance: { atMost: "$persistentAbsenceAtMost" } }, { improvementSinceEntry: { atMost: 0 } }] }, actions: [{ task: "legal-referral", title: "Refer to the local authority for statutory intervention" }], reason: "All other avenues exhausted", seed: "Enforce: where all other avenues have been exhausted and support is not working or not being engaged with, enforce attendance through statutory intervention or prosecution." },
        { id: "formalise-recovered", on: "schoolDayClosed", to: "monitor", when: { attendance: { atLeast: "$recoveredAtLeast" } }, reason: "Attendance recovered under the contract", seed: "Monitor: continue to use attendance data." },
      ],
    },
    enforce: {
      description: "Statutory intervention or prosecution, to protect the pupil's right to an education.",
      seed: "Enforce: enforce attendance through statutory intervention or prosecution to protect the pupil's right to an education.",
      rules: [
        { id: "enforce-recovered", on: "schoolDayClosed", to: "monitor", when: { all: [{ attendance: { atLeast: "$recoveredAtLeast" } }, { schoolDaysInState: { atLeast: "$reviewSchoolDays" } }] }, reason: "Attendance recovered", seed: "Monitor: continue to use attendance data." },
      ],
    },
  },
} satisfies PolicyInput;
