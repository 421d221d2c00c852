import type { PolicyInput } from "../policy/schema.ts";

/**
 * St Stephen's (Kearsley Moor) Primary School, Attendance Policy (`shared/seeds/002_…txt`).
 * Stage 1 cause for concern (contact, barriers, support, Early Help) → Stage 2 attendance meeting (letter, no
 * further authorisation without medical evidence, personalised plan with targets and a review period) →
 * Stage 3 referral to the Education Welfare Service, which leads either to a formal warning and an Education
 * Penalty Notice, or to a Parent Contract and, failing that, prosecution. Termly traffic-light reporting.
 *
 * The policy gives no percentages: every threshold below is a parameter with the choice written beside it.
 *
 * Mapping onto the six DfE stages:
 * - Expect: every pupil; "set high expectations for every pupil's attendance".
 * - Monitor: a case that has come back down, watched before it returns to Expect.
 * - Listen and understand: Stage 1 contact with parents to ask about reasons and barriers.
 * - Facilitate support: Stage 1 support offered / Early Help, and Stage 2 (the School Attendance Meeting and
 *   the personalised plan, which is support the school agrees with the family).
 * - Formalise support: Stage 3, the enforcement referral to the EWS, the formal warning, the Parent Contract.
 * - Enforce: the Education Penalty Notice, and prosecution considered by the local authority.
 *
 * "If a pupil has a Social Worker, we will advise them of any unexplained absences" (Stage 2) is the statutory
 * social-worker baseline the compiler adds to every policy (a same-day notification task on N or O), so it is
 * not repeated here; nor are first-day calls or penalty-notice consideration at the national threshold.
 */

const STAGE_1_ACTIONS = [
  { letter: "stage-1", title: "Stage 1: cause for concern" },
  { task: "meeting" as const, title: "Contact parents: ask about the reasons for absence, identify barriers, discuss and offer support", dueInSchoolDays: 5 },
  { task: "review" as const, title: "Share information among staff: SEND, medical needs, issues with peers" },
];

const STAGE_2_ACTIONS = [
  { letter: "stage-2", title: "Stage 2: attendance concern and invitation to a School Attendance Meeting" },
  { task: "meeting" as const, title: "School Attendance Meeting with the pastoral manager: barriers, personalised plan with targets, review period", dueInSchoolDays: 10 },
  { task: "review" as const, title: "Offer early help again if the parent refused it; if the pupil is in Targeted Early Help or Child Protection, work with the lead professional" },
];

const STAGE_3_ACTIONS = [
  { task: "legal-referral" as const, title: "Consider a school attendance enforcement referral to the Education Welfare Service" },
];

const STAGE_1_SEED = "Where attendance has been identified as a concern, we will contact parents to ask about the reasons for absence, try to identify any barriers to attendance and to discuss/offer support where appropriate.";
const STAGE_2_SEED = "Where attendance has not improved despite the support offered at Stage 1, or where there are concerns about the level of engagement from parents, we will proceed to Stage 2.";
const STAGE_3_SEED = "If attendance hasn't improved despite the support offered at Stage 1 and Stage 2, or where there has been insufficient engagement from parents, we will consider making a school attendance enforcement referral to the local authority's Education Welfare Service.";
const STEP_DOWN_CHOICE = "The policy does not say when a case steps down; at a review, attendance a point above the cause-for-concern line ($recoveredAtLeast%) ends the stage and the case is watched in Monitor.";
const STAGE_1_WHEN = {
  any: [
    { all: [{ calendar: "endOfHalfTerm" as const }, { attendance: { below: "$concernBelow" } }] },
    { all: [{ calendar: "endOfSchoolWeek" as const }, { possibleSessions: { atLeast: "$urgentConcernFromSessions" } }, { attendance: { below: "$urgentConcernBelow" } }] },
  ],
};
const STAGE_1_CHOICE = "Identified as a concern: the year's attendance below $concernBelow% at the end of a half term, or below $urgentConcernBelow% at the end of any school week once the pupil has $urgentConcernFromSessions possible sessions.";

