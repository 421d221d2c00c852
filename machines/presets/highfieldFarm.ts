import type { PolicyInput } from "../policy/schema.ts";

/**
 * Highfield Farm Primary School, Attendance Strategy (`shared/seeds/000_…txt`).
 * Target 96% for every pupil; a colour-coded system; half-termly monitoring points at which every pupil below
 * 96% is discussed by the parent support worker and the Headteacher; below 92% a formal attendance meeting
 * recorded as an Attendance Contract and revisited the following half term; Tier 1-3 school-based support;
 * Tier 4 formalised support (attendance pathway letters 1 and 2, the LA Attendance Team, Early Help, MASH below
 * 50%); Enforce: pathway letter 3 with a fixed penalty notice, then letters 2 and 3 again and a case to the
 * Local Authority School Attendance Panel (LASAP) towards an education supervision order.
 *
 * Mapping onto the six DfE stages (the strategy is itself written in them):
 * - Expect: every pupil; the 96% target. First-day calls are the statutory baseline the compiler adds.
 * - Monitor: "Pupils whose attendance is below 96% are monitored more closely"; reviewed each half term;
 *   a dip between monitoring points leads to a school attendance discussion.
 * - Listen and understand: the formal attendance meeting (below 92%) and the Attendance Contract.
 * - Facilitate support: Tier 2 targeted support and Tier 3 individual support (Tier 1 is universal: every pupil).
 * - Formalise support: Tier 4, attendance pathway letters 1 and 2, LA Attendance Team, Early Help.
 * - Enforce: pathway letter 3 with the FPN; then LASAP towards an education supervision order.
 *
 * Decisions are taken at the strategy's own monitoring points, the end of each half term (`calendar:
 * endOfHalfTerm`), except within Tier 4 and Enforce, which run on school-day periods and weekly reviews.
 */

const HALF_TERM = { calendar: "endOfHalfTerm" } as const;
const BELOW_TARGET = { attendance: { below: "$targetPct" } };
const BELOW_FORMAL_MEETING = { attendance: { below: "$formalMeetingBelow" } };
const IMPROVED = { improvementSinceEntry: { atLeast: "$improvementPoints" } };
const NOT_IMPROVED = { improvementSinceEntry: { below: "$improvementPoints" } };

const FORMAL_MEETING_SEED =
  "Where attendance requires a formal attendance meeting (below 92%), our parent support worker meets with families to discuss barriers, ways to support and ensures school have all the relevant information. This is recorded in the form of an Attendance Contract, signed by both parties and revisited the following half term.";
const FORMAL_MEETING_ACTIONS = [
  { letter: "formal-meeting", title: "Invitation to a formal attendance meeting" },
  { task: "meeting" as const, title: "Formal attendance meeting (parent support worker): barriers, ways to support, relevant information; record an Attendance Contract", dueInSchoolDays: 10 },
];
const TIER_2_ACTIONS = [
  { task: "review" as const, title: "Tier 2 targeted support: key person welcome, adaptive start/finish, priority morning call, breakfast, change of entry point, focused morning activities, attendance contract, referral to external agencies (Aspire, CAMHS, School Nurse)" },
];
const TIER_3_ACTIONS = [
  { task: "review" as const, title: "Tier 3 individual support: bespoke provision, soft start, separate entrance, parenting course, school-based early help, adapted attendance contract" },
  { task: "meeting" as const, title: "Parent meeting with the LA attendance link worker", dueInSchoolDays: 10 },
];
const TIER_4_ACTIONS = [
  { letter: "pathway-1", title: "Attendance pathway letter 1" },
  { task: "referral" as const, title: "Seek support from the Local Authority Attendance Team" },
  { task: "referral" as const, title: "Referral to Early Help (with consent)" },
];
const RECOVERY_SEED = "The strategies and techniques and increase or decrease in significance as the child or family needs more or less informal support.";
const RECOVERY_CHOICE =
  "The strategy does not say when a case steps down; at a half-term monitoring point a pupil back at the 96% target returns to Expect, and one between 92% and 96% is monitored more closely (Monitor).";

