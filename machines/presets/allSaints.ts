import type { PolicyInput } from "../policy/schema.ts";

/**
 * All Saints Church of England Primary School, Attendance Strategy 2024-25 (`shared/seeds/004_…txt`).
 * The six DfE stages in tiers; Letters 1 to 5 with monitoring periods and School Attendance Panel (SAP)
 * meetings; Fast Track on 10 unauthorised absences in 12 weeks; home-visit triggers; case work below 80%.
 */

const FAST_TRACK_SEED = "5d. Fast Track — Students with 10 unauthorised absences within a 12-week period will be placed on the Fast Track initiative";
/** Fast Track from a SAP or case-work state: the strategy places every pupil who meets it on Fast Track, wherever the case is. */
const fastTrackFrom = (id: string, where: string) => ({
  id: `fast-track-from-${id}`,
  on: "schoolDayClosed" as const,
  to: "formalise.fastTrack1",
  when: { unauthorisedSessions: { atLeast: "$fastTrackSessions", inSchoolWeeks: "$fastTrackWeeks" } },
  actions: [{ letter: "letter-6", title: "Letter 6: Fast Track 1, 12-week monitoring" }],
  reason: `10 unauthorised absences in 12 weeks during ${where}: Fast Track`,
  seed: FAST_TRACK_SEED,
  choice: "Fast Track applies to every pupil who meets it, including one already at a SAP (invitation, target, review) or on case work: the SAP's targets give way to the LA's Fast Track protocol, the route to a penalty notice for unauthorised absence. Once the final SAP is called (Letter 5: 'last step before legal intervention') the case stays on that route.",
});