export const stStephens = {
  id: "st-stephens",
  name: "St Stephen's (Kearsley Moor) Primary: attendance policy",
  version: 1,
  source: { school: "St Stephen's (Kearsley Moor) Primary School", document: "Attendance Policy", file: "002_4cb5ff1e47bb60d4.txt" },
  description:
    "Stage 1 cause for concern, Stage 2 attendance meeting with a personalised plan, Stage 3 referral to the Education Welfare Service (formal warning and penalty notice, or Parent Contract and prosecution). The policy gives no percentages; thresholds are parameters. Traffic-light bands (termly reporting): green 95% and above, amber 90% to 94.9%, red below 90% (persistent absence).",
  // The policy does not say when percentages start to count; Rollcall waits for two school weeks (20 possible
  // sessions) so that one day's absence in the first week of September (50%) does not start Stage 1.
  minimumPossibleSessions: 20,
  parameters: {
    concernBelow: {
      value: 92,
      description: "The year's attendance below which, at the end of a half term, attendance is identified as a concern (Stage 1)",
      seed: "STAGE 1 – CAUSE FOR CONCERN Where attendance has been identified as a concern",
      choice: "The policy gives no figure and no cadence. Rollcall judges the year's attendance at the end of each half term, when the school reviews its data, against 92% (inside the amber light, two points above persistent absence). Judged every day against 95%, 31 of the example school's 40 pupils reached Stage 1; this way 11 do, close to the 7 persistently absent at the year's end.",
    },
    urgentConcernBelow: {
      value: 85,
      description: "The year's attendance below which, at the end of any school week, attendance is a concern without waiting for the half term",
      seed: "Raising any issues or concerns affecting attendance with school staff at the earliest opportunity.",
      choice: "Not in the policy: a fall this steep is not left until the half term's review; checked weekly once the pupil has $urgentConcernFromSessions possible sessions.",
    },
    urgentConcernFromSessions: {
      value: 40,
      description: "Possible sessions (four school weeks) before the weekly check against $urgentConcernBelow% applies",
      choice: "Not in the policy: a week's illness in September is not a cause for concern on its own.",
    },
    recoveredAtLeast: {
      value: 93,
      description: "Attendance at or above which a stage ends at its review and the case steps down to Monitor: the cause-for-concern line plus a one-point margin",
      choice: "Not in the policy. One point above the cause-for-concern line ($concernBelow% + 1), so a case steps down only when attendance is clearly no longer a concern and a pupil hovering at the line does not go back to Stage 1 on the next wobble.",
    },
    stage1ReviewSchoolDays: {
      value: 20,
      description: "School days of Stage 1 contact or support before it is judged whether attendance has improved",
      seed: "Where attendance has not improved despite the support offered at Stage 1",
      choice: "The policy sets no period for Stage 1; four school weeks, long enough for support to show, short enough to act within a half term.",
    },
    steppedDownSchoolDays: {
      value: 30,
      description: "School days in Monitor at or above the line before the case returns to Expect",
      choice: "Not in the policy; about six school weeks (half a term) of sustained attendance.",
    },
    formalWarningSchoolDays: {
      value: 15,
      description: "The 'specified period' of the formal warning (school days)",
      seed: "A formal warning being issued, leading to an Education Penalty Notice (fine) if there are further unauthorised absences within a specified period",
      choice: "The period is the local authority's; 15 school days (three school weeks) is the shortest improvement period of a notice to improve in the national framework (3 to 6 weeks).",
    },
    furtherUnauthorisedSessions: {
      value: 1,
      description: "Unauthorised sessions after the formal warning, within its period, that lead to a penalty notice request",
      seed: "if there are further unauthorised absences within a specified period",
      choice: "'Further unauthorised absences' read as any further unauthorised session (G, N, O or U) after the warning.",
    },
    enforceReviewSchoolDays: {
      value: 30,
      description: "School days in Enforce, with attendance back at the line, before the case steps down",
      choice: "Not in the policy; about six school weeks after the penalty notice or prosecution decision.",
    },
    medicalPlanIllnessDays: {
      value: 3,
      description: "Days of an illness spell at Stage 1 or 2 at which a medical action plan is considered",
      seed: "Where medical issues are advised as the reason for absence, we may consider the use of a medical action plan and school nurse sessions",
      choice: "The register shows illness (I), not what parents advised; a spell of three school days is taken as medical issues given as the reason.",
    },
  },
  // Traffic lights for the termly report. The policy names the system but not its colours' limits: green at or
  // above the cause-for-concern line, amber between it and the persistent-absence line, red below that.
  bands: [
    { id: "green", label: "Green: 95% and above", colour: "#2e7d32", min: 95, max: 100, seed: "Report termly attendance through our Traffic Light system." },
    { id: "amber", label: "Amber: 90% to 94.9% (cause for concern)", colour: "#f9a825", min: 90, max: 94.99, seed: "Report termly attendance through our Traffic Light system." },
    { id: "red", label: "Red: below 90% (persistent absence)", colour: "#c62828", min: 0, max: 89.99, seed: "Report termly attendance through our Traffic Light system." },
  ],
  letters: [
    {
      id: "termly-report",
      kind: "information",
      title: "Termly attendance report (traffic light)",
      body: "Dear {{parent.name}},\n\n{{pupil.forename}}'s attendance this school year is {{attendancePct}}%. Our traffic lights: green is 95% and above; amber, 90% to 94.9%, is a cause for concern; red, below 90%, is persistent absence. Thank you for helping {{pupil.forename}} to attend every day.",
    },
    {
      id: "praise",
      kind: "recognition",
      title: "Well done: a full week in school",
      body: "Dear {{parent.name}},\n\n{{pupil.forename}} was in school every day this week. Thank you, and well done: small successes like this add up, and we are proud of {{pupil.forename}}.",
    },
    {
      id: "stage-1",
      kind: "concern",
      title: "Stage 1: cause for concern",
      body: "Dear {{parent.name}},\n\n{{pupil.forename}}'s attendance is {{attendancePct}}%, which is a cause for concern. We would like to talk with you about the reasons for {{pupil.forename}}'s absences, any barriers to attending school, and the support we can offer. Please contact {{school.name}} so that we can arrange this.",
    },
    {
      id: "stage-2",
      kind: "concern",
      title: "Stage 2: attendance meeting",
      body: "Dear {{parent.name}},\n\nDespite the support offered, we remain concerned about {{pupil.forename}}'s attendance, which is {{attendancePct}}%. From now on, any further absences will not be authorised unless adequate medical evidence is provided. Please come to a School Attendance Meeting with our pastoral manager, where we will agree a personalised plan with actions, targets and a review date.",
    },
  ],
  stages: {
    expect: {
      description: "High expectations for every pupil's attendance and punctuality, communicated to parents and pupils.",
      seed: "Promote the importance of good attendance and set high expectations for every pupil's attendance and punctuality at school.",
      rules: [
        {
          id: "stage-1-cause-for-concern",
          on: "schoolDayClosed",
          to: "listen.causeForConcern",
          when: STAGE_1_WHEN,
          actions: STAGE_1_ACTIONS,
          reason: "Attendance identified as a concern: Stage 1",
          seed: STAGE_1_SEED,
          choice: STAGE_1_CHOICE,
        },
      ],
    },
    monitor: {
      description: "Attendance back at the line after support; watched before the case returns to Expect.",
      seed: "Analyse attendance information to identify patterns and trends and use this analysis to target our actions for individual pupils",
      initial: "steppedDown",
      states: {
        steppedDown: {
          description: "Stepped down after support; attendance is watched.",
          rules: [
            {
              id: "monitor-back-to-expect",
              on: "schoolDayClosed",
              to: "expect",
              when: { all: [{ schoolDaysInState: { atLeast: "$steppedDownSchoolDays" } }, { attendance: { atLeast: "$recoveredAtLeast" } }] },
              reason: "Attendance sustained at the expected level",
              seed: "Praising and rewarding good attendance, even small successes",
              choice: "The policy does not say when a case closes; after $steppedDownSchoolDays school days at or above the line it returns to Expect.",
            },
            {
              id: "monitor-cause-for-concern-again",
              on: "schoolDayClosed",
              to: "listen.causeForConcern",
              when: STAGE_1_WHEN,
              actions: STAGE_1_ACTIONS,
              reason: "Attendance a concern again: Stage 1",
              seed: STAGE_1_SEED,
              choice: STAGE_1_CHOICE,
            },
          ],
        },
      },
    },
    listen: {
      description: "Stage 1 – cause for concern: contact with parents to understand the reasons and barriers.",
      seed: "STAGE 1 – CAUSE FOR CONCERN",
      initial: "causeForConcern",
      states: {
        causeForConcern: {
          description: "Parents contacted (letter, telephone, email, text, meeting or home visit); barriers explored.",
          seed: "Contact may be made by letter, telephone, email, text message or through face-to-face conversations, meetings in school or home visits.",
          rules: [
            {
              id: "stage-1-support-offered",
              on: "supportOffered",
              to: "facilitate.stage1Support",
              reason: "Support offered at Stage 1",
              seed: "We will attempt to resolve any issues which arise from these conversations and offer support/advice.",
            },
            {
              id: "stage-1-early-help",
              on: "referralMade",
              to: "facilitate.earlyHelp",
              reason: "Family's needs go beyond what the school can offer: early help",
              seed: "Where there are early indications that a family's support needs may go beyond what the school can offer, we will offer early help through completion of an Early Help Assessment (EHA), a referral to the Team Around the School (TAS) or to specific services which may be able to offer support.",
            },
            {
              id: "stage-2-support-declined",
              on: "supportDeclined",
              to: "facilitate.stage2Invited",
              actions: STAGE_2_ACTIONS,
              reason: "Concerns about the level of engagement from parents: Stage 2",
              seed: STAGE_2_SEED,
              choice: "A parent declining the support offered at Stage 1 is recorded as a concern about engagement.",
            },
            {
              id: "stage-1-contact-recovered",
              on: "schoolDayClosed",
              to: "monitor.steppedDown",
              when: { all: [{ schoolDaysInState: { atLeast: "$stage1ReviewSchoolDays" } }, { attendance: { atLeast: "$recoveredAtLeast" } }] },
              reason: "Attendance no longer a concern after Stage 1",
              seed: STAGE_1_SEED,
              choice: STEP_DOWN_CHOICE,
            },
            {
              id: "stage-2-meeting-not-attended",
              on: "parentDidNotAttend",
              to: "facilitate.stage2Invited",
              actions: STAGE_2_ACTIONS,
              reason: "Parents did not come to the Stage 1 contact meeting: concerns about engagement, Stage 2",
              seed: STAGE_2_SEED,
              choice: "Parents not attending the Stage 1 meeting is recorded as a concern about the level of engagement.",
            },
            {
              id: "stage-1-support-not-recorded",
              on: "schoolDayClosed",
              to: "listen.causeForConcern",
              when: { all: [{ schoolDaysInState: { atLeast: "$stage1ReviewSchoolDays" } }, { improvementSinceEntry: { atMost: 0 } }] },
              actions: [{ task: "review", title: "Attendance has not improved since Stage 1 began and no support is recorded: record the support offered (or declined, or the meeting parents missed) to move to Stage 2", dueInSchoolDays: 5 }],
              reason: "Attendance has not improved at Stage 1, but no support is recorded yet: Stage 2 waits for it",
              seed: STAGE_2_SEED,
              choice: "Stage 2 is for attendance that has not improved despite the support offered at Stage 1, or for concerns about engagement; a timer alone is neither. Until a person records the support offered (supportOffered or referralMade) or the engagement concern (supportDeclined, parentDidNotAttend), Stage 1 continues with a task to the lead.",
            },
            {
              id: "stage-1-contact-continues",
              on: "schoolDayClosed",
              to: "listen.causeForConcern",
              when: { schoolDaysInState: { atLeast: "$stage1ReviewSchoolDays" } },
              reason: "Attendance improving but still a concern: Stage 1 continues",
              seed: STAGE_1_SEED,
              choice: "The policy does not say what follows improvement short of the line; Stage 1 continues for another period.",
            },
          ],
        },
      },
    },
    facilitate: {
      description: "Stage 1 support and Early Help; Stage 2 attendance meeting and personalised plan.",
      seed: "Offer support and make reasonable adjustments where needed to overcome barriers to attendance.",
      initial: "stage1Support",
      states: {
        stage1Support: {
          description: "Stage 1 support: key adult, signposting, medical action plan, school nurse, reasonable adjustments.",
          seed: "Where mental health/anxiety about school are identified as the reason for absence, we will offer support, which may include: 1. Arranging for a key adult to provide a point of support in school",
          rules: [
            {
              id: "stage-1-support-early-help",
              on: "referralMade",
              to: "facilitate.earlyHelp",
              reason: "Family's needs go beyond what the school can offer: early help",
              seed: "we will offer early help through completion of an Early Help Assessment (EHA), a referral to the Team Around the School (TAS) or to specific services",
            },
            {
              id: "stage-2-support-refused",
              on: "supportDeclined",
              to: "facilitate.stage2Invited",
              actions: STAGE_2_ACTIONS,
              reason: "Concerns about the level of engagement from parents: Stage 2",
              seed: STAGE_2_SEED,
            },
            {
              id: "stage-1-support-recovered",
              on: "schoolDayClosed",
              to: "monitor.steppedDown",
              when: { all: [{ schoolDaysInState: { atLeast: "$stage1ReviewSchoolDays" } }, { attendance: { atLeast: "$recoveredAtLeast" } }] },
              reason: "Stage 1 support has worked",
              seed: "We will attempt to resolve any issues which arise from these conversations and offer support/advice.",
              choice: STEP_DOWN_CHOICE,
            },
            {
              id: "stage-2-no-improvement",
              on: "schoolDayClosed",
              to: "facilitate.stage2Invited",
              when: { all: [{ schoolDaysInState: { atLeast: "$stage1ReviewSchoolDays" } }, { improvementSinceEntry: { atMost: 0 } }] },
              actions: STAGE_2_ACTIONS,
              reason: "Attendance has not improved despite the support offered at Stage 1: Stage 2",
              seed: STAGE_2_SEED,
              choice: "'Not improved' is attendance no higher than when the support was offered, judged after $stage1ReviewSchoolDays school days.",
            },
            {
              id: "stage-1-support-continues",
              on: "schoolDayClosed",
              to: "facilitate.stage1Support",
              when: { schoolDaysInState: { atLeast: "$stage1ReviewSchoolDays" } },
              reason: "Attendance improving but still a concern: Stage 1 support continues",
              seed: "We will attempt to resolve any issues which arise from these conversations and offer support/advice.",
              choice: "The policy does not say what follows improvement short of the line; support continues for another period.",
            },
          ],
        },
        earlyHelp: {
          description: "Early Help Assessment, Team Around the School or specific services; the school works with the lead professional.",
          seed: "If there is already an Early Help Assessment or other family assessment in place, we will work with the lead professional to ensure attendance issues are addressed through the child or family's plan and will carry out any school-related actions.",
          rules: [
            {
              id: "early-help-declined",
              on: "supportDeclined",
              to: "facilitate.stage2Invited",
              actions: STAGE_2_ACTIONS,
              reason: "Early help refused: Stage 2 (early help will be offered again)",
              seed: "Early help support will be offered if previously refused by the parent.",
            },
            {
              id: "early-help-recovered",
              on: "schoolDayClosed",
              to: "monitor.steppedDown",
              when: { all: [{ schoolDaysInState: { atLeast: "$stage1ReviewSchoolDays" } }, { attendance: { atLeast: "$recoveredAtLeast" } }] },
              reason: "Attendance no longer a concern with early help in place",
              seed: "we will work with the lead professional to ensure attendance issues are addressed through the child or family's plan",
              choice: STEP_DOWN_CHOICE,
            },
            {
              id: "stage-2-early-help-no-improvement",
              on: "schoolDayClosed",
              to: "facilitate.stage2Invited",
              when: { all: [{ schoolDaysInState: { atLeast: "$stage1ReviewSchoolDays" } }, { improvementSinceEntry: { atMost: 0 } }] },
              actions: STAGE_2_ACTIONS,
              reason: "Attendance has not improved despite early help at Stage 1: Stage 2",
              seed: STAGE_2_SEED,
            },
            {
              id: "early-help-continues",
              on: "schoolDayClosed",
              to: "facilitate.earlyHelp",
              when: { schoolDaysInState: { atLeast: "$stage1ReviewSchoolDays" } },
              reason: "Attendance improving with early help: it continues",
              seed: "we will work with the lead professional to ensure attendance issues are addressed through the child or family's plan",
            },
          ],
        },
        stage2Invited: {
          description: "Stage 2 letter sent (no further authorisation without medical evidence); School Attendance Meeting with the pastoral manager to be held.",
          seed: "Parents will be sent a letter outlining concerns about attendance and advising that any further absences will not be authorised unless adequate medical evidence is provided. Parents will also be invited to a School Attendance Meeting with school's pastoral manager.",
          rules: [
            {
              id: "stage-2-meeting-held",
              on: "sapMeetingHeld",
              to: "facilitate.stage2Plan",
              reason: "School Attendance Meeting held: personalised plan and review period agreed",
              seed: "Discussion at the meeting will focus on the barriers to attendance and a clear, personalised plan with actions and targets to increase attendance at school will be agreed. A review period will also be agreed.",
              choice: "The meeting is recorded as a School Attendance Panel meeting (sapMeetingHeld) with its targets and the agreed review date.",
            },
            {
              id: "stage-3-meeting-not-attended",
              on: "parentDidNotAttend",
              to: "formalise.referralConsidered",
              actions: STAGE_3_ACTIONS,
              reason: "Parents did not attend the School Attendance Meeting: insufficient engagement, Stage 3 considered",
              seed: STAGE_3_SEED,
              choice: "Not attending the School Attendance Meeting is taken as insufficient engagement; Stage 3 starts with the school considering the referral, not making it.",
            },
          ],
        },
        stage2Plan: {
          description: "Personalised plan with actions and targets; attendance monitored and parents contacted about absences until the agreed review date.",
          seed: "We will continue to monitor attendance and contact parents to discuss any absences and the progress of the agreed action plan.",
          rules: [
            {
              id: "stage-2-plan-recovered",
              on: "schoolDayClosed",
              to: "monitor.steppedDown",
              when: { all: [{ reviewDate: "reached" }, { attendance: { atLeast: "$recoveredAtLeast" } }] },
              reason: "Plan reviewed: attendance no longer a concern",
              seed: "A review period will also be agreed.",
              choice: STEP_DOWN_CHOICE,
            },
            {
              id: "stage-3-no-improvement",
              on: "schoolDayClosed",
              to: "formalise.referralConsidered",
              when: { all: [{ reviewDate: "reached" }, { improvementSinceEntry: { atMost: 0 } }] },
              actions: STAGE_3_ACTIONS,
              reason: "Attendance has not improved despite the support offered at Stage 1 and Stage 2: Stage 3 considered",
              seed: STAGE_3_SEED,
              choice: "Judged on the review date agreed at the meeting: attendance no higher than on the day of the meeting.",
            },
            {
              id: "stage-2-plan-reviewed",
              on: "schoolDayClosed",
              to: "facilitate.stage2Review",
              when: { reviewDate: "reached" },
              actions: [{ task: "meeting", title: "Review the personalised plan with parents and agree the next review period", dueInSchoolDays: 5 }],
              reason: "Review date reached, attendance improving: the plan is reviewed",
              seed: "We will continue to monitor attendance and contact parents to discuss any absences and the progress of the agreed action plan.",
              choice: "Improvement short of the line keeps the case at Stage 2; a review meeting agrees the next review period.",
            },
            {
              id: "stage-3-plan-not-engaged",
              on: "parentDidNotAttend",
              to: "formalise.referralConsidered",
              actions: STAGE_3_ACTIONS,
              reason: "Insufficient engagement from parents: Stage 3 considered",
              seed: STAGE_3_SEED,
            },
            {
              id: "stage-3-plan-declined",
              on: "supportDeclined",
              to: "formalise.referralConsidered",
              actions: STAGE_3_ACTIONS,
              reason: "Support declined at Stage 2: insufficient engagement, Stage 3 considered",
              seed: STAGE_3_SEED,
            },
          ],
        },
        stage2Review: {
          description: "Review date reached with attendance improving but still a concern; the plan is reviewed with parents.",
          seed: "A review period will also be agreed.",
          rules: [
            {
              id: "stage-2-plan-renewed",
              on: "sapMeetingHeld",
              to: "facilitate.stage2Plan",
              reason: "Plan reviewed with parents: next review period agreed",
              seed: "A review period will also be agreed.",
            },
            {
              id: "stage-3-review-not-attended",
              on: "parentDidNotAttend",
              to: "formalise.referralConsidered",
              actions: STAGE_3_ACTIONS,
              reason: "Parents did not attend the plan review: insufficient engagement, Stage 3 considered",
              seed: STAGE_3_SEED,
            },
            {
              id: "stage-2-review-recovered",
              on: "schoolDayClosed",
              to: "monitor.steppedDown",
              when: { attendance: { atLeast: "$recoveredAtLeast" } },
              reason: "Attendance no longer a concern",
              seed: "A review period will also be agreed.",
              choice: STEP_DOWN_CHOICE,
            },
          ],
        },
      },
    },
    formalise: {
      description: "Stage 3 – referral to the Education Welfare Service: formal warning, or assessment and Parent Contract.",
      seed: "STAGE 3 - REFERRAL",
      initial: "referralConsidered",
      states: {
        referralConsidered: {
          description: "The school considers a school attendance enforcement referral to the EWS.",
          seed: STAGE_3_SEED,
          rules: [
            {
              id: "ews-referral-made",
              on: "referralMade",
              to: "formalise.ewsReferred",
              reason: "School attendance enforcement referral made to the Education Welfare Service",
              seed: "we will consider making a school attendance enforcement referral to the local authority's Education Welfare Service.",
            },
            {
              id: "stage-3-not-referred",
              on: "sapMeetingHeld",
              to: "facilitate.stage2Plan",
              reason: "The school decides not to refer yet: a further plan is agreed at a meeting",
              seed: "Emphasis is placed on trying to understand barriers to attendance and put appropriate support in place, with Stage 3 processes only being used where voluntary support has not been effective and/or has not been engaged.",
              choice: "The referral is considered, not automatic; a further School Attendance Meeting returns the case to a Stage 2 plan.",
            },
            {
              id: "referral-considered-recovered",
              on: "schoolDayClosed",
              to: "monitor.steppedDown",
              when: { attendance: { atLeast: "$recoveredAtLeast" } },
              reason: "Attendance no longer a concern: no referral",
              seed: "Stage 3 processes only being used where voluntary support has not been effective",
              choice: STEP_DOWN_CHOICE,
            },
          ],
        },
        ewsReferred: {
          description: "Referral with the EWS: it may lead to a formal warning, or to an assessment and a Parent Contract.",
          seed: "If the referral is accepted, it may lead to:",
          rules: [
            {
              id: "formal-warning",
              on: "noticeToImproveIssued",
              to: "formalise.formalWarning",
              reason: "Formal warning issued: further unauthorised absences within the period lead to an Education Penalty Notice",
              seed: "1. A formal warning being issued, leading to an Education Penalty Notice (fine) if there are further unauthorised absences within a specified period",
              choice: "The formal warning is recorded as a notice to improve (noticeToImproveIssued), its national equivalent; its period is $formalWarningSchoolDays school days.",
            },
            {
              id: "parent-contract",
              on: "contractSigned",
              to: "formalise.parentContract",
              reason: "Formal Parent Contract agreed with the Education Welfare Officer",
              seed: "2. An assessment leading to a formal Parent Contract process led by an Education Welfare Officer from the local authority's Education Welfare Service. This will involve a series of meetings and an agreed action plan relating to attendance concerns.",
            },
            {
              id: "ews-referred-recovered",
              on: "schoolDayClosed",
              to: "monitor.steppedDown",
              when: { attendance: { atLeast: "$recoveredAtLeast" } },
              reason: "Attendance no longer a concern",
              seed: "Stage 3 processes only being used where voluntary support has not been effective",
              choice: STEP_DOWN_CHOICE,
            },
          ],
        },
        formalWarning: {
          description: "Formal warning issued; a specified period in which any further unauthorised absence leads to a penalty notice.",
          seed: "A formal warning being issued, leading to an Education Penalty Notice (fine) if there are further unauthorised absences within a specified period",
          rules: [
            {
              id: "education-penalty-notice",
              on: "schoolDayClosed",
              to: "enforce.penaltyNoticeRequested",
              when: {
                all: [
                  { schoolDaysInState: { atMost: "$formalWarningSchoolDays" } },
                  { unauthorisedSessionsSinceEntry: { atLeast: "$furtherUnauthorisedSessions" } },
                ],
              },
              actions: [{ task: "penalty-notice", title: "Further unauthorised absence after the formal warning: request an Education Penalty Notice from the EWS" }],
              reason: "Further unauthorised absence within the warning period: Education Penalty Notice",
              seed: "leading to an Education Penalty Notice (fine) if there are further unauthorised absences within a specified period",
            },
            {
              id: "formal-warning-complete-recovered",
              on: "schoolDayClosed",
              to: "monitor.steppedDown",
              when: { all: [{ schoolDaysInState: { atLeast: "$formalWarningSchoolDays" } }, { attendance: { atLeast: "$recoveredAtLeast" } }] },
              reason: "Warning period passed without further unauthorised absence, and attendance is no longer a concern",
              seed: "if there are further unauthorised absences within a specified period",
              choice: STEP_DOWN_CHOICE,
            },
            {
              id: "formal-warning-complete",
              on: "schoolDayClosed",
              to: "formalise.ewsReferred",
              when: { schoolDaysInState: { atLeast: "$formalWarningSchoolDays" } },
              reason: "Warning period passed without further unauthorised absence; the case stays with the EWS",
              seed: "If the referral is accepted, it may lead to:",
              choice: "The policy does not say what follows a warning period without further unauthorised absence; while attendance is still a concern the referral stays open with the EWS (which may still move to a Parent Contract).",
            },
          ],
        },
        parentContract: {
          description: "Formal Parent Contract led by the EWO: a series of meetings and an agreed action plan, kept under review.",
          seed: "The Parent Contract will be kept under review.",
          rules: [
            {
              id: "parent-contract-recovered",
              on: "schoolDayClosed",
              to: "monitor.steppedDown",
              when: { all: [{ reviewDate: "reached" }, { attendance: { atLeast: "$recoveredAtLeast" } }] },
              reason: "Parent Contract reviewed: attendance no longer a concern",
              seed: "The Parent Contract will be kept under review.",
              choice: STEP_DOWN_CHOICE,
            },
            {
              id: "prosecution-considered",
              on: "schoolDayClosed",
              to: "enforce.prosecutionConsidered",
              when: { all: [{ reviewDate: "reached" }, { improvementSinceEntry: { atMost: 0 } }] },
              actions: [{ task: "legal-referral", title: "Attendance has not improved under the Parent Contract: the local authority considers prosecution" }],
              reason: "Attendance has not improved under the Parent Contract: prosecution considered",
              seed: "If attendance does not improve and/or there is insufficient engagement from parents, the local authority will consider whether to proceed to prosecution",
              choice: "Judged on the contract's review date: attendance no higher than when the contract was signed.",
            },
            {
              id: "parent-contract-reviewed",
              on: "schoolDayClosed",
              to: "formalise.parentContractReview",
              when: { reviewDate: "reached" },
              actions: [{ task: "meeting", title: "Parent Contract review meeting with the Education Welfare Officer", dueInSchoolDays: 5 }],
              reason: "Review date reached: the Parent Contract is reviewed and continues",
              seed: "This will involve a series of meetings and an agreed action plan relating to attendance concerns. The Parent Contract will be kept under review.",
              choice: "Attendance improving but still a concern, or (for a pupil below compulsory school age, where prosecution cannot apply) not improving: the contract continues after a review meeting.",
            },
            {
              id: "prosecution-not-engaged",
              on: "parentDidNotAttend",
              to: "enforce.prosecutionConsidered",
              actions: [{ task: "legal-referral", title: "Insufficient engagement with the Parent Contract: the local authority considers prosecution" }],
              reason: "Insufficient engagement from parents with the Parent Contract: prosecution considered",
              seed: "If attendance does not improve and/or there is insufficient engagement from parents, the local authority will consider whether to proceed to prosecution",
            },
          ],
        },
        parentContractReview: {
          description: "Parent Contract review meeting due; the next review period is agreed.",
          seed: "The Parent Contract will be kept under review.",
          rules: [
            {
              id: "parent-contract-renewed",
              on: "contractSigned",
              to: "formalise.parentContract",
              reason: "Parent Contract reviewed and renewed with a new review date",
              seed: "The Parent Contract will be kept under review.",
            },
            {
              id: "parent-contract-review-held",
              on: "sapMeetingHeld",
              to: "formalise.parentContract",
              reason: "Parent Contract review meeting held: next review date agreed",
              seed: "This will involve a series of meetings and an agreed action plan relating to attendance concerns.",
            },
            {
              id: "prosecution-review-not-attended",
              on: "parentDidNotAttend",
              to: "enforce.prosecutionConsidered",
              actions: [{ task: "legal-referral", title: "Insufficient engagement with the Parent Contract: the local authority considers prosecution" }],
              reason: "Parents did not attend the Parent Contract review: prosecution considered",
              seed: "If attendance does not improve and/or there is insufficient engagement from parents, the local authority will consider whether to proceed to prosecution",
            },
            {
              id: "parent-contract-review-recovered",
              on: "schoolDayClosed",
              to: "monitor.steppedDown",
              when: { attendance: { atLeast: "$recoveredAtLeast" } },
              reason: "Attendance no longer a concern",
              seed: "The Parent Contract will be kept under review.",
              choice: STEP_DOWN_CHOICE,
            },
          ],
        },
      },
    },
    enforce: {
      description: "Education Penalty Notice after a formal warning; prosecution considered by the local authority after a Parent Contract.",
      seed: "The LA may also support the school with legal action to tackle poor attendance where appropriate.",
      initial: "penaltyNoticeRequested",
      states: {
        penaltyNoticeRequested: {
          description: "Education Penalty Notice requested from the EWS.",
          seed: "leading to an Education Penalty Notice (fine)",
          rules: [
            {
              id: "education-penalty-notice-issued",
              on: "penaltyNoticeIssued",
              to: "enforce.penaltyNoticeIssued",
              reason: "Education Penalty Notice issued",
              seed: "leading to an Education Penalty Notice (fine) if there are further unauthorised absences within a specified period",
            },
          ],
        },
        penaltyNoticeIssued: {
          description: "Education Penalty Notice issued; attendance monitored.",
          seed: "We will continue to monitor attendance and contact parents to discuss any absences",
        },
        prosecutionConsidered: {
          description: "The local authority considers whether to proceed to prosecution.",
          seed: "the local authority will consider whether to proceed to prosecution",
        },
      },
      rules: [
        {
          id: "enforce-recovered",
          on: "schoolDayClosed",
          to: "monitor.steppedDown",
          when: { all: [{ schoolDaysInState: { atLeast: "$enforceReviewSchoolDays" } }, { attendance: { atLeast: "$recoveredAtLeast" } }] },
          reason: "Attendance no longer a concern after enforcement",
          seed: "We will continue to monitor attendance and contact parents to discuss any absences",
          choice: "The policy does not say when enforcement ends; after $enforceReviewSchoolDays school days with attendance back at the line the case steps down to Monitor.",
        },
      ],
    },
  },
  daily: [
    {
      id: "termly-traffic-light-report",
      when: { all: [{ calendar: "endOfTerm" }, { possibleSessions: { atLeast: 1 } }] },
      actions: [{ letter: "termly-report", title: "Termly attendance report (traffic light)" }],
      reason: "Termly attendance reported through the traffic light system",
      seed: "Report termly attendance through our Traffic Light system.",
      choice: "A letter home for every pupil on the last school day of each term (Christmas, Easter, summer), with the year's attendance and the traffic lights.",
    },
    {
      id: "praise-small-successes",
      in: ["listen", "facilitate", "formalise"],
      when: { all: [{ calendar: "endOfSchoolWeek" }, { attendance: { atLeast: 100, overSchoolWeeks: 1 } }] },
      actions: [{ letter: "praise", title: "Praise home: a full week in school" }],
      reason: "A full week in school while support is in place: praise home",
      seed: "Praising and rewarding good attendance, even small successes like getting ready quickly.",
      choice: "The policy asks parents to praise even small successes; the school does its part while a pupil has Stage 1 to 3 support: a note home for each full school week attended.",
    },
    {
      id: "medical-action-plan",
      when: { illnessSpellDays: { reaches: "$medicalPlanIllnessDays" } },
      in: ["listen", "facilitate"],
      actions: [{ task: "review", title: "Medical reasons given for absence: consider a medical action plan and school nurse sessions" }],
      reason: "Medical issues advised as the reason for absence",
      seed: "Where medical issues are advised as the reason for absence, we may consider the use of a medical action plan and school nurse sessions to bring together health information and consider support to increase attendance.",
      choice: "Stage 1 and Stage 2 both say a medical action plan may be considered; raised when an illness spell reaches $medicalPlanIllnessDays school days.",
    },
    {
      id: "stage-2-contact-each-absence",
      in: ["facilitate.stage2Plan", "facilitate.stage2Review"],
      when: { continuousAbsenceWithoutMedicalEvidence: { reaches: 1 } },
      actions: [{ task: "first-day-call", title: "Stage 2 plan: contact parents to discuss today's absence and the progress of the agreed action plan", dueInSchoolDays: 1 }],
      reason: "During the Stage 2 plan, parents are contacted about each absence",
      seed: "We will continue to monitor attendance and contact parents to discuss any absences and the progress of the agreed action plan.",
      choice: "Raised on the first day of each absence (a spell of consecutive days is one absence) while the personalised plan runs; the call is logged as a note or a support event.",
    },
    {
      id: "stage-2-medical-evidence",
      when: { illnessSpellDays: { reaches: 1 } },
      in: ["facilitate.stage2Invited", "facilitate.stage2Plan", "facilitate.stage2Review", "formalise", "enforce"],
      actions: [{ task: "review", title: "Illness absence after the Stage 2 letter: ask for adequate medical evidence, or the absence is not authorised" }],
      reason: "After the Stage 2 letter, further absences are not authorised without medical evidence",
      seed: "advising that any further absences will not be authorised unless adequate medical evidence is provided",
      choice: "Raised on the first day of each illness spell from Stage 2 on, so the school asks for evidence before the absence stays authorised.",
    },
  ],
} satisfies PolicyInput;