export const highfieldFarm = {
  id: "highfield-farm",
  name: "Highfield Farm Primary: attendance strategy",
  version: 1,
  source: { school: "Highfield Farm Primary School", document: "Attendance Strategy", file: "000_94356fb5ba742ea4.txt" },
  description:
    "Target 96%. Below 96% at the end of a half term: reviewed by the parent support worker and Headteacher and monitored more closely. Below 92%: formal attendance meeting and Attendance Contract revisited the following half term. Then Tier 2 and Tier 3 support, Tier 4 attendance pathway letters 1 and 2 with the LA Attendance Team and Early Help (MASH below 50%), and Enforce: pathway letter 3 with a fixed penalty notice, then a LASAP case towards an education supervision order.",
  // Decisions wait for the half-term monitoring points anyway; for a pupil who joins late in a half term, the
  // first one is taken once there are two school weeks (20 possible sessions) of register.
  minimumPossibleSessions: 20,
  parameters: {
    targetPct: {
      value: 96,
      description: "The school attendance target; below it at the end of a half term a pupil is reviewed and monitored more closely",
      seed: "All children engage in Celebration Assembly each week which reinforces the school attendance target of 96%",
    },
    formalMeetingBelow: {
      value: 92,
      description: "Attendance below which a formal attendance meeting is held",
      seed: "Where attendance requires a formal attendance meeting (below 92%)",
      choice: "The strategy does not say when the 92% line is judged; it is judged at the half-term monitoring points, where the parent support worker and Headteacher agree actions.",
    },
    mashBelow: {
      value: 50,
      description: "Attendance below which the pupil is referred to MASH",
      seed: "Attendance below 50% - refer to MASH.",
    },
    dipChangePoints: {
      value: -2,
      description: "Change in attendance since the last monitoring point (percentage points, negative: a fall) at or below which it is a dip that needs a school attendance discussion",
      seed: "dips in attendance between monitoring points results in a school attendance discussion",
      choice: "The strategy does not size a dip; 2 percentage points below the figure at the last monitoring point (about two days' absence in a half term).",
    },
    significantImprovementPoints: {
      value: 2,
      description: "Percentage points the year's attendance has risen over the half term (the last six school weeks) that count as significant (letter home)",
      seed: "Communication is sent to families half termly where attendance has significantly improved",
      choice: "The strategy does not say what 'significantly' means; the year's figure up 2 percentage points across the half term (six school weeks), judged at its end. Measured across the half term, not since the case's last step, so a pupil whose attendance fell this half term never gets it.",
    },
    frequentLateSessions: {
      value: 5,
      description: "Sessions late after the register closed (U) in the year at which a family is frequently late and support is offered",
      seed: "Lateness is monitored to identify families who are frequently late and may require additional support.",
      choice: "The strategy gives no number; the fifth late arrival after the register closed (U) in the school year. Late before the register closed (L) is present and not counted: the engine has no guard for it.",
    },
    improvementPoints: {
      value: 0.5,
      description: "Rise in the year's attendance (percentage points) since a contract, support tier or letter that counts as improvement",
      seed: "Tier 4 is formalised support, where Tier 1-3 school based support has been ineffective | Following FPN, should attendance fail to improve",
      choice: "The strategy does not say how much is an improvement; half a percentage point of the year's figure, so that the weekday a step began on cannot count as improvement.",
    },
    pathwayLetter2SchoolDays: {
      value: 10,
      description: "School days after pathway letter 1 without improvement before pathway letter 2",
      seed: "School begins to issue attendance pathway letter 1 and letter 2 to reinforce the severity of the situation.",
      choice: "The strategy gives no interval between the pathway letters; two school weeks.",
    },
    pathwayLetter3SchoolDays: {
      value: 20,
      description: "School days after pathway letter 2 without improvement before pathway letter 3 with the fixed penalty notice",
      seed: "Pathway letter 3 including a FPN is issued.",
      choice: "The strategy gives no interval; four school weeks, within the 3-6 week improvement period of a notice to improve in the national framework.",
    },
    lasapSchoolDays: {
      value: 20,
      description: "School days after the FPN without improvement before letters 2 and 3 are issued again and a LASAP case is sought",
      seed: "Following FPN, should attendance fail to improve, attendance pathway letters 2 and 3 are issued again and school seek to take a case to the Local Authority School Attendance Panel (LASAP) to seek an education supervision order.",
      choice: "The strategy gives no period; judged at the weekly attendance review once four school weeks have passed since the FPN.",
    },
  },
  bands: [
    { id: "on-target", label: "At or above target (96%+)", colour: "#2e7d32", min: 96, max: 100, seed: "the school attendance target of 96%" },
    { id: "below-target", label: "Below target: monitored more closely (92% to 95.9%)", colour: "#f9a825", min: 92, max: 95.99, seed: "Pupils whose attendance is below 96% are monitored more closely" },
    { id: "formal-meeting", label: "Formal attendance meeting (50% to 91.9%)", colour: "#d84315", min: 50, max: 91.99, seed: "Where attendance requires a formal attendance meeting (below 92%)" },
    { id: "mash", label: "Below 50%: MASH referral", colour: "#b71c1c", min: 0, max: 49.99, seed: "Attendance below 50% - refer to MASH." },
  ],
  letters: [
    {
      id: "half-term-attendance",
      kind: "information",
      title: "Half-termly attendance",
      body: "Dear {{parent.name}},\n\n{{pupil.forename}}'s attendance this year is {{attendancePct}}%. Our school target is 96%. If there is anything we need to do together, we will tell you here; you can always speak to us. Our aim is to support and empower families, not to punish.",
    },
    {
      id: "significant-improvement",
      kind: "recognition",
      title: "Attendance has significantly improved",
      body: "Dear {{parent.name}},\n\nWe are delighted that {{pupil.forename}}'s attendance has significantly improved this half term and is now {{attendancePct}}%. Thank you for your support.",
    },
    {
      id: "formal-meeting",
      kind: "concern",
      title: "Invitation to a formal attendance meeting",
      body: "Dear {{parent.name}},\n\n{{pupil.forename}}'s attendance is {{attendancePct}}%, below 92%. Please come to a meeting with our parent support worker so that we can understand any barriers, agree how we can support you and record it in an Attendance Contract, which we will revisit next half term.",
    },
    {
      id: "pathway-1",
      kind: "concern",
      title: "Attendance pathway letter 1",
      body: "Dear {{parent.name}},\n\nDespite the support in place, {{pupil.forename}}'s attendance remains {{attendancePct}}%. We are now on the formal attendance pathway and have asked the Local Authority Attendance Team to support us.",
    },
    {
      id: "pathway-2",
      kind: "legal-warning",
      title: "Attendance pathway letter 2",
      body: "Dear {{parent.name}},\n\n{{pupil.forename}}'s attendance has not improved and is {{attendancePct}}%. This is a serious situation. If it does not improve, the next step is a fixed penalty notice.",
    },
    {
      id: "pathway-3",
      kind: "legal-warning",
      title: "Attendance pathway letter 3: fixed penalty notice",
      body: "Dear {{parent.name}},\n\n{{pupil.forename}}'s attendance remains {{attendancePct}}%. A fixed penalty notice is issued with this letter. Formalised support continues and attendance is reviewed weekly.",
    },
  ],
  stages: {
    expect: {
      description: "Every pupil: the 96% target, first-day calls, weekly celebration of class attendance, half-termly attendance letters.",
      seed: "School attendance expectations are set at the point of admission to our school",
      rules: [
        {
          id: "half-term-formal-meeting",
          on: "schoolDayClosed",
          to: "listen.formalMeeting",
          when: { all: [HALF_TERM, BELOW_FORMAL_MEETING] },
          actions: FORMAL_MEETING_ACTIONS,
          reason: "Below 92% at the end of the half term: formal attendance meeting",
          seed: FORMAL_MEETING_SEED,
        },
        {
          id: "half-term-below-target",
          on: "schoolDayClosed",
          to: "monitor",
          when: { all: [HALF_TERM, BELOW_TARGET] },
          reason: "Below 96% at the end of the half term: discussed by the parent support worker and Headteacher and monitored more closely",
          seed: "Any pupil who does not have attendance levels of 96% or more at the end of each half term is discussed by the parent support worker and Headteacher and appropriate actions are agreed and tracked for impact",
        },
      ],
    },
    monitor: {
      description: "Below 96%: monitored more closely and prioritised for support; reviewed at each half-term monitoring point.",
      seed: "Pupils whose attendance is below 96% are monitored more closely and dips in attendance between monitoring points results in a school attendance discussion.",
      initial: "belowTarget",
      states: {
        belowTarget: {
          description: "Below target since the last monitoring point; watched for dips.",
          rules: [
            {
              id: "dip-between-monitoring-points",
              on: "schoolDayClosed",
              to: "monitor.attendanceDiscussion",
              when: { all: [{ not: HALF_TERM }, { improvementSinceEntry: { atMost: "$dipChangePoints" } }] },
              actions: [{ task: "meeting", title: "School attendance discussion: attendance has dipped since the last monitoring point; decide action on the known circumstances and discuss with the family", dueInSchoolDays: 5 }],
              reason: "A dip in attendance between monitoring points: school attendance discussion",
              seed: "dips in attendance between monitoring points results in a school attendance discussion. Action is then decided based on the known circumstances. This is also discussed with families. These families are prioritised for support.",
              choice: "A dip is a fall of 2 percentage points or more since the last monitoring point ($dipChangePoints); on the last day of a half term the monitoring point itself decides.",
            },
          ],
        },
        attendanceDiscussion: {
          description: "A school attendance discussion has been held about a dip; action decided on the known circumstances, next reviewed at the half-term monitoring point.",
          seed: "Action is then decided based on the known circumstances. This is also discussed with families.",
        },
      },
      rules: [
        {
          id: "monitor-formal-meeting",
          on: "schoolDayClosed",
          to: "listen.formalMeeting",
          when: { all: [HALF_TERM, BELOW_FORMAL_MEETING] },
          actions: FORMAL_MEETING_ACTIONS,
          reason: "Below 92% at the half-term monitoring point: formal attendance meeting",
          seed: FORMAL_MEETING_SEED,
        },
        {
          id: "monitor-back-on-target",
          on: "schoolDayClosed",
          to: "expect",
          when: { all: [HALF_TERM, { attendance: { atLeast: "$targetPct" } }] },
          reason: "Back at the 96% target at the half-term monitoring point",
          seed: "Any pupil who does not have attendance levels of 96% or more at the end of each half term is discussed by the parent support worker and Headteacher",
        },
        {
          id: "monitor-next-half-term",
          on: "schoolDayClosed",
          to: "monitor",
          when: HALF_TERM,
          reason: "Still below 96% at the half-term monitoring point: actions agreed and tracked for impact for another half term",
          seed: "Any pupil who does not have attendance levels of 96% or more at the end of each half term is discussed by the parent support worker and Headteacher and appropriate actions are agreed and tracked for impact",
          choice: "The case starts a new monitoring period at each half-term point, so a dip and an improvement are measured from the latest monitoring point.",
        },
      ],
    },
    listen: {
      description: "Below 92%: the formal attendance meeting with the parent support worker, recorded in an Attendance Contract revisited the following half term.",
      seed: FORMAL_MEETING_SEED,
      initial: "formalMeeting",
      states: {
        formalMeeting: {
          description: "Formal attendance meeting to be held with the parent support worker.",
          rules: [
            {
              id: "attendance-contract-signed",
              on: "contractSigned",
              to: "listen.attendanceContract",
              actions: [{ record: "Attendance Contract signed by both parties; revisited the following half term" }],
              reason: "Formal attendance meeting held: Attendance Contract signed by both parties",
              seed: "This is recorded in the form of an Attendance Contract, signed by both parties and revisited the following half term.",
            },
            {
              id: "formal-meeting-no-contract",
              on: "schoolDayClosed",
              to: "facilitate.targetedSupport",
              when: { all: [HALF_TERM, BELOW_FORMAL_MEETING] },
              actions: TIER_2_ACTIONS,
              reason: "Still below 92% at the next monitoring point without an Attendance Contract: Tier 2 targeted support",
              seed: "Tier 2 Targeted support for groups: Attendance contracts; Priority list of morning calls where absence has not been reported by parents",
              choice: "The strategy does not say what follows when no contract has been signed by the next monitoring point; targeted support (Tier 2, which includes attendance contracts) begins.",
            },
          ],
        },
        attendanceContract: {
          description: "Attendance Contract in place; revisited at the end of the following half term.",
          seed: "This is recorded in the form of an Attendance Contract, signed by both parties and revisited the following half term.",
        },
      },
      rules: [
        { id: "listen-back-on-target", on: "schoolDayClosed", to: "expect", when: { all: [HALF_TERM, { attendance: { atLeast: "$targetPct" } }] }, reason: "Back at the 96% target at the half-term monitoring point", seed: RECOVERY_SEED, choice: RECOVERY_CHOICE },
        { id: "listen-below-target", on: "schoolDayClosed", to: "monitor", when: { all: [HALF_TERM, { attendance: { atLeast: "$formalMeetingBelow" } }] }, reason: "At or above 92% at the half-term monitoring point: monitored more closely", seed: RECOVERY_SEED, choice: RECOVERY_CHOICE },
        // For a case in formalMeeting, its own rule at the half term comes first; these two apply to the contract.
        {
          id: "contract-revisited-improving",
          on: "schoolDayClosed",
          to: "listen.attendanceContract",
          when: { all: [HALF_TERM, BELOW_FORMAL_MEETING, IMPROVED] },
          actions: [{ task: "review", title: "Revisit the Attendance Contract with the family: attendance improving, contract continues" }],
          reason: "Attendance Contract revisited: attendance improving but still below 92%, the contract continues",
          seed: "revisited the following half term",
          choice: "The contract is revisited at the end of the half term after it was signed, against the monitoring point at which the formal meeting was called (declared on the stage, so a contract signed mid-week is not flattered by the day of the week). Improving ($improvementPoints points or more) but still below 92%: it continues for another half term.",
        },
        {
          id: "contract-revisited-tier-2",
          on: "schoolDayClosed",
          to: "facilitate.targetedSupport",
          when: { all: [HALF_TERM, BELOW_FORMAL_MEETING] },
          actions: [{ task: "review", title: "Revisit the Attendance Contract with the family: no improvement" }, ...TIER_2_ACTIONS],
          reason: "Attendance Contract revisited: no improvement, Tier 2 targeted support",
          seed: "The strategies and techniques and increase or decrease in significance as the child or family needs more or less informal support.",
        },
      ],
    },
    facilitate: {
      description: "Tier 2 targeted support and Tier 3 individual support (Tier 1 universal support applies to every pupil).",
      seed: "Facilitate Support: Tier 1 Universal Support; Tier 2 Targeted support for groups; Tier 3 Support is used for individual pupils",
      initial: "targetedSupport",
      states: {
        targetedSupport: {
          description: "Tier 2: targeted support.",
          seed: "Tier 2 Targeted support for groups: Key person welcome; Adaptive start/finish times; Priority list of morning calls where absence has not been reported by parents; Breakfast offering; Change of entry point/routine; Focused morning activities; Attendance contracts; Liaison with/referral to external agencies where required (Aspire, CAMHS, School Nurse)",
          rules: [
            {
              id: "tier-2-improving",
              on: "schoolDayClosed",
              to: "facilitate.targetedSupport",
              when: { all: [HALF_TERM, BELOW_FORMAL_MEETING, IMPROVED] },
              reason: "Tier 2 support improving attendance: it continues for another half term",
              seed: "appropriate actions are agreed and tracked for impact",
              choice: "Support is judged at each half-term monitoring point; improvement since it began ($improvementPoints points or more) keeps it in place.",
            },
            {
              id: "tier-3",
              on: "schoolDayClosed",
              to: "facilitate.individualSupport",
              when: { all: [HALF_TERM, BELOW_FORMAL_MEETING] },
              actions: TIER_3_ACTIONS,
              reason: "No improvement with Tier 2 support: Tier 3 individual support",
              seed: "Tier 3 Support is used for individual pupils: Further liaison with/referral to external agencies where required; Separate entrance point/start time; Soft start activities; Parenting courses; Temporary part time timetables; Bespoke SEND provision; School based early help; Adapted attendance contracts; Parent meeting with LA attendance link worker",
            },
          ],
        },
        individualSupport: {
          description: "Tier 3: individual support, adapted attendance contract, parent meeting with the LA attendance link worker.",
          seed: "Tier 3 Support is used for individual pupils",
          rules: [
            {
              id: "tier-3-improving",
              on: "schoolDayClosed",
              to: "facilitate.individualSupport",
              when: { all: [HALF_TERM, BELOW_FORMAL_MEETING, IMPROVED] },
              reason: "Tier 3 support improving attendance: it continues for another half term",
              seed: "appropriate actions are agreed and tracked for impact",
              choice: "Support is judged at each half-term monitoring point; improvement since it began ($improvementPoints points or more) keeps it in place.",
            },
            {
              id: "tier-4-formal-pathway",
              on: "schoolDayClosed",
              to: "formalise.pathwayLetter1",
              when: { all: [HALF_TERM, BELOW_FORMAL_MEETING] },
              actions: TIER_4_ACTIONS,
              reason: "Tier 1-3 school-based support has been ineffective: Tier 4 formalised support, attendance pathway letter 1",
              seed: "Next step identified as formal pathway (LA) | Tier 4 is formalised support, where Tier 1-3 school based support has been ineffective: School begins to issue attendance pathway letter 1 and letter 2 to reinforce the severity of the situation. School seek support from the Local Authority Attendance Team. Referral to Early Help (with consent)",
            },
          ],
        },
      },
      rules: [
        { id: "facilitate-back-on-target", on: "schoolDayClosed", to: "expect", when: { all: [HALF_TERM, { attendance: { atLeast: "$targetPct" } }] }, reason: "Back at the 96% target at the half-term monitoring point", seed: RECOVERY_SEED, choice: RECOVERY_CHOICE },
        { id: "facilitate-below-target", on: "schoolDayClosed", to: "monitor", when: { all: [HALF_TERM, { attendance: { atLeast: "$formalMeetingBelow" } }] }, reason: "At or above 92% at the half-term monitoring point: support steps down, monitored more closely", seed: RECOVERY_SEED, choice: RECOVERY_CHOICE },
      ],
    },
    formalise: {
      description: "Tier 4 formalised support: attendance pathway letters 1 and 2, the LA Attendance Team, Early Help (with consent), MASH below 50%.",
      seed: "Tier 4 is formalised support, where Tier 1-3 school based support has been ineffective",
      initial: "pathwayLetter1",
      states: {
        pathwayLetter1: {
          description: "Attendance pathway letter 1 sent; LA Attendance Team and Early Help involved.",
          seed: "School begins to issue attendance pathway letter 1 and letter 2 to reinforce the severity of the situation.",
          rules: [
            {
              id: "pathway-letter-2",
              on: "schoolDayClosed",
              to: "formalise.pathwayLetter2",
              when: { all: [{ schoolDaysInState: { atLeast: "$pathwayLetter2SchoolDays" } }, NOT_IMPROVED] },
              actions: [{ letter: "pathway-2", title: "Attendance pathway letter 2" }],
              reason: "No improvement after pathway letter 1: pathway letter 2 to reinforce the severity of the situation",
              seed: "School begins to issue attendance pathway letter 1 and letter 2 to reinforce the severity of the situation.",
            },
          ],
        },
        pathwayLetter2: {
          description: "Attendance pathway letter 2 sent.",
          seed: "School begins to issue attendance pathway letter 1 and letter 2 to reinforce the severity of the situation.",
          rules: [
            {
              id: "pathway-letter-3-fpn",
              on: "schoolDayClosed",
              to: "enforce.pathwayLetter3",
              when: { all: [{ schoolDaysInState: { atLeast: "$pathwayLetter3SchoolDays" } }, NOT_IMPROVED] },
              actions: [
                { letter: "pathway-3", title: "Attendance pathway letter 3 with a fixed penalty notice" },
                { task: "penalty-notice", title: "Issue the fixed penalty notice with pathway letter 3" },
              ],
              reason: "Formalised support ineffective after pathway letter 2: pathway letter 3 including a FPN",
              seed: "Enforce: Formalised support continues throughout this stage. Weekly attendance reviews. Pathway letter 3 including a FPN is issued.",
            },
          ],
        },
      },
      rules: [
        { id: "formalise-back-on-target", on: "schoolDayClosed", to: "expect", when: { all: [HALF_TERM, { attendance: { atLeast: "$targetPct" } }] }, reason: "Back at the 96% target at the half-term monitoring point", seed: RECOVERY_SEED, choice: RECOVERY_CHOICE },
        { id: "formalise-below-target", on: "schoolDayClosed", to: "monitor", when: { all: [HALF_TERM, { attendance: { atLeast: "$formalMeetingBelow" } }] }, reason: "At or above 92% at the half-term monitoring point: formalised support steps down, monitored more closely", seed: RECOVERY_SEED, choice: RECOVERY_CHOICE },
      ],
    },
    enforce: {
      description: "Formalised support continues; weekly attendance reviews; pathway letter 3 with a FPN, then LASAP towards an education supervision order.",
      seed: "Enforce: Formalised support continues throughout this stage. Weekly attendance reviews.",
      initial: "pathwayLetter3",
      states: {
        pathwayLetter3: {
          description: "Pathway letter 3 and the fixed penalty notice issued; weekly attendance reviews.",
          seed: "Pathway letter 3 including a FPN is issued.",
          rules: [
            {
              id: "lasap-case",
              on: "schoolDayClosed",
              to: "enforce.lasap",
              when: { all: [{ calendar: "endOfSchoolWeek" }, { schoolDaysInState: { atLeast: "$lasapSchoolDays" } }, NOT_IMPROVED] },
              actions: [
                { letter: "pathway-2", title: "Attendance pathway letter 2 (issued again)" },
                { letter: "pathway-3", title: "Attendance pathway letter 3 (issued again)" },
                { task: "legal-referral", title: "Take a case to the Local Authority School Attendance Panel (LASAP) to seek an education supervision order" },
              ],
              reason: "Attendance failed to improve after the FPN: pathway letters 2 and 3 again and a LASAP case for an education supervision order",
              seed: "Following FPN, should attendance fail to improve, attendance pathway letters 2 and 3 are issued again and school seek to take a case to the Local Authority School Attendance Panel (LASAP) to seek an education supervision order.",
            },
          ],
        },
        lasap: {
          description: "Case taken to the Local Authority School Attendance Panel to seek an education supervision order.",
          seed: "school seek to take a case to the Local Authority School Attendance Panel (LASAP) to seek an education supervision order.",
        },
      },
      rules: [
        { id: "enforce-back-on-target", on: "schoolDayClosed", to: "expect", when: { all: [HALF_TERM, { attendance: { atLeast: "$targetPct" } }] }, reason: "Back at the 96% target at the half-term monitoring point", seed: RECOVERY_SEED, choice: RECOVERY_CHOICE },
        { id: "enforce-below-target", on: "schoolDayClosed", to: "monitor", when: { all: [HALF_TERM, { attendance: { atLeast: "$formalMeetingBelow" } }] }, reason: "At or above 92% at the half-term monitoring point: enforcement steps down, monitored more closely", seed: RECOVERY_SEED, choice: RECOVERY_CHOICE },
      ],
    },
  },
  daily: [
    {
      id: "half-term-attendance-letter",
      when: HALF_TERM,
      actions: [{ letter: "half-term-attendance", title: "Half-termly attendance letter" }],
      reason: "Half-termly attendance percentages are sent to every family with any actions required",
      seed: "Half termly attendance percentages are sent to families informing them of their child's attendance level and any actions required",
      choice: "Every family, on the last school day of each half term. The adapted letter for families already working with the school (long-term illness, partial timetable, medical plan) is the same template, adapted by the office.",
    },
    {
      id: "half-term-review",
      when: { all: [HALF_TERM, BELOW_TARGET] },
      actions: [{ task: "review", title: "Half-term attendance review (parent support worker and Headteacher): agree actions and track them for impact" }],
      reason: "Below 96% at the end of the half term: discussed by the parent support worker and Headteacher",
      seed: "Any pupil who does not have attendance levels of 96% or more at the end of each half term is discussed by the parent support worker and Headteacher and appropriate actions are agreed and tracked for impact",
    },
    {
      id: "significant-improvement-letter",
      in: ["monitor", "listen", "facilitate"],
      when: { all: [HALF_TERM, { attendanceGain: { atLeast: "$significantImprovementPoints", overSchoolWeeks: 6 } }] },
      actions: [{ letter: "significant-improvement", title: "Letter home: attendance has significantly improved" }],
      reason: "Attendance has significantly improved this half term",
      seed: "Communication is sent to families half termly where attendance has significantly improved",
      choice: "For cases the school is working on below Tier 4 (reviewed each half term): the year's figure up $significantImprovementPoints points across the half term (six school weeks). In Tier 4 and Enforce an improvement shows as a step down the ladder instead.",
    },
    {
      id: "mash-referral",
      when: { all: [{ calendar: "endOfSchoolWeek" }, { attendance: { below: "$mashBelow" } }] },
      actions: [{ task: "referral", title: "Attendance below 50%: refer to MASH (or record that the existing referral is up to date)" }],
      reason: "Attendance below 50%: refer to MASH",
      seed: "Attendance below 50% - refer to MASH.",
      choice: "The strategy lists it in Tier 4 without a time. Severe absence is a safeguarding matter that should not wait for a half term: Rollcall raises it at the end of every school week the pupil's attendance is below 50%, whatever step the case is on.",
    },
    {
      id: "frequent-lateness",
      when: { all: [{ calendar: "endOfSchoolWeek" }, { lateAfterRegisterClosedSessions: { reaches: "$frequentLateSessions" } }] },
      actions: [{ task: "review", title: "Frequently late: talk to the family about the reasons for lateness and offer support (key person welcome, adaptive start, breakfast)" }],
      reason: "Frequently late: the family may need support",
      seed: "Lateness is monitored to identify families who are frequently late and may require additional support. | Parents to inform school of the reason for absence or lateness",
      choice: "At the end of the school week in which the year's late arrivals after the register closed (U) reach $frequentLateSessions (and each week they stand there); the support offered is recorded with supportOffered.",
    },
    {
      id: "focus-family-next-year",
      in: ["monitor", "listen", "facilitate", "formalise", "enforce"],
      when: { calendar: "endOfSchoolYear" },
      actions: [{ task: "review", title: "Focus family for the start of the new year: monitor attendance more closely from September and prioritise the family for support" }],
      reason: "The pupil ends the year being monitored for attendance: a focus family for the new year",
      seed: "Pupils who end the year being monitored for attendance become a focus family for the start of the new year. These pupils' attendance will be monitored more closely and these families will be prioritised for support.",
      choice: "Raised on the last school day of the year for every case above Expect; the new year's register starts a new case, so the task carries the focus into September.",
    },
    {
      id: "weekly-attendance-review",
      in: ["enforce"],
      when: { calendar: "endOfSchoolWeek" },
      actions: [{ task: "review", title: "Weekly attendance review" }],
      reason: "Weekly attendance reviews in Enforce",
      seed: "Formalised support continues throughout this stage. Weekly attendance reviews.",
    },
  ],
} satisfies PolicyInput;