export const allSaints = {
  id: "all-saints",
  name: "All Saints CofE Primary: attendance strategy 2024-25",
  version: 1,
  source: { school: "All Saints Church of England Primary School", document: "Attendance Strategy 2024-25", file: "004_2fb1da9f2f6ab364.txt" },
  // Neither document says when percentages start to count; Rollcall waits for two school weeks (20 possible
  // sessions) so that one day's absence in the first week of September (50%) does not send a letter.
  minimumPossibleSessions: 20,
  parameters: {
    letter1Below: {
      value: 95,
      description: "Letter 1 when attendance falls below this target",
      seed: "Letter 1 - A pupil's attendance falls below target of 95% - a two week monitoring period commences",
      choice: "The escalation summary says Letter 1 at <94%; the strategy's own tier table says below the target of 95%. We take 95% (the school's target) and keep it a parameter.",
    },
    letter2Below: { value: 92, description: "Letter 2 band", seed: "Letter 2- Attendance concern (<92%)- We continue to be concerned about your child's attendance" },
    sapBelow: { value: 90, description: "Letter 3 (SAP invitation) when attendance is below", seed: "Letter 3 — invite to SAP meeting (<90%)- AL/AHT/HT" },
    caseWorkBelow: { value: 80, description: "Case work with the Bradford Attendance Officer below", seed: "Case work will be conducted by BAO with students when their attendance is below 80%" },
    monitoringSchoolDays: { value: 10, description: "Monitoring period after Letter 1 (school days)", seed: "a two week monitoring period commences" },
    sapTargetPct: { value: 95, description: "Attendance target set at a SAP meeting when the meeting does not record one", choice: "The strategy sets targets at each SAP but not their figure; the school target (95%) is the default, and a target agreed at the meeting wins." },
    sapTargetSchoolDays: { value: 15, description: "SAP target period (school days)", seed: "Letter 3 - invite to School Attendance Panel (SAP) (AL/AHT/HT) — 3-week attendance target set" },
    sapReviewTargetSchoolDays: { value: 10, description: "SAP review target period (school days)", seed: "Letter 4 - SAP review meeting (AL/AHT/HT) — further 2-week target set" },
    fastTrackSessions: { value: 10, description: "Unauthorised sessions that place a pupil on Fast Track", seed: "Students with 10 unauthorised absences within a 12-week period will be placed on the Fast Track initiative" },
    fastTrackWeeks: { value: 12, description: "Fast Track window (school weeks)", seed: "within a 12-week period" },
    fastTrackReviewSchoolDays: { value: 20, description: "School days in Fast Track 1 before Fast Track 2 if no improvement", seed: "Letter 7 - Fast Track 2 (AL)- No improvement in attendance after 20 days (4 weeks)" },
    fastTrackMonitoringSchoolDays: { value: 60, description: "Fast Track 1 monitoring (school days)", seed: "Letter 6 - Fast Track 1 — Informing parents of 12 week monitoring in line with the LA protocol." },
    recoveredAtLeast: {
      value: 96,
      description: "Attendance at which a case steps back down: the school target plus a one-point margin",
      choice: "The strategy does not say when a case steps down. One point above the school target ($letter1Below% + 1), so a pupil hovering at 95% is not stepped down and sent Letter 1 again on the next day's wobble.",
    },
    letter2ReviewSchoolDays: {
      value: 10,
      description: "School days after Letter 2 before a fixed penalty notice is requested if attendance has not improved",
      seed: "Letter 2 - Sent after 2 weeks if no improvement since Letter 1 o If attendance does not improve a FPN will be requested - £60 per parent, per child.",
      choice: "The strategy gives no period; the same two weeks as after Letter 1 (the fortnightly attendance meeting). The request needs the national threshold met (10 unauthorised sessions in 10 school weeks): a penalty notice is for unauthorised absence. The £60 is the pre-2024 amount; the national framework's £80/£160 applies.",
    },
    caseWorkReviewSchoolDays: {
      value: 10,
      description: "School days between case-work progress reviews (BAO/AL)",
      seed: "Case work o AL/BAO to discuss progress in attendance meeting every two weeks",
    },
    praiseGainPoints: {
      value: 1,
      description: "Points the year's attendance must rise over the last six school weeks for the half-termly praise letter",
      seed: "Half termly communications with parents (praise and/or concern)",
      choice: "The strategy does not say what earns praise; a rise of one percentage point in the year's figure over the half term (six school weeks), which takes a half term well above the pupil's year so far.",
    },
    steppedDownSchoolDays: { value: 30, description: "School days in Monitor at or above target before the case returns to Expect", choice: "Not in the strategy; about six school weeks (three fortnightly reviews)." },
  },
  bands: [
    { id: "target", label: "At or above target (95%+)", colour: "#2e7d32", min: 95, max: 100, seed: "A pupil's attendance falls below target of 95%" },
    { id: "letter-1", label: "Below target (92% to 94.9%)", colour: "#f9a825", min: 92, max: 94.99, seed: "Letter 1- Attendance concern" },
    { id: "letter-2", label: "Concern (90% to 91.9%)", colour: "#ef6c00", min: 90, max: 91.99, seed: "Letter 2- Attendance concern (<92%)" },
    { id: "sap", label: "SAP (80% to 89.9%)", colour: "#d84315", min: 80, max: 89.99, seed: "Letter 3 — invite to SAP meeting (<90%)" },
    { id: "case-work", label: "Case work (below 80%)", colour: "#b71c1c", min: 0, max: 79.99, seed: "Case work — complex attendance concern - <80%" },
  ],
  letters: [
    { id: "letter-1", kind: "concern", title: "Letter 1: attendance concern", body: "Dear {{parent.name}},\n\nWe are concerned about {{pupil.forename}}'s attendance, which is {{attendancePct}}%, below our school target of 95%. We will monitor attendance over the next two weeks." },
    { id: "letter-2", kind: "concern", title: "Letter 2: continued concern", body: "Dear {{parent.name}},\n\nWe continue to be concerned about {{pupil.forename}}'s attendance, now {{attendancePct}}%. It has not improved since our last letter." },
    { id: "letter-3", kind: "concern", title: "Letter 3: invitation to School Attendance Panel", body: "Dear {{parent.name}},\n\nPlease come to a School Attendance Panel meeting with the Attendance Lead and a senior leader to agree support and a three-week attendance target for {{pupil.forename}}." },
    { id: "letter-4", kind: "concern", title: "Letter 4: SAP review meeting", body: "Dear {{parent.name}},\n\nPlease come to a review of {{pupil.forename}}'s School Attendance Panel targets. If concern continues, the case will go to a final panel which could lead to legal intervention." },
    { id: "letter-5", kind: "concern", title: "Letter 5: final SAP meeting", body: "Dear {{parent.name}},\n\nPlease come to a final School Attendance Panel meeting. This is the last step before legal intervention." },
    { id: "letter-6", kind: "concern", title: "Letter 6: Fast Track 1", body: "Dear {{parent.name}},\n\n{{pupil.forename}} has had {{unauthorisedSessions}} unauthorised absences in 12 weeks and is placed on Fast Track: 12 weeks of monitoring in line with the local authority protocol." },
    { id: "letter-7", kind: "concern", title: "Letter 7: Fast Track 2, invitation to a formal meeting", body: "Dear {{parent.name}},\n\n{{pupil.forename}}'s attendance has not improved after 20 school days. Please come to a formal attendance meeting." },
    { id: "letter-8", kind: "legal-warning", title: "Letter 8: Fast Track 3, penalty notice warning", body: "Dear {{parent.name}},\n\n{{pupil.forename}} is at risk of a penalty notice if attendance does not improve." },
    { id: "award-100", kind: "recognition", title: "100% attendance award", body: "Dear {{parent.name}},\n\nCongratulations: {{pupil.forename}} was in school for every session this half term and receives our 100% attendance award, presented in the Achievement Assembly. Thank you for your support." },
    { id: "half-term-praise", kind: "recognition", title: "Half-termly praise: attendance improving", body: "Dear {{parent.name}},\n\nWe are pleased to tell you that {{pupil.forename}}'s attendance has improved this half term and is now {{attendancePct}}% for the year. Thank you: every day in school counts." },
  ],
  stages: {
    expect: {
      description: "Tier 1 – whole school: attendance is everyone's responsibility.",
      seed: "Tier 1- Expect Whole School- Attendance is everyone's responsibility! Aspire to high standards of attendance from all students and parents",
      rules: [
        {
          id: "letter-1",
          on: "schoolDayClosed",
          to: "listen.letter1Monitoring",
          when: { attendance: { below: "$letter1Below" } },
          actions: [
            { letter: "letter-1", title: "Letter 1: attendance concern" },
            { task: "first-day-call", title: "Call parents to explore barriers and offer support (Tier 3)", dueInSchoolDays: 2 },
          ],
          reason: "Attendance below the school target: Letter 1 and a two-week monitoring period",
          seed: "Letter 1 - A pupil's attendance falls below target of 95% - a two week monitoring period commences",
          choice: "Letter 1 sits in the strategy's Tier 4 list, but the monitoring period and the calls to parents (Tier 3, 90-95%) are Listen and understand, so the case enters that stage.",
        },
      ],
    },
    monitor: {
      description: "Tier 2 – the Attendance Team reviews attendance every two weeks.",
      seed: "Tier 2- Monitor 2a. Attendance Team (AL & AA) to review attendance every two weeks",
      initial: "steppedDown",
      states: {
        steppedDown: {
          description: "Back at or above target after support; watched at the fortnightly review.",
          rules: [
            { id: "monitor-back-to-expect", on: "schoolDayClosed", to: "expect", when: { all: [{ schoolDaysInState: { atLeast: "$steppedDownSchoolDays" } }, { attendance: { atLeast: "$recoveredAtLeast" } }] }, reason: "Sustained attendance at or above target", seed: "AL/AA meet every two weeks to discuss escalations" },
            { id: "monitor-letter-1-again", on: "schoolDayClosed", to: "listen.letter1Monitoring", when: { attendance: { below: "$letter1Below" } }, actions: [{ letter: "letter-1", title: "Letter 1: attendance concern" }], reason: "Attendance below target again", seed: "Letter 1 - A pupil's attendance falls below target of 95% - a two week monitoring period commences" },
          ],
        },
      },
    },
    listen: {
      description: "Tier 3 – contact with parents and the student to explore barriers (90-95%).",
      seed: "Tier 3- Listen and understand | 3a Contact with parents and the student to explore barriers to offer support 90-95%",
      initial: "letter1Monitoring",
      states: {
        letter1Monitoring: {
          description: "Letter 1 sent; two-week monitoring period.",
          seed: "Letter 1 - A pupil's attendance falls below target of 95% - a two week monitoring period commences",
          rules: [
            {
              id: "letter-3-sap-after-monitoring",
              on: "schoolDayClosed",
              to: "formalise.sapInvited",
              when: { all: [{ schoolDaysInState: { atLeast: "$monitoringSchoolDays" } }, { attendance: { below: "$sapBelow" } }] },
              actions: [{ letter: "letter-3", title: "Letter 3: invitation to School Attendance Panel" }, { task: "meeting", title: "Hold the School Attendance Panel (AL/AHT/HT)", dueInSchoolDays: 10 }],
              reason: "Attendance below 90% at the end of the monitoring period: invitation to a School Attendance Panel",
              seed: "Letter 3 — invite to SAP meeting (<90%)- AL/AHT/HT",
              choice: "The escalation summary's bands are direct: a pupil still below $sapBelow% when the two-week monitoring period ends is invited to the SAP, improving or not (a pupil at 85-89% who improves slowly is not held at Letter 1).",
            },
            {
              id: "letter-2",
              on: "schoolDayClosed",
              to: "facilitate.letter2",
              when: { all: [{ schoolDaysInState: { atLeast: "$monitoringSchoolDays" } }, { any: [{ improvementSinceEntry: { atMost: 0 } }, { attendance: { below: "$letter2Below" } }] }] },
              actions: [{ letter: "letter-2", title: "Letter 2: continued concern" }],
              reason: "No improvement two weeks after Letter 1: Letter 2",
              seed: "Letter 2 - Sent after 2 weeks if no improvement since Letter 1 | Letter 2- Attendance concern (<92%)",
              choice: "Both of the strategy's tests, judged when the two-week monitoring period ends: no improvement since Letter 1, or attendance below $letter2Below% (the summary's band). Below $sapBelow% the SAP invitation (Letter 3) comes instead.",
            },
            { id: "letter-1-improved", on: "schoolDayClosed", to: "monitor.steppedDown", when: { all: [{ schoolDaysInState: { atLeast: "$monitoringSchoolDays" } }, { attendance: { atLeast: "$recoveredAtLeast" } }] }, reason: "Back at target after the monitoring period", seed: "Letter 2 - Sent after 2 weeks if no improvement since Letter 1" },
            { id: "letter-1-monitoring-again", on: "schoolDayClosed", to: "listen.letter1Monitoring", when: { schoolDaysInState: { atLeast: "$monitoringSchoolDays" } }, reason: "Improving but still below target: monitoring continues for another two weeks", seed: "Letter 2 - Sent after 2 weeks if no improvement since Letter 1", choice: "The strategy does not say what follows improvement short of the target; monitoring restarts." },
          ],
        },
      },
    },
    facilitate: {
      description: "Tier 4 – support strategies: attendance concern letters, intervention groups, early help.",
      seed: "Tier 4- Facilitate support 4. Support strategies o 4a. Attendance concern letters — Stage 1",
      initial: "letter2",
      states: {
        letter2: {
          description: "Letter 2 sent: continued concern.",
          seed: "Letter 2- Attendance concern (<92%)- We continue to be concerned about your child's attendance",
          rules: [
            {
              id: "letter-3-sap",
              on: "schoolDayClosed",
              to: "formalise.sapInvited",
              when: { attendance: { below: "$sapBelow" } },
              actions: [{ letter: "letter-3", title: "Letter 3: invitation to School Attendance Panel" }, { task: "meeting", title: "Hold the School Attendance Panel (AL/AHT/HT)", dueInSchoolDays: 10 }],
              reason: "Attendance below 90%: invitation to a School Attendance Panel",
              seed: "5a. Letter 3 - invite to School Attendance Panel (SAP) (AL/AHT/HT) — 3-week attendance target set",
            },
            {
              id: "letter-2-penalty-notice",
              on: "schoolDayClosed",
              to: "enforce.penaltyNoticeRequested",
              when: { all: [{ schoolDaysInState: { atLeast: "$letter2ReviewSchoolDays" } }, { improvementSinceEntry: { atMost: 0 } }, { penaltyThreshold: "met" }] },
              actions: [{ task: "penalty-notice", title: "Attendance has not improved since Letter 2: request a fixed penalty notice (AL)" }],
              reason: "Attendance has not improved since Letter 2, with unauthorised absence at the national threshold: a fixed penalty notice is requested",
              seed: "If attendance does not improve a FPN will be requested - £60 per parent, per child.",
              choice: "Judged $letter2ReviewSchoolDays school days after Letter 2, and only where the national threshold is met (10 unauthorised sessions in 10 school weeks): a penalty notice is for unauthorised absence, never illness. The amount is the national framework's (£80 if paid within 21 days, £160), not the strategy's pre-2024 £60.",
            },
            { id: "letter-2-improved", on: "schoolDayClosed", to: "monitor.steppedDown", when: { attendance: { atLeast: "$recoveredAtLeast" } }, reason: "Back at target", seed: "AL/AA discussion every two weeks in attendance review meetings" },
          ],
        },
      },
    },
    formalise: {
      description: "Formalising support: School Attendance Panels, Fast Track, case work.",
      seed: "5. Formalising support",
      initial: "sapInvited",
      states: {
        sapInvited: {
          description: "Letter 3 sent: SAP meeting to be held.",
          rules: [
            fastTrackFrom("sap-invited", "the SAP invitation"),
            { id: "sap-held", on: "sapMeetingHeld", to: "formalise.sapTarget", actions: [{ setTarget: { attendancePct: "$sapTargetPct", schoolDays: "$sapTargetSchoolDays" } }], reason: "SAP held: three-week attendance target set", seed: "Letter 3 - invite to School Attendance Panel (SAP) (AL/AHT/HT) — 3-week attendance target set" },
            { id: "sap-not-attended", on: "parentDidNotAttend", actions: [{ task: "home-visit", title: "Parent did not attend the SAP: home visit and re-invite" }], reason: "Parent did not attend the SAP", seed: "Where all other avenues have been exhausted and support is not working or not being engaged with" },
          ],
        },
        sapTarget: {
          description: "Three-week SAP target running.",
          rules: [
            fastTrackFrom("sap-target", "the SAP target"),
            { id: "sap-target-met", on: "schoolDayClosed", to: "monitor.steppedDown", when: { all: [{ target: "reviewDue" }, { target: "met" }] }, reason: "SAP target met", seed: "3-week attendance target set" },
            { id: "letter-4-sap-review", on: "schoolDayClosed", to: "formalise.sapReviewInvited", when: { all: [{ target: "reviewDue" }, { target: "missed" }] }, actions: [{ letter: "letter-4", title: "Letter 4: SAP review meeting" }, { task: "meeting", title: "Hold the SAP review meeting (AL/AHT/HT)", dueInSchoolDays: 5 }], reason: "SAP target missed: SAP review", seed: "5b. Letter 4 - SAP review meeting (AL/AHT/HT) — further 2-week target set, if ongoing concern inform parents that it will escalate to a final SAP which could lead to legal intervention." },
          ],
        },
        sapReviewInvited: {
          description: "Letter 4 sent: SAP review meeting to be held.",
          rules: [
            fastTrackFrom("sap-review-invited", "the SAP review invitation"),
            { id: "sap-review-held", on: "sapMeetingHeld", to: "formalise.sapReviewTarget", actions: [{ setTarget: { attendancePct: "$sapTargetPct", schoolDays: "$sapReviewTargetSchoolDays" } }], reason: "SAP review held: further two-week target set", seed: "further 2-week target set" },
          ],
        },
        sapReviewTarget: {
          description: "Two-week SAP review target running.",
          rules: [
            fastTrackFrom("sap-review-target", "the SAP review target"),
            { id: "sap-review-target-met", on: "schoolDayClosed", to: "monitor.steppedDown", when: { all: [{ target: "reviewDue" }, { target: "met" }] }, reason: "SAP review target met", seed: "further 2-week target set" },
            { id: "letter-5-final-sap", on: "schoolDayClosed", to: "formalise.finalSapInvited", when: { all: [{ target: "reviewDue" }, { target: "missed" }] }, actions: [{ letter: "letter-5", title: "Letter 5: final SAP meeting" }, { task: "meeting", title: "Hold the final SAP (AL/HT)", dueInSchoolDays: 5 }], reason: "Ongoing concern: final SAP before legal intervention", seed: "5c. Letter 5 - Final SAP (AL/HT) final targets set and legal intervention to follow if the targets are not met." },
          ],
        },
        finalSapInvited: {
          description: "Letter 5 sent: final SAP to be held.",
          rules: [
            { id: "final-sap-held", on: "sapMeetingHeld", to: "formalise.finalSapTarget", actions: [{ setTarget: { attendancePct: "$sapTargetPct", schoolDays: "$sapReviewTargetSchoolDays" } }], reason: "Final SAP held: final targets set", seed: "Letter 5 - Final SAP (AL/HT) final targets set" },
          ],
        },
        finalSapTarget: {
          description: "Final targets running; legal intervention follows if they are not met.",
          rules: [
            { id: "final-target-met", on: "schoolDayClosed", to: "monitor.steppedDown", when: { all: [{ target: "reviewDue" }, { target: "met" }] }, reason: "Final SAP targets met", seed: "final targets set" },
            { id: "legal-intervention", on: "schoolDayClosed", to: "enforce.legalIntervention", when: { all: [{ target: "reviewDue" }, { target: "missed" }] }, actions: [{ task: "legal-referral", title: "Submit the legal intervention request (AL), after the bespoke paperwork review" }], reason: "Final SAP targets not met: legal intervention", seed: "legal intervention to follow if the targets are not met." },
          ],
        },
        fastTrack1: {
          description: "Fast Track 1: 12 weeks of monitoring in line with the LA protocol.",
          seed: "Letter 6 - Fast Track 1 — Informing parents of 12 week monitoring in line with the LA protocol.",
          rules: [
            { id: "fast-track-2", on: "schoolDayClosed", to: "formalise.fastTrack2", when: { all: [{ schoolDaysInState: { atLeast: "$fastTrackReviewSchoolDays" } }, { improvementSinceEntry: { atMost: 0 } }] }, actions: [{ letter: "letter-7", title: "Letter 7: Fast Track 2, invitation to a formal meeting" }, { task: "meeting", title: "Formal Fast Track meeting (AL): complete the Attendance Panel paperwork", dueInSchoolDays: 10 }], reason: "No improvement after 20 school days on Fast Track", seed: "Letter 7 - Fast Track 2 (AL)- No improvement in attendance after 20 days (4 weeks), parents invited in for a formal meeting and the Attendance Panel meeting paperwork is completed." },
            { id: "fast-track-complete", on: "schoolDayClosed", to: "monitor.steppedDown", when: { all: [{ schoolDaysInState: { atLeast: "$fastTrackMonitoringSchoolDays" } }, { improvementSinceEntry: { above: 0 } }] }, reason: "Twelve weeks of Fast Track monitoring completed with improvement", seed: "Informing parents of 12 week monitoring" },
          ],
        },
        fastTrack2: {
          description: "Fast Track 2: formal meeting; Letter 8 is issued in it if attendance remains a concern.",
          rules: [
            { id: "fast-track-3", on: "sapMeetingHeld", to: "formalise.fastTrack3", when: { attendance: { below: "$letter1Below" } }, actions: [{ letter: "letter-8", title: "Letter 8: Fast Track 3, penalty notice warning" }], reason: "Attendance remains a concern at the Fast Track meeting: penalty notice warning", seed: "Letter 8 is issued to the parent/carer in this meeting if attendance remains a concern." },
            { id: "fast-track-2-improved", on: "sapMeetingHeld", to: "formalise.fastTrack1", reason: "Attendance no longer a concern at the meeting: monitoring continues", seed: "AL to track student attendance every 20 school days on the attendance tracker" },
          ],
        },
        fastTrack3: {
          description: "Fast Track 3: parents warned of a penalty notice.",
          rules: [
            { id: "fast-track-penalty-notice", on: "schoolDayClosed", to: "enforce.penaltyNoticeRequested", when: { all: [{ schoolDaysInState: { atLeast: "$fastTrackReviewSchoolDays" } }, { improvementSinceEntry: { atMost: 0 } }] }, actions: [{ task: "penalty-notice", title: "Request a fixed penalty notice (AL)" }], reason: "No improvement after the penalty notice warning", seed: "letter 8- Fast Track 3 - Informing parents they are at risk of a penalty notice if attendance does not improve. = Fixed penalty notice requested (AL). | Fast Track o AL to track student attendance every 20 school days on the attendance tracker", choice: "The strategy does not say how long after Letter 8 attendance is judged; Rollcall uses its Fast Track tracking cycle, every $fastTrackReviewSchoolDays school days." },
            { id: "fast-track-3-improved", on: "schoolDayClosed", to: "monitor.steppedDown", when: { all: [{ schoolDaysInState: { atLeast: "$fastTrackReviewSchoolDays" } }, { attendance: { atLeast: "$recoveredAtLeast" } }] }, reason: "Attendance improved after the warning", seed: "AL to administer letters in line with the student's attendance progress" },
          ],
        },
        caseWork: {
          description: "Case work with the Bradford Attendance Officer (complex needs, below 80%).",
          seed: "5e. Case work — allocation of 3 key families for Bradford Attendance Officer with more complex needs/barriers",
          rules: [
            fastTrackFrom("case-work", "case work"),
            { id: "case-work-legal", on: "schoolDayClosed", to: "enforce.legalIntervention", when: { all: [{ schoolDaysInState: { atLeast: "$fastTrackReviewSchoolDays" } }, { attendance: { below: "$caseWorkBelow" } }, { improvementSinceEntry: { atMost: 0 } }] }, actions: [{ task: "legal-referral", title: "Complete the legal intervention paperwork with the BAO" }], reason: "No improvement under case work", seed: "Complete the necessary paperwork (legal intervention)" },
            { id: "case-work-improved", on: "schoolDayClosed", to: "monitor.steppedDown", when: { attendance: { atLeast: "$recoveredAtLeast" } }, reason: "Attendance recovered under case work", seed: "Communicate with parent/carer e.g. progress or concern" },
            {
              id: "case-work-ended",
              on: "schoolDayClosed",
              to: "listen.letter1Monitoring",
              when: { all: [{ schoolDaysInState: { atLeast: "$fastTrackReviewSchoolDays" } }, { attendance: { atLeast: "$sapBelow" } }] },
              reason: "Attendance no longer below 90% at a case-work review: back to the letters' two-week monitoring",
              seed: "Case work will be conducted by BAO with students when their attendance is below 80%",
              choice: "The strategy does not say when case work ends. At a review with attendance at or above $sapBelow% (out of the SAP band too) the pupil leaves case work for Letter 1's two-week monitoring, without a new letter; between 80% and 90% case work continues.",
            },
            {
              id: "case-work-continues",
              on: "schoolDayClosed",
              to: "formalise.caseWork",
              when: { schoolDaysInState: { atLeast: "$fastTrackReviewSchoolDays" } },
              actions: [{ task: "review", title: "Case work progress (BAO/AL): communicate progress or concern to the parent/carer; log it on CPOMS" }],
              reason: "Case work continues: attendance improving, or no longer below 80% but not yet back at target",
              seed: "Monitor the attendance, ensuring all communication is logged clearly on CPOMS. = Communicate with parent/carer e.g. progress or concern",
              choice: "Every $fastTrackReviewSchoolDays school days a case-work pupil who is neither recovered nor below $caseWorkBelow% without improvement (that is legal intervention) stays in case work, and the next period is measured from here; this covers pupils at 80-95% on case work, whom the strategy does not mention.",
            },
          ],
        },
      },
    },
    enforce: {
      description: "Tier 6 – fixed penalty notices and legal intervention when all other strategies have failed.",
      seed: "6. Enforce — AL to submit fixed penalty notices and legal intervention requests when all other strategies have failed.",
      initial: "penaltyNoticeRequested",
      states: {
        penaltyNoticeRequested: { description: "Fixed penalty notice requested from the local authority.", seed: "Fixed penalty notice requested (AL)." },
        legalIntervention: { description: "Legal intervention request submitted; AL/BAO monitor the proceedings.", seed: "AL/BAO will be responsible for the monitoring of the legal proceedings with the support from the Bradford Attendance Team." },
      },
      rules: [
        { id: "enforce-recovered", on: "schoolDayClosed", to: "monitor.steppedDown", when: { all: [{ attendance: { atLeast: "$recoveredAtLeast" } }, { schoolDaysInState: { atLeast: "$fastTrackReviewSchoolDays" } }] }, reason: "Attendance recovered during enforcement", seed: "AO/BAO to monitor progress of submissions" },
      ],
    },
  },
  anywhere: [
    {
      id: "fast-track",
      on: "schoolDayClosed",
      in: ["expect", "monitor", "listen", "facilitate"],
      to: "formalise.fastTrack1",
      when: { unauthorisedSessions: { atLeast: "$fastTrackSessions", inSchoolWeeks: "$fastTrackWeeks" } },
      actions: [{ letter: "letter-6", title: "Letter 6: Fast Track 1, 12-week monitoring" }],
      reason: "10 unauthorised absences in 12 weeks: Fast Track",
      seed: "5d. Fast Track — Students with 10 unauthorised absences within a 12-week period will be placed on the Fast Track initiative",
    },
    {
      id: "case-work",
      on: "schoolDayClosed",
      in: ["listen", "facilitate"],
      to: "formalise.caseWork",
      when: { attendance: { below: "$caseWorkBelow" } },
      actions: [{ task: "referral", title: "Allocate to Bradford Attendance Officer case work (the BAO takes 3 key families at a time: AL to choose)" }, { task: "meeting", title: "Student Attendance Panel meeting (BAO/AL): expectations and targets", dueInSchoolDays: 10 }],
      reason: "Attendance below 80%: case work",
      seed: "Case work will be conducted by BAO with students when their attendance is below 80%",
      choice: "The strategy targets PP/SEND pupils for case work and allocates 3 key families at a time to the BAO. Rollcall cannot see the BAO's caseload across pupils: it raises the allocation task for every pupil below 80%, and choosing the three families (and keeping the cap) is the AL's, human-only.",
    },
  ],
  daily: [
    { id: "home-visit-unauthorised", when: { consecutiveUnauthorisedDays: { reaches: 3 } }, actions: [{ task: "home-visit", title: "Home visit: 3 consecutive days of unauthorised absence" }], reason: "Trigger for a home visit", seed: "Trigger for home visits: 3 consecutive days of unauthorised absence" },
    { id: "home-visit-no-medical-proof", choice: "Medical evidence answers the absence up to the day it is received: the count of days without proof restarts then, and five further days of absence without fresh proof raise the visit.", when: { continuousAbsenceWithoutMedicalEvidence: { reaches: 5 } }, actions: [{ task: "home-visit", title: "Home visit: 5 days continuous absence without medical proof" }], reason: "Trigger for a home visit", seed: "Trigger for home visits: 5 days continuous absence without medical proof" },
    {
      id: "home-visit-cp-cin",
      when: { all: [{ any: [{ flag: "socialWorker" }, { flag: "lookedAfter" }] }, { continuousAbsenceWithoutMedicalEvidence: { atLeast: 1 } }] },
      actions: [{ task: "home-visit", title: "Home visit cycle (CP/CIN/looked after): include on the next visit (Monday, Wednesday/Thursday) while absent" }],
      reason: "Children we need to know are visited on each home-visit cycle while they are absent",
      seed: "Visit on each home visit cycle for children CP/CIN/ vulnerable (students we need to know)",
      choice: "The cycle's days (Monday, Wednesday/Thursday) are the AL/AA's rota, not in the register: Rollcall raises the visit on every school day a pupil with a social worker or a looked-after pupil is absent without medical proof, for the next visit of the cycle. 'Vulnerable (students we need to know)' has no flag in the register: the AL adds them (human-only; record the visit with homeVisitMade).",
    },
    {
      id: "case-work-progress",
      in: ["formalise.caseWork"],
      when: { schoolDaysInState: { reaches: "$caseWorkReviewSchoolDays" } },
      actions: [{ task: "review", title: "Case work progress (BAO/AL) at the two-weekly attendance meeting: communicate progress or concern to the parent/carer" }],
      reason: "Case work progress discussed every two weeks",
      seed: "Case work o AL/BAO to discuss progress in attendance meeting every two weeks",
      choice: "Midway through each $fastTrackReviewSchoolDays-day case-work period (the other review is the period's end, case-work-continues), so progress is discussed every two weeks.",
    },
    {
      id: "half-termly-100-award",
      when: { all: [{ calendar: "endOfHalfTerm" }, { periodAttendance: { period: "halfTerm", atLeast: 100 } }] },
      actions: [{ letter: "award-100", title: "100% attendance award" }],
      reason: "100% attendance this half term: award",
      seed: "Weekly Achievement Assembly o Half termly screen of 100% awards on Arbor (AL) | Arbor checks for 100% awards o Half termly check",
      choice: "The half-termly screen of 100% awards is read as every possible session of the half term attended, judged on its last school day, for every pupil whatever their stage; the award is a letter home so it is in the pupil's record.",
    },
    {
      id: "half-termly-praise",
      when: {
        all: [
          { calendar: "endOfHalfTerm" },
          { attendanceGain: { atLeast: "$praiseGainPoints", overSchoolWeeks: 6 } },
          { periodAttendance: { period: "halfTerm", below: 100 } },
        ],
      },
      actions: [{ letter: "half-term-praise", title: "Half-termly praise: attendance improving" }],
      reason: "Attendance improved over the half term: praise home",
      seed: "1c. Regular communications with parents o Half termly communications with parents (praise and/or concern)",
      choice: "Praise for a rise of $praiseGainPoints point(s) in the year's attendance over the half term; a pupil with 100% gets the award instead. The concern half of the communication is the letters of the ladder.",
    },
  ],
} satisfies PolicyInput;
