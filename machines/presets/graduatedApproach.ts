import type { PolicyInput } from "../policy/schema.ts";

/**
 * A school's Attendance Strategy built on five foundations, with a three-tier graduated approach
 * (`shared/seeds/003_…txt`): Tier 1 universal support, Tier 2 early intervention (initial contact with parents,
 * a discussion with the pupil, an in-school support plan), Tier 3 multi-agency support for persistent absence
 * (below 90%) with complex barriers.
 *
 * It is a strategy more than a ladder: only the Tier 3 line (90%) is a number. Mapping onto the six DfE stages:
 * - Expect: Tier 1 universal support.
 * - Monitor: a case that has come back down, watched ("Interventions are regularly reviewed for impact").
 * - Listen and understand: Tier 2 initial contact with parents and the discussion with the pupil (pupil voice).
 * - Facilitate support: Tier 2 in-school support plan, reviewed for impact; Tier 3 considered.
 * - Formalise support: Tier 3 multi-agency support and the coordinated plan.
 * - Enforce: the strategy names no enforcement step. Enforce is reached only when Tier 3 makes no progress,
 *   through a referral to the local authority, behind the statutory gates the compiler adds (support recorded
 *   first, compulsory school age); penalty-notice consideration at the national threshold, first-day calls and
 *   social-worker notifications are the compiler's statutory baselines and are not repeated here.
 */

const TIER_2_ACTIONS = [
  { letter: "initial-contact", title: "Tier 2: initial contact with parents" },
  { task: "meeting" as const, title: "Initial contact with parents: reasons for absence and barriers", dueInSchoolDays: 3 },
  { task: "meeting" as const, title: "Discussion with the pupil: barriers and ownership of their progress (pupil voice)", dueInSchoolDays: 3 },
];

const TIER_2_SEED = "Tier 2: Early Intervention: initial contact with parents, a discussion with the pupil, and the development of an in-school support plan.";
const TIER_3_SEED = "Tier 3: Multi-agency Support: For persistent absence (below 90%) with complex barriers, the school works with multi-agency support to create a coordinated plan.";
const REWARD_SEED = "A strong rewards system celebrates attendance improvements, promoting a positive mindset and valuing school attendance.";
const IMPROVEMENT_LETTER = { letter: "improvement", title: "Celebrating improved attendance" };
const STEP_DOWN_CHOICE = "The strategy does not say when a case steps down; attendance a point above the Tier 2 line ($recoveredAtLeast%) at a review returns the case to Tier 1, watched in Monitor.";

export const graduatedApproach = {
  id: "graduated-approach",
  name: "Attendance strategy: the graduated approach",
  version: 1,
  source: { school: "A graduated-approach school", document: "Attendance Strategy (five foundations)", file: "003_13fefb7baa94f895.txt" },
  description:
    "Tier 1 universal support; Tier 2 early intervention (initial contact with parents, a discussion with the pupil, an in-school support plan); Tier 3 multi-agency support and a coordinated plan for persistent absence below 90% with complex barriers. Improvements are celebrated. The strategy names no enforcement step.",
  // The strategy does not say when percentages start to count; Rollcall waits for two school weeks (20 possible
  // sessions) so that one day's absence in the first week of September (50%) does not start Tier 2.
  minimumPossibleSessions: 20,
  parameters: {
    tier2Below: {
      value: 95,
      description: "Attendance below which Tier 2 early intervention starts",
      seed: TIER_2_SEED,
      choice: "The strategy gives no figure for Tier 2; 95% (the usual first-concern line) so that early intervention comes before the persistent-absence line of Tier 3.",
    },
    tier3Below: {
      value: 90,
      description: "Persistent absence: attendance below which Tier 3 multi-agency support is for",
      seed: "For persistent absence (below 90%) with complex barriers",
    },
    recoveredAtLeast: {
      value: 96,
      description: "Attendance at or above which a case steps down to Tier 1 (watched in Monitor): the Tier 2 line plus a one-point margin",
      choice: "Not in the strategy. One point above the Tier 2 line ($tier2Below% + 1), so a case steps down only when early intervention is no longer needed, and a pupil hovering at the line is not stepped down and back up (with a new Tier 2 letter) on each day's wobble.",
    },
    tier1RewardAtLeast: {
      value: 97,
      description: "Attendance over a half term at or above which a Tier 1 pupil's good attendance is rewarded with a letter home",
      seed: "Tier 1: Universal Support: clear communication of expectations, rewards for good attendance, and a welcoming environment.",
      choice: "The strategy names rewards for good attendance but not what earns one; 97% or more over the half term, judged on its last school day, for pupils in Tier 1 (Expect or Monitor).",
    },
    contactSchoolDays: {
      value: 5,
      description: "School days for the initial contact and the pupil discussion before the in-school support plan is due",
      seed: TIER_2_SEED,
      choice: "The strategy orders the three Tier 2 steps but gives no timings; one school week for the conversations, then the plan.",
    },
    planReviewSchoolDays: {
      value: 20,
      description: "School days an in-school support plan runs before it is reviewed for impact",
      seed: "Interventions are regularly reviewed for impact.",
      choice: "'Regularly' is not a period; four school weeks.",
    },
    steppedDownSchoolDays: {
      value: 30,
      description: "School days in Monitor at or above the line before the case returns to Tier 1 (Expect)",
      choice: "Not in the strategy; about six school weeks (half a term).",
    },
    laReviewSchoolDays: {
      value: 30,
      description: "School days after the local-authority referral, with attendance back at the line, before the case steps down",
      choice: "Not in the strategy; about six school weeks.",
    },
  },
  bands: [
    { id: "tier-1", label: "Tier 1: 95% and above", colour: "#2e7d32", min: 95, max: 100, seed: "Tier 1: Universal Support: clear communication of expectations, rewards for good attendance, and a welcoming environment." },
    { id: "tier-2", label: "Tier 2: 90% to 94.9% (early intervention)", colour: "#f9a825", min: 90, max: 94.99, seed: TIER_2_SEED },
    { id: "tier-3", label: "Tier 3: below 90% (persistent absence)", colour: "#c62828", min: 0, max: 89.99, seed: TIER_3_SEED },
  ],
  letters: [
    {
      id: "initial-contact",
      kind: "concern",
      title: "Tier 2: initial contact with parents",
      body: "Dear {{parent.name}},\n\n{{pupil.forename}}'s attendance is {{attendancePct}}%. We would like to talk with you about anything that is making it harder for {{pupil.forename}} to come to school, and we will also talk with {{pupil.forename}}, so that together we can put an in-school support plan in place.",
    },
    {
      id: "good-attendance",
      kind: "recognition",
      title: "Rewarding good attendance",
      body: "Dear {{parent.name}},\n\nWell done: {{pupil.forename}} has attended school very well this half term. Thank you for your support: every day in school counts.",
    },
    {
      id: "improvement",
      kind: "recognition",
      title: "Celebrating improved attendance",
      body: "Dear {{parent.name}},\n\nWe are delighted that {{pupil.forename}}'s attendance has improved: it is now {{attendancePct}}%. Thank you for your support. Every day in school counts, and we are proud of {{pupil.forename}}'s progress.",
    },
  ],
  stages: {
    expect: {
      description: "Tier 1 – universal support: clear expectations, rewards for good attendance, a welcoming environment.",
      seed: "Tier 1: Universal Support: clear communication of expectations, rewards for good attendance, and a welcoming environment.",
      rules: [
        {
          id: "tier-2-early-intervention",
          on: "schoolDayClosed",
          to: "listen.initialContact",
          when: { attendance: { below: "$tier2Below" } },
          actions: TIER_2_ACTIONS,
          reason: "Attendance below the Tier 2 line: early intervention",
          seed: TIER_2_SEED,
          choice: "The strategy does not say when Tier 2 starts; attendance below $tier2Below%.",
        },
      ],
    },
    monitor: {
      description: "Back at Tier 1 after support; the Attendance Leader keeps the pupil's attendance under review.",
      seed: "Interventions are regularly reviewed for impact.",
      initial: "steppedDown",
      states: {
        steppedDown: {
          description: "Stepped down after Tier 2 or Tier 3 support; watched.",
          rules: [
            {
              id: "monitor-back-to-tier-1",
              on: "schoolDayClosed",
              to: "expect",
              when: { all: [{ schoolDaysInState: { atLeast: "$steppedDownSchoolDays" } }, { attendance: { atLeast: "$recoveredAtLeast" } }] },
              reason: "Attendance sustained: Tier 1 universal support",
              seed: "Tier 1: Universal Support",
              choice: "After $steppedDownSchoolDays school days at or above the line the case returns to Tier 1.",
            },
            {
              id: "monitor-tier-2-again",
              on: "schoolDayClosed",
              to: "listen.initialContact",
              when: { attendance: { below: "$tier2Below" } },
              actions: TIER_2_ACTIONS,
              reason: "Attendance below the Tier 2 line again: early intervention",
              seed: TIER_2_SEED,
            },
          ],
        },
      },
    },
    listen: {
      description: "Tier 2 – initial contact with parents and a discussion with the pupil to understand the barriers.",
      seed: "Pupil voice is used to understand barriers and promote ownership of their progress.",
      initial: "initialContact",
      states: {
        initialContact: {
          description: "Parents contacted; the pupil's view of the barriers heard.",
          seed: TIER_2_SEED,
          rules: [
            {
              id: "in-school-plan-offered",
              on: "supportOffered",
              to: "facilitate.inSchoolPlan",
              reason: "In-school support plan developed",
              seed: "the development of an in-school support plan",
            },
            {
              id: "in-school-plan-agreed",
              on: "sapMeetingHeld",
              to: "facilitate.inSchoolPlan",
              reason: "In-school support plan agreed at a meeting with parents",
              seed: "the development of an in-school support plan",
            },
            {
              id: "initial-contact-recovered",
              on: "schoolDayClosed",
              to: "monitor.steppedDown",
              when: { all: [{ schoolDaysInState: { atLeast: "$contactSchoolDays" } }, { attendance: { atLeast: "$recoveredAtLeast" } }] },
              reason: "Attendance back at the line after the initial contact",
              seed: "Tier 1: Universal Support",
              choice: STEP_DOWN_CHOICE,
            },
            {
              id: "in-school-plan-due",
              on: "schoolDayClosed",
              to: "facilitate.inSchoolPlan",
              when: { schoolDaysInState: { atLeast: "$contactSchoolDays" } },
              actions: [{ task: "review", title: "Develop the in-school support plan (Attendance Leader), drawing on the parents' and pupil's views", dueInSchoolDays: 5 }],
              reason: "Initial contact and pupil discussion done: the in-school support plan is developed",
              seed: "the development of an in-school support plan",
              choice: "The plan is the school's own step, not something parents must agree to: after $contactSchoolDays school days the case moves on to it even when no plan meeting was recorded, with a task to write it.",
            },
          ],
        },
      },
    },
    facilitate: {
      description: "Tier 2 – the in-school support plan, regularly reviewed for impact; Tier 3 considered for persistent absence.",
      seed: "Data is used to identify pupils with barriers to attendance and develop plans that build self-awareness, emotional literacy, and social skills. Interventions are regularly reviewed for impact.",
      initial: "inSchoolPlan",
      states: {
        inSchoolPlan: {
          description: "In-school support plan running (pastoral support, key adult, routines); reviewed for impact.",
          seed: "the development of an in-school support plan",
          rules: [
            {
              id: "in-school-plan-recovered",
              on: "schoolDayClosed",
              to: "monitor.steppedDown",
              when: { all: [{ schoolDaysInState: { atLeast: "$planReviewSchoolDays" } }, { attendance: { atLeast: "$recoveredAtLeast" } }] },
              actions: [IMPROVEMENT_LETTER],
              reason: "Plan reviewed: attendance back at the line, and the improvement is celebrated",
              seed: REWARD_SEED,
              choice: STEP_DOWN_CHOICE,
            },
            {
              id: "tier-3-considered",
              on: "schoolDayClosed",
              to: "facilitate.tier3Considered",
              when: {
                all: [
                  { schoolDaysInState: { atLeast: "$planReviewSchoolDays" } },
                  { attendance: { below: "$tier3Below" } },
                  { improvementSinceEntry: { atMost: 0 } },
                ],
              },
              actions: [{ task: "review", title: "Persistent absence not improving under the in-school plan: are the barriers complex? Consider multi-agency support (Tier 3)", dueInSchoolDays: 5 }],
              reason: "Plan reviewed: persistent absence and no improvement, so Tier 3 is considered",
              seed: TIER_3_SEED,
              choice: "At the review, persistent absence with no improvement since the plan began is what prompts the question of complex barriers; the Attendance Leader decides.",
            },
            {
              id: "in-school-plan-improving",
              on: "schoolDayClosed",
              to: "facilitate.inSchoolPlan",
              when: { all: [{ schoolDaysInState: { atLeast: "$planReviewSchoolDays" } }, { improvementSinceEntry: { above: 0 } }] },
              actions: [IMPROVEMENT_LETTER],
              reason: "Plan reviewed: attendance improving, celebrated; the plan continues",
              seed: REWARD_SEED,
              choice: "Positive reinforcement is a letter home at a review that shows improvement.",
            },
            {
              id: "in-school-plan-continues",
              on: "schoolDayClosed",
              to: "facilitate.inSchoolPlan",
              when: { schoolDaysInState: { atLeast: "$planReviewSchoolDays" } },
              actions: [{ task: "review", title: "Review the in-school support plan for impact and adjust it", dueInSchoolDays: 5 }],
              reason: "Plan reviewed: no improvement yet; the plan is adjusted and continues",
              seed: "Interventions are regularly reviewed for impact.",
            },
          ],
        },
        tier3Considered: {
          description: "Persistent absence not improving: the Attendance Leader assesses whether the barriers are complex enough for multi-agency support.",
          seed: "The Attendance Leader identifies and supports hidden causes of poor attendance, like anxiety or family issues.",
          rules: [
            {
              id: "tier-3-multi-agency",
              on: "referralMade",
              to: "formalise.multiAgencyReferred",
              actions: [{ task: "meeting", title: "Multi-agency meeting to create a coordinated plan", dueInSchoolDays: 10 }],
              reason: "Complex barriers: multi-agency support (Tier 3)",
              seed: "Strong partnerships with agencies support a multi-disciplinary approach for complex needs.",
            },
            {
              id: "tier-2-plan-revised",
              on: "supportOffered",
              to: "facilitate.inSchoolPlan",
              reason: "Barriers not complex: a revised in-school support plan",
              seed: "Interventions are evidence-based to target the root causes effectively.",
            },
            {
              id: "tier-3-considered-recovered",
              on: "schoolDayClosed",
              to: "monitor.steppedDown",
              when: { attendance: { atLeast: "$recoveredAtLeast" } },
              actions: [IMPROVEMENT_LETTER],
              reason: "Attendance back at the line, and the improvement is celebrated",
              seed: REWARD_SEED,
              choice: STEP_DOWN_CHOICE,
            },
            {
              id: "tier-3-no-longer-persistent",
              on: "schoolDayClosed",
              to: "facilitate.inSchoolPlan",
              when: { all: [{ schoolDaysInState: { atLeast: "$planReviewSchoolDays" } }, { attendance: { atLeast: "$tier3Below" } }] },
              actions: [IMPROVEMENT_LETTER],
              reason: "No longer persistently absent: Tier 2 in-school support continues",
              seed: TIER_2_SEED,
              choice: "Tier 3 is for persistent absence; a pupil back above $tier3Below% at the next review returns to the in-school plan.",
            },
          ],
        },
      },
    },
    formalise: {
      description: "Tier 3 – multi-agency support and a coordinated plan.",
      seed: TIER_3_SEED,
      initial: "multiAgencyReferred",
      states: {
        multiAgencyReferred: {
          description: "Referred to partner agencies (early help, health, family support); coordinated plan to be agreed.",
          seed: "Staff receive tailored training and network with external professionals to strengthen early help support.",
          rules: [
            {
              id: "coordinated-plan-agreed",
              on: "sapMeetingHeld",
              to: "formalise.coordinatedPlan",
              reason: "Multi-agency meeting held: coordinated plan agreed with a review date",
              seed: "the school works with multi-agency support to create a coordinated plan.",
              choice: "The multi-agency meeting is recorded as a meeting (sapMeetingHeld) with the plan's targets and review date.",
            },
            {
              id: "multi-agency-recovered",
              on: "schoolDayClosed",
              to: "monitor.steppedDown",
              when: { attendance: { atLeast: "$recoveredAtLeast" } },
              actions: [IMPROVEMENT_LETTER],
              reason: "Attendance back at the line, and the improvement is celebrated",
              seed: REWARD_SEED,
              choice: STEP_DOWN_CHOICE,
            },
          ],
        },
        coordinatedPlan: {
          description: "Coordinated multi-agency plan running until its review date.",
          seed: "the school works with multi-agency support to create a coordinated plan.",
          rules: [
            {
              id: "coordinated-plan-recovered",
              on: "schoolDayClosed",
              to: "monitor.steppedDown",
              when: { all: [{ reviewDate: "reached" }, { attendance: { atLeast: "$recoveredAtLeast" } }] },
              actions: [IMPROVEMENT_LETTER],
              reason: "Coordinated plan reviewed: attendance back at the line, and the improvement is celebrated",
              seed: REWARD_SEED,
              choice: STEP_DOWN_CHOICE,
            },
            {
              id: "la-referral",
              on: "schoolDayClosed",
              to: "enforce",
              when: { all: [{ reviewDate: "reached" }, { improvementSinceEntry: { atMost: 0 } }] },
              actions: [{ task: "legal-referral", title: "Tier 3 has made no progress: refer to the local authority attendance team for statutory intervention" }],
              reason: "Coordinated plan reviewed: no improvement under multi-agency support, so the local authority is asked to consider statutory intervention",
              seed: TIER_3_SEED,
              choice: "The strategy names no enforcement step. Enforce is reached only this way: a referral to the local authority when the coordinated plan shows no improvement at its review, behind the statutory gates (support recorded first, compulsory school age). The local authority decides on any notice or prosecution.",
            },
            {
              id: "coordinated-plan-improving",
              on: "schoolDayClosed",
              to: "formalise.coordinatedPlanReview",
              when: { all: [{ reviewDate: "reached" }, { improvementSinceEntry: { above: 0 } }] },
              actions: [IMPROVEMENT_LETTER, { task: "meeting", title: "Multi-agency review of the coordinated plan: agree the next review date", dueInSchoolDays: 10 }],
              reason: "Coordinated plan reviewed: attendance improving, celebrated; the plan is reviewed with partners",
              seed: REWARD_SEED,
            },
            {
              id: "coordinated-plan-reviewed",
              on: "schoolDayClosed",
              to: "formalise.coordinatedPlanReview",
              when: { reviewDate: "reached" },
              actions: [{ task: "meeting", title: "Multi-agency review of the coordinated plan: agree the next review date", dueInSchoolDays: 10 }],
              reason: "Coordinated plan reviewed with partners; statutory intervention does not apply, so multi-agency support continues",
              seed: "Interventions are regularly reviewed for impact.",
              choice: "Reached only when the plan has not improved attendance but the statutory gates on Enforce do not open (a pupil below compulsory school age): the plan is reviewed and continues.",
            },
          ],
        },
        coordinatedPlanReview: {
          description: "Coordinated plan improving but not yet at the line: multi-agency review meeting due.",
          seed: "Interventions are regularly reviewed for impact.",
          rules: [
            {
              id: "coordinated-plan-renewed",
              on: "sapMeetingHeld",
              to: "formalise.coordinatedPlan",
              reason: "Multi-agency review held: next review date agreed",
              seed: "the school works with multi-agency support to create a coordinated plan.",
            },
            {
              id: "coordinated-plan-review-recovered",
              on: "schoolDayClosed",
              to: "monitor.steppedDown",
              when: { attendance: { atLeast: "$recoveredAtLeast" } },
              actions: [IMPROVEMENT_LETTER],
              reason: "Attendance back at the line, and the improvement is celebrated",
              seed: REWARD_SEED,
              choice: STEP_DOWN_CHOICE,
            },
          ],
        },
      },
    },
    enforce: {
      description: "Referred to the local authority for statutory intervention; the strategy itself names no enforcement step.",
      seed: "The Attendance Policy is statutory, compliant, and clearly communicated.",
      rules: [
        {
          id: "la-referral-recovered",
          on: "schoolDayClosed",
          to: "monitor.steppedDown",
          when: { all: [{ schoolDaysInState: { atLeast: "$laReviewSchoolDays" } }, { attendance: { atLeast: "$recoveredAtLeast" } }] },
          actions: [IMPROVEMENT_LETTER],
          reason: "Attendance back at the line after the local-authority referral, and the improvement is celebrated",
          seed: REWARD_SEED,
          choice: "Not in the strategy; after $laReviewSchoolDays school days with attendance back at the line the case steps down.",
        },
      ],
    },
  },
  daily: [
    {
      id: "tier-1-good-attendance-reward",
      in: ["expect", "monitor"],
      when: { all: [{ calendar: "endOfHalfTerm" }, { periodAttendance: { period: "halfTerm", atLeast: "$tier1RewardAtLeast" } }] },
      actions: [{ letter: "good-attendance", title: "Tier 1: rewarding good attendance" }],
      reason: "Good attendance this half term: rewarded",
      seed: "Tier 1: Universal Support: clear communication of expectations, rewards for good attendance, and a welcoming environment.",
      choice: "A letter home at the end of each half term for $tier1RewardAtLeast% or more over the half term, for pupils in Tier 1; class and assembly rewards are the Celebrate page.",
    },
  ],
  anywhere: [
    {
      id: "tier-3-referral",
      on: "referralMade",
      in: ["listen", "facilitate"],
      to: "formalise.multiAgencyReferred",
      when: { attendance: { below: "$tier3Below" } },
      actions: [{ task: "meeting", title: "Multi-agency meeting to create a coordinated plan", dueInSchoolDays: 10 }],
      reason: "Persistent absence with complex barriers: multi-agency support (Tier 3)",
      seed: TIER_3_SEED,
      choice: "'Complex barriers' is the Attendance Leader's judgement, recorded as a referral to a partner agency; Tier 3 is for persistent absence, so the referral moves the case only below $tier3Below%.",
    },
  ],
} satisfies PolicyInput;
