import type { PolicyInput } from "../policy/schema.ts";

/**
 * Halsnead Primary School, Attendance Strategy (`shared/seeds/001_…txt`).
 * A table of attendance-percentage bands (100-98, 97.9-95, 94.9-92, 91.9-90, 90 or below), each with who is
 * responsible, its responses, acknowledgements, and daily, weekly and termly actions. Below 92%: a parent
 * attendance panel meeting, medical evidence required, a Parent Contract for a 4-week period ("Refer if no
 * improvement"); 90-91.9%: Early Help offered and a letter with intent to Fast Track to prosecution; 90% or
 * below: referral into the Attendance Service and to the EWO, and an APS (attendance prosecution service)
 * referral where there is no improvement. Acknowledgement letters when a pupil moves up a band.
 *
 * Mapping onto the six DfE stages (one band, or the steps within a band, per stage):
 * - Expect: 100% - 98%, whole-school approach.
 * - Monitor: 95% - 97.9%, Learning Mentor and class teachers.
 * - Listen and understand: 92% - 94.9%, Learning Mentor and Senior Leadership Team (parental contact, home visits).
 * - Facilitate support: below 92%, the parent attendance panel meeting (medical evidence required, Early Help offered).
 * - Formalise support: the Parent Contract and its 4-weekly reviews; the letter with intent to Fast Track to
 *   prosecution; 90% or below, the referral into the Attendance Service and to the EWO.
 * - Enforce: the APS referral.
 *
 * The strategy's weekly column ("Learning Mentor to track weekly attendance", "Send out Warning/Parent Meeting
 * Letters for attendance decline", "Update parent contract tracker with weekly attendance figures", "Refer any
 * pupils that meet the APS criteria") sets the rhythm: every move of a case (a band, a contract review, a
 * referral) is decided at the end of a school week; only the contract itself is recorded when it is signed.
 * First-day calls are the statutory baseline the compiler adds, as is telling a social worker of an unexplained
 * absence; neither is repeated here. Class rewards (prize draws, extra playtime, posters, newsletters, Twitter)
 * concern classes, not a pupil's case, and are not modelled.
 */

const WEEKLY = { calendar: "endOfSchoolWeek" } as const;
const AT_MOST_90 = { attendance: { atMost: "$persistentAtMost" } };
const BELOW_92 = { attendance: { below: "$panelBelow" } };
const BELOW_95 = { attendance: { below: "$learningMentorFrom" } };
const BELOW_98 = { attendance: { below: "$wholeSchoolFrom" } };
const AT_LEAST_92 = { attendance: { atLeast: "$panelBelow" } };
const IMPROVED = { improvementSinceEntry: { atLeast: "$improvementPoints" } };
const NOT_IMPROVED = { improvementSinceEntry: { below: "$improvementPoints" } };

const ATTENDANCE_SERVICE_ACTIONS = [
  { task: "referral" as const, title: "Referral into the Attendance Service: contact the Knowsley Attendance Team (cause for concern) and refer to the EWO for an attendance case" },
  { task: "meeting" as const, title: "Meeting with SLT and the Learning Mentor", dueInSchoolDays: 5 },
  { task: "review" as const, title: "Collate evidence for an APS referral; monthly attendance action meeting (attendance lead and head of school)" },
];
/** "As above": a pupil who drops straight to 90% or below still gets the 90% - 91.9% band's panel, contract and Early Help offer. */
const ATTENDANCE_SERVICE_DIRECT_ACTIONS = [
  ...ATTENDANCE_SERVICE_ACTIONS,
  { letter: "parent-panel", title: "Warning/Parent Meeting letter: invitation to a parent attendance panel meeting" },
  { task: "meeting" as const, title: "Parent attendance panel meeting (Learning Mentor and SLT): set a Parent Contract with a clear attendance target for 4 weeks", dueInSchoolDays: 5 },
  { task: "referral" as const, title: "Offer Early Help to support the family" },
  { record: "Medical evidence will be required to authorise further absence" },
];
const DIRECT_CHOICE = "The 90% or below row says 'As above' for its daily and weekly actions: a pupil who drops straight to 90% or below (skipping the 90% - 91.9% band at the weekly review) still gets that band's parent attendance panel invitation, the 4-week Parent Contract and the Early Help offer, beside the Attendance Service referral.";
const MEDICAL_BANDS = ["facilitate", "formalise", "enforce"];
const ATTENDANCE_SERVICE_SEED =
  "90% or Below | Senior Programme Leaders and Education Welfare Officer | 2. Referral into Attendance service 3. Meeting to be held with SLT and Learning Mentor. 5. Collate evidence for APS Referral. | Contact Knowsley Attendance team and refer cause for concern. Refer to EWO for attendance case";
const PANEL_SEED =
  "6. Learning Mentor and Senior Leadership Team to carry out parent attendance panel meeting when attendance falls below 92% (Medical evidence will be required to authorise further absence).";
const WARNING_LETTER = { letter: "attendance-warning", title: "Warning letter: attendance decline" };
const WARNING_SEED = "92% - 94.9% | Weekly Actions: 1. Learning Mentor to track weekly attendance. 2. Send out Warning/Parent Meeting Letters for attendance decline.";
const CONTRACT_TARGET = { setTarget: { attendancePct: "$contractTargetPct", schoolDays: "$contractSchoolDays" } };
const BAND_CHOICE = "A case moves at the end of each school week, straight down to the band its attendance is in (so no response of a lower band is missed), and up one band at a time, each with its acknowledgement.";

export const halsnead = {
  id: "halsnead",
  name: "Halsnead Primary: attendance strategy",
  version: 1,
  source: { school: "Halsnead Primary School", document: "Attendance Strategy", file: "001_178a2deb44d4fe84.txt" },
  description:
    "Percentage bands, each with who is responsible: 100-98% whole school; 97.9-95% Learning Mentor and class teachers; 94.9-92% Learning Mentor and SLT; below 92% parent attendance panel and a 4-week Parent Contract (medical evidence required); 91.9-90% Senior Leaders and EWO, Early Help, letter with intent to Fast Track to prosecution; 90% or below referral into the Attendance Service and to the EWO, APS referral where no improvement. Acknowledgement letters on moving up a band; home visit when there is no response after 2 days.",
  // The strategy does not say from when in the year its percentages count. Its band responses are heavy (a
  // referral to the EWO at 90%), so Rollcall waits for four school weeks (40 possible sessions): one day's
  // absence in the first fortnight is 90%.
  minimumPossibleSessions: 40,
  parameters: {
    wholeSchoolFrom: { value: 98, description: "Floor of the whole-school band (100% - 98%)", seed: "100% - 98% | Whole School Approach" },
    learningMentorFrom: { value: 95, description: "Floor of the Learning Mentor and class teachers band (95% - 97.9%)", seed: "95% - 97.9% | Learning Mentor & Class Teachers" },
    panelBelow: {
      value: 92,
      description: "Attendance below which the parent attendance panel meets (floor of the 92% - 94.9% band)",
      seed: "parent attendance panel meeting when attendance falls below 92%",
    },
    persistentAtMost: {
      value: 90,
      description: "Attendance at or below which a pupil is in the '90% or Below' band",
      seed: "90% - 91.9% | Senior Leaders and Educational Welfare Officer … 90% or Below | Senior Programme Leaders and Education Welfare Officer",
      choice: "The table puts exactly 90% in both bands; Rollcall puts it in '90% or Below', which is also the national line for persistent absence (absence of 10% or more).",
    },
    contractSchoolDays: {
      value: 20,
      description: "Length of the Parent Contract period and of each review period (school days)",
      seed: "8. Parent Contract set during attendance panel for 4 WEEK period (Refer if no improvement). | Parent contract meetings/attendance panel and 4 weekly reviews.",
    },
    contractTargetPct: {
      value: 96,
      description: "Attendance target over the contract period when the panel does not record one",
      seed: "Clear attendance target set and actions included in the attendance panel meeting.",
      choice: "The strategy sets a target at the panel but not its figure; 96%, the figure the school celebrates ('every child who achieves 96% or more attendance for the term'). A target recorded with the contract wins.",
    },
    targetPct: {
      value: 96,
      description: "The school's attendance target, for the weekly class celebration",
      seed: "End of term certificate/letter home to parent for every child who achieves 96% or more attendance for the term.",
      choice: "The strategy names no single school target; its bands start at 98% (whole school) but it celebrates 96% or more, so 96%.",
    },
    termCertificatePct: {
      value: 96,
      description: "Attendance for the term at or above which every child gets an end of term certificate/letter home",
      seed: "End of term certificate/letter home to parent for every child who achieves 96% or more attendance for the term.",
    },
    reviewSchoolDays: {
      value: 20,
      description: "School days between reviews of a referred case (monthly attendance action meetings) before an APS referral where there is no improvement",
      seed: "6. Learning Mentor to refer where no improvement. 7. Monthly attendance action meetings with attendance lead and head of school to talk through all PA children.",
      choice: "'Monthly' is taken as four school weeks.",
    },
    improvementPoints: {
      value: 0.5,
      description: "Rise in the year's attendance (percentage points) since a contract, letter or referral that counts as improvement at a review",
      seed: "Refer if no improvement | 6. Learning Mentor to refer where no improvement.",
      choice: "The strategy does not say how much is an improvement; half a percentage point of the year's figure (for a pupil near 90% in the autumn, about 92% attendance over four weeks), so that the weekday a contract was signed on cannot count as improvement.",
    },
    medicalEvidenceSchoolDays: {
      value: 3,
      description: "School days of an illness spell without medical evidence after which the lead is asked to amend the marks or record the evidence",
      seed: "No absence to be authorised without medical proof.",
      choice: "The strategy gives no period; three school days, time for a family to bring a note or prescription.",
    },
    homeVisitUnexplainedDays: {
      value: 2,
      description: "Consecutive days of unexplained absence (no response) on which a home visit must take place",
      seed: "3. Home visit must take place if no response after 2 days",
      choice: "'No response after 2 days' is read as the second consecutive school day on which the absence is still unexplained (coded unauthorised: N, O, G or U), after the first-day call.",
    },
    atRiskBelow: {
      value: 96,
      description: "Attendance below which a pupil in the 95% - 97.9% band is at risk of falling below 95% (weekly mentoring chat)",
      seed: "Monitor pupils at risk of falling below 95% and have mentoring chat with the pupil.",
      choice: "The strategy does not say who is at risk; pupils within one percentage point of 95%.",
    },
  },
  bands: [
    { id: "whole-school", label: "100% - 98%: whole school approach", colour: "#2e7d32", min: 98, max: 100, seed: "100% - 98% | Whole School Approach" },
    { id: "learning-mentor", label: "97.9% - 95%: Learning Mentor and class teachers", colour: "#9e9d24", min: 95, max: 97.99, seed: "95% - 97.9% | Learning Mentor & Class Teachers" },
    { id: "senior-leadership", label: "94.9% - 92%: Learning Mentor and Senior Leadership Team", colour: "#f9a825", min: 92, max: 94.99, seed: "92% - 94.9% | Learning Mentor & Senior Leadership Team" },
    { id: "senior-leaders-ewo", label: "91.9% - 90%: Senior Leaders and Educational Welfare Officer", colour: "#ef6c00", min: 90.01, max: 91.99, seed: "90% - 91.9% | Senior Leaders and Educational Welfare Officer" },
    { id: "persistent", label: "90% or below: Senior Programme Leaders and Education Welfare Officer", colour: "#b71c1c", min: 0, max: 90, seed: "90% or Below | Senior Programme Leaders and Education Welfare Officer" },
  ],
  letters: [
    { id: "attendance-warning", kind: "concern", title: "Warning letter: attendance decline", body: "Dear {{parent.name}},\n\n{{pupil.forename}}'s attendance has fallen to {{attendancePct}}%. Our Learning Mentor will be in touch; please talk to us about anything that makes it hard for {{pupil.forename}} to come to school." },
    { id: "parent-panel", kind: "concern", title: "Invitation to a parent attendance panel meeting", body: "Dear {{parent.name}},\n\n{{pupil.forename}}'s attendance is {{attendancePct}}%, below 92%. Please come to a parent attendance panel meeting with our Learning Mentor and the Senior Leadership Team, where we will agree a Parent Contract with a clear attendance target for the next 4 weeks. From now on, medical evidence will be required to authorise any further absence." },
    { id: "parent-contract", kind: "information", title: "Parent Contract: 4-week attendance target", body: "Dear {{parent.name}},\n\nThank you for meeting us. This confirms the Parent Contract agreed at the attendance panel: {{pupil.forename}}'s attendance target is {{target.attendancePct}}% for the next 4 weeks. If there is no improvement, we will refer." },
    { id: "contract-review", kind: "information", title: "Parent Contract review: attendance improved", body: "Dear {{parent.name}},\n\n{{pupil.forename}}'s attendance has improved during the Parent Contract and is now {{attendancePct}}%. We have set a new improvement target of {{target.attendancePct}}% for the next 4 weeks." },
    { id: "intent-to-fast-track", kind: "legal-warning", title: "Letter with intent to Fast Track to prosecution", body: "Dear {{parent.name}},\n\n{{pupil.forename}}'s attendance is {{attendancePct}}% and has not improved. We intend to Fast Track this case to prosecution: the Learning Mentor is preparing a case file for a referral to the Attendance Prosecution Service." },
    { id: "acknowledgement-95", kind: "recognition", title: "Acknowledgement: reaching the 95% - 97.9% group", body: "Dear {{parent.name}},\n\nWell done: {{pupil.forename}}'s attendance has improved to {{attendancePct}}% and has reached the 95% - 97.9% group." },
    { id: "acknowledgement-92", kind: "recognition", title: "Acknowledgement: reaching the 92% - 94.9% group", body: "Dear {{parent.name}},\n\nWell done: {{pupil.forename}}'s attendance has improved to {{attendancePct}}% and has reached the 92% - 94.9% group." },
    { id: "acknowledgement-90", kind: "recognition", title: "Acknowledgement: improving attendance above 90%", body: "Dear {{parent.name}},\n\nWell done: {{pupil.forename}}'s attendance has improved to {{attendancePct}}%, above 90%." },
    { id: "positive-letter", kind: "recognition", title: "Positive letter home: attendance has improved", body: "Dear {{parent.name}},\n\n{{pupil.forename}}'s attendance has improved to {{attendancePct}}%. Thank you." },
    { id: "improvement-note", kind: "recognition", title: "Note home for improvement in attendance", body: "Dear {{parent.name}},\n\n{{pupil.forename}} has been in school every day this week. Thank you: attendance is now {{attendancePct}}%." },
    { id: "full-attendance-certificate", kind: "recognition", title: "Certificate for 100% attendance this half term", body: "Dear {{parent.name}},\n\nCongratulations: {{pupil.forename}} has had 100% attendance this half term. Here is a certificate." },
    { id: "full-attendance-certificate-year", kind: "recognition", title: "Certificate for 100% attendance this school year", body: "Dear {{parent.name}},\n\nCongratulations: {{pupil.forename}} has had 100% attendance for the whole school year. Here is a certificate." },
    { id: "end-of-term-certificate", kind: "recognition", title: "End of term certificate: 96% or more", body: "Dear {{parent.name}},\n\nWell done: {{pupil.forename}}'s attendance this term was 96% or more, at or above our school target. Here is a certificate." },
  ],
  stages: {
    expect: {
      description: "100% - 98%: whole school approach (celebrating class attendance, first-day calls, daily attendance log).",
      seed: "100% - 98% | Whole School Approach | 1. Class Teachers to celebrate good class attendance daily",
      rules: [
        { id: "whole-school-to-attendance-service", on: "schoolDayClosed", to: "formalise.attendanceService", when: { all: [WEEKLY, AT_MOST_90] }, actions: ATTENDANCE_SERVICE_DIRECT_ACTIONS, reason: "90% or below: referral into the Attendance Service and to the EWO", seed: ATTENDANCE_SERVICE_SEED, choice: `${BAND_CHOICE} ${DIRECT_CHOICE}` },
        { id: "whole-school-to-panel", on: "schoolDayClosed", to: "facilitate.attendancePanel", when: { all: [WEEKLY, BELOW_92] }, reason: "Attendance has fallen below 92%: parent attendance panel meeting", seed: PANEL_SEED, choice: BAND_CHOICE },
        { id: "whole-school-to-senior-leadership", on: "schoolDayClosed", to: "listen", when: { all: [WEEKLY, BELOW_95] }, actions: [WARNING_LETTER], reason: "Attendance decline into the 92% - 94.9% band: Learning Mentor and SLT, warning letter", seed: WARNING_SEED, choice: BAND_CHOICE },
        { id: "whole-school-to-learning-mentor", on: "schoolDayClosed", to: "monitor", when: { all: [WEEKLY, BELOW_98] }, reason: "Attendance in the 95% - 97.9% band: Learning Mentor and class teachers", seed: "95% - 97.9% | Learning Mentor & Class Teachers | 4. Class teachers to have daily conversations with parents about the importance of attendance." },
      ],
    },
    monitor: {
      description: "95% - 97.9%: Learning Mentor and class teachers (contact with parents, celebrating attendance, CP/LAC/SEN priority calls).",
      seed: "95% - 97.9% | Learning Mentor & Class Teachers | 1. Learning Mentor to contact parents; letters, phone calls where attendance has improved.",
      rules: [
        { id: "learning-mentor-to-attendance-service", on: "schoolDayClosed", to: "formalise.attendanceService", when: { all: [WEEKLY, AT_MOST_90] }, actions: ATTENDANCE_SERVICE_DIRECT_ACTIONS, reason: "90% or below: referral into the Attendance Service and to the EWO", seed: ATTENDANCE_SERVICE_SEED, choice: `${BAND_CHOICE} ${DIRECT_CHOICE}` },
        { id: "learning-mentor-to-panel", on: "schoolDayClosed", to: "facilitate.attendancePanel", when: { all: [WEEKLY, BELOW_92] }, reason: "Attendance has fallen below 92%: parent attendance panel meeting", seed: PANEL_SEED, choice: BAND_CHOICE },
        { id: "learning-mentor-to-senior-leadership", on: "schoolDayClosed", to: "listen", when: { all: [WEEKLY, BELOW_95] }, actions: [WARNING_LETTER], reason: "Attendance decline into the 92% - 94.9% band: Learning Mentor and SLT, warning letter", seed: WARNING_SEED },
        {
          id: "learning-mentor-to-whole-school",
          on: "schoolDayClosed",
          to: "expect",
          when: { all: [WEEKLY, { attendance: { atLeast: "$wholeSchoolFrom" } }] },
          actions: [{ letter: "positive-letter", title: "Positive letter home: attendance has improved" }],
          reason: "Attendance has improved into the 100% - 98% band: positive letter home",
          seed: "95% - 97.9% | Acknowledgement / Success: 2. Positive letter home to parent where attendance has improved.",
          choice: "The table has no acknowledgement for reaching 98%; the 95% - 97.9% band's 'positive letter home where attendance has improved' is sent.",
        },
      ],
    },
    listen: {
      description: "92% - 94.9%: Learning Mentor and Senior Leadership Team (tracking with actions, parental contact, home visits, inclusion meetings).",
      seed: "92% - 94.9% | Learning Mentor & Senior Leadership Team | 2. Attendance tracking system in place – including actions for each pupil 4. Learning Mentor to maintain parental contact; letters and phone calls 5. Learning Mentor and Admin team to carry out home visits.",
      rules: [
        { id: "senior-leadership-to-attendance-service", on: "schoolDayClosed", to: "formalise.attendanceService", when: { all: [WEEKLY, AT_MOST_90] }, actions: ATTENDANCE_SERVICE_DIRECT_ACTIONS, reason: "90% or below: referral into the Attendance Service and to the EWO", seed: ATTENDANCE_SERVICE_SEED, choice: `${BAND_CHOICE} ${DIRECT_CHOICE}` },
        { id: "senior-leadership-to-panel", on: "schoolDayClosed", to: "facilitate.attendancePanel", when: { all: [WEEKLY, BELOW_92] }, reason: "Attendance has fallen below 92%: parent attendance panel meeting", seed: PANEL_SEED },
        {
          id: "senior-leadership-to-learning-mentor",
          on: "schoolDayClosed",
          to: "monitor",
          when: { all: [WEEKLY, { attendance: { atLeast: "$learningMentorFrom" } }] },
          actions: [{ letter: "acknowledgement-95", title: "Acknowledgement letter for reaching the 95% - 97.9% group" }],
          reason: "Attendance has reached the 95% - 97.9% group: acknowledgement letter",
          seed: "92% - 94.9% | Acknowledgement / Success: 2. Acknowledgement letter for reaching 95% - 97.9% group.",
        },
      ],
    },
    facilitate: {
      description: "Below 92%: the parent attendance panel meeting (Learning Mentor and SLT); medical evidence required to authorise further absence; Early Help offered.",
      seed: PANEL_SEED,
      initial: "attendancePanel",
      states: {
        attendancePanel: {
          description: "Parent attendance panel meeting to be held; a Parent Contract is set there.",
          seed: PANEL_SEED,
          entry: [
            { letter: "parent-panel", title: "Warning/Parent Meeting letter: invitation to a parent attendance panel meeting" },
            { task: "meeting", title: "Parent attendance panel meeting (Learning Mentor and SLT): set a Parent Contract with a clear attendance target for 4 weeks", dueInSchoolDays: 5 },
            { task: "referral", title: "Offer Early Help to support the family" },
            { record: "Medical evidence will be required to authorise further absence" },
          ],
          rules: [
            {
              id: "parent-contract-signed",
              on: "contractSigned",
              to: "formalise.parentContract",
              actions: [CONTRACT_TARGET, { letter: "parent-contract", title: "Parent Contract: 4-week attendance target" }],
              reason: "Parent Contract set at the attendance panel for a 4-week period with a clear attendance target",
              seed: "8. Parent Contract set during attendance panel for 4 WEEK period (Refer if no improvement). Clear attendance target set and actions included in the attendance panel meeting.",
            },
            { id: "panel-to-attendance-service", on: "schoolDayClosed", to: "formalise.attendanceService", when: { all: [WEEKLY, AT_MOST_90] }, actions: ATTENDANCE_SERVICE_ACTIONS, reason: "90% or below: referral into the Attendance Service and to the EWO", seed: ATTENDANCE_SERVICE_SEED },
            {
              id: "panel-to-senior-leadership",
              on: "schoolDayClosed",
              to: "listen",
              when: { all: [WEEKLY, AT_LEAST_92] },
              actions: [{ letter: "acknowledgement-92", title: "Acknowledgement letter for reaching the 92% - 94.9% group" }],
              reason: "Attendance has reached the 92% - 94.9% group: acknowledgement letter",
              seed: "90% - 91.9% | Acknowledgement / Success: 2. Acknowledgement letter for reaching 92% - 94.9% group.",
            },
            {
              id: "panel-no-improvement",
              on: "schoolDayClosed",
              to: "formalise.fastTrack",
              when: { all: [WEEKLY, { schoolDaysInState: { atLeast: "$contractSchoolDays" } }, NOT_IMPROVED] },
              actions: [
                { letter: "intent-to-fast-track", title: "Letter to parent with intent to Fast Track to prosecution" },
                { task: "review", title: "Learning Mentor to prepare the pupil case file in the event of an APS referral" },
              ],
              reason: "No Parent Contract and no improvement after 4 weeks: letter with intent to Fast Track to prosecution",
              seed: "Parent Contract set during attendance panel for 4 WEEK period (Refer if no improvement). | 8. Letter to parent with intent to Fast Track to prosecution.",
              choice: "The strategy does not say what happens when no contract is signed; after the contract's 4-week period without improvement, the case goes the way of a contract that failed.",
            },
          ],
        },
      },
    },
    formalise: {
      description: "The Parent Contract and its 4-weekly reviews; the letter with intent to Fast Track to prosecution; 90% or below, the Attendance Service and the EWO.",
      seed: "Parent contract meetings/attendance panel and 4 weekly reviews. Set improvement target. | Refer any pupils that meet the APS criteria.",
      initial: "parentContract",
      states: {
        parentContract: {
          description: "Parent Contract in place: attendance target for 4 weeks, reviewed every 4 weeks; contract tracker updated weekly.",
          seed: "8. Parent Contract set during attendance panel for 4 WEEK period (Refer if no improvement). | 5. Update parent contract tracker with weekly attendance figures.",
          rules: [
            { id: "contract-to-attendance-service", on: "schoolDayClosed", to: "formalise.attendanceService", when: { all: [WEEKLY, AT_MOST_90] }, actions: ATTENDANCE_SERVICE_ACTIONS, reason: "90% or below: referral into the Attendance Service and to the EWO", seed: ATTENDANCE_SERVICE_SEED },
            {
              id: "contract-to-senior-leadership",
              on: "schoolDayClosed",
              to: "listen",
              when: { all: [WEEKLY, AT_LEAST_92] },
              actions: [{ letter: "acknowledgement-92", title: "Acknowledgement letter for reaching the 92% - 94.9% group" }],
              reason: "Attendance has reached the 92% - 94.9% group: acknowledgement letter",
              seed: "90% - 91.9% | Acknowledgement / Success: 2. Acknowledgement letter for reaching 92% - 94.9% group.",
            },
            {
              id: "contract-review-improved",
              on: "schoolDayClosed",
              to: "formalise.parentContract",
              when: { all: [WEEKLY, { target: "reviewDue" }, BELOW_92, { any: [{ target: "met" }, IMPROVED] }] },
              actions: [
                CONTRACT_TARGET,
                { letter: "contract-review", title: "Parent Contract review: improvement target for the next 4 weeks" },
                { task: "meeting", title: "4-weekly Parent Contract review meeting: set an improvement target" },
              ],
              reason: "Parent Contract reviewed after 4 weeks with improvement: a new improvement target for 4 weeks",
              seed: "1. Parent contract meetings/attendance panel and 4 weekly reviews. Set improvement target. 2. Parental contract updating attendance improvements or challenging no improvement.",
              choice: "Improvement is the contract target met, or the year's attendance up by $improvementPoints points or more since the contract began.",
            },
            {
              id: "contract-no-improvement",
              on: "schoolDayClosed",
              to: "formalise.fastTrack",
              when: { all: [WEEKLY, { target: "reviewDue" }, BELOW_92] },
              actions: [
                { letter: "intent-to-fast-track", title: "Letter to parent with intent to Fast Track to prosecution" },
                { task: "review", title: "Learning Mentor to prepare the pupil case file in the event of an APS referral" },
              ],
              reason: "No improvement at the end of the 4-week Parent Contract: letter with intent to Fast Track to prosecution",
              seed: "Parent Contract set during attendance panel for 4 WEEK period (Refer if no improvement). | 7. Learning Mentor to prepare pupil case file in the event of an APS referral being made. 8. Letter to parent with intent to Fast Track to prosecution.",
              choice: "'Refer if no improvement' is read as the Fast Track to prosecution of the 90% - 91.9% band: the letter with intent is sent and the case file prepared; the APS referral itself follows if there is still no improvement.",
            },
          ],
        },
        fastTrack: {
          description: "Letter with intent to Fast Track to prosecution sent; pupil case file prepared for an APS referral.",
          seed: "7. Learning Mentor to prepare pupil case file in the event of an APS referral being made. 8. Letter to parent with intent to Fast Track to prosecution.",
          rules: [
            { id: "fast-track-to-attendance-service", on: "schoolDayClosed", to: "formalise.attendanceService", when: { all: [WEEKLY, AT_MOST_90] }, actions: ATTENDANCE_SERVICE_ACTIONS, reason: "90% or below: referral into the Attendance Service and to the EWO", seed: ATTENDANCE_SERVICE_SEED },
            {
              id: "fast-track-to-senior-leadership",
              on: "schoolDayClosed",
              to: "listen",
              when: { all: [WEEKLY, AT_LEAST_92] },
              actions: [{ letter: "acknowledgement-92", title: "Acknowledgement letter for reaching the 92% - 94.9% group" }],
              reason: "Attendance has reached the 92% - 94.9% group: acknowledgement letter",
              seed: "90% - 91.9% | Acknowledgement / Success: 2. Acknowledgement letter for reaching 92% - 94.9% group.",
            },
            {
              id: "fast-track-aps-referral",
              on: "schoolDayClosed",
              to: "enforce.apsReferral",
              when: { all: [WEEKLY, { schoolDaysInState: { atLeast: "$reviewSchoolDays" } }, NOT_IMPROVED] },
              actions: [{ task: "legal-referral", title: "Refer to the Attendance Prosecution Service (APS) with the pupil case file" }],
              reason: "Still no improvement after the letter with intent to Fast Track: APS referral",
              seed: "4. Refer any pupils that meet the APS criteria.",
              choice: "The APS criteria are the local authority's, not in the strategy; Rollcall raises the referral after a further 4 weeks ($reviewSchoolDays school days) without improvement, for the Learning Mentor to check against them.",
            },
            {
              id: "fast-track-improved",
              on: "schoolDayClosed",
              to: "formalise.parentContract",
              when: { all: [WEEKLY, { schoolDaysInState: { atLeast: "$reviewSchoolDays" } }] },
              actions: [CONTRACT_TARGET, { letter: "contract-review", title: "Attendance improved: improvement target for the next 4 weeks" }],
              reason: "Attendance improved after the letter with intent to Fast Track: back to 4-weekly contract reviews with an improvement target",
              seed: "1. Parent contract meetings/attendance panel and 4 weekly reviews. Set improvement target.",
            },
          ],
        },
        attendanceService: {
          description: "90% or below: referred into the Attendance Service and to the EWO; evidence collated for an APS referral; monthly attendance action meetings.",
          seed: ATTENDANCE_SERVICE_SEED,
          rules: [
            {
              id: "attendance-service-contract-signed",
              on: "contractSigned",
              actions: [CONTRACT_TARGET, { letter: "parent-contract", title: "Parent Contract: 4-week attendance target" }],
              reason: "Parent Contract set at the attendance panel for a 4-week period, beside the Attendance Service referral",
              seed: "As above | 8. Parent Contract set during attendance panel for 4 WEEK period (Refer if no improvement). Clear attendance target set and actions included in the attendance panel meeting.",
              choice: "At 90% or below the contract runs beside the Attendance Service referral: the case stays where it is, with the contract's 4-week target.",
            },
            {
              id: "attendance-service-above-90",
              on: "schoolDayClosed",
              to: "formalise.parentContract",
              when: { all: [WEEKLY, { attendance: { above: "$persistentAtMost" } }] },
              actions: [CONTRACT_TARGET, { letter: "acknowledgement-90", title: "Acknowledgement letter for improving attendance above 90%" }],
              reason: "Attendance has improved above 90%: acknowledgement letter; 4-weekly contract reviews with an improvement target",
              seed: "90% or Below | Acknowledgement / Success: 2. Acknowledgement Letter for improving attendance above 90%.",
              choice: "Above 90% the case returns to the 90% - 91.9% band's 4-weekly Parent Contract reviews, with a new improvement target.",
            },
            {
              id: "aps-referral",
              on: "schoolDayClosed",
              to: "enforce.apsReferral",
              when: { all: [WEEKLY, { schoolDaysInState: { atLeast: "$reviewSchoolDays" } }, NOT_IMPROVED] },
              actions: [
                { task: "legal-referral", title: "Refer to the Attendance Prosecution Service (APS) with the collated evidence" },
                { task: "meeting", title: "Monthly attendance action meeting (attendance lead and head of school): record the APS referral decision and the actions set" },
              ],
              reason: "No improvement since the referral into the Attendance Service: the Learning Mentor refers to the APS",
              seed: "5. Collate evidence for APS Referral. 6. Learning Mentor to refer where no improvement.",
              choice: "Judged at the monthly attendance action meeting ($reviewSchoolDays school days after the referral).",
            },
            {
              id: "attendance-service-monthly-review",
              on: "schoolDayClosed",
              to: "formalise.attendanceService",
              when: { all: [WEEKLY, { schoolDaysInState: { atLeast: "$reviewSchoolDays" } }] },
              actions: [{ task: "meeting", title: "Monthly attendance action meeting (attendance lead and head of school): review actions; improving, still 90% or below" }],
              reason: "Monthly attendance action meeting: attendance improving but still 90% or below",
              seed: "7. Monthly attendance action meetings with attendance lead and head of school to talk through all PA children. Actions set and reviewed during these meetings.",
            },
          ],
        },
      },
    },
    enforce: {
      description: "APS referral: the case is with the attendance prosecution service.",
      seed: "Refer any pupils that meet the APS criteria.",
      initial: "apsReferral",
      states: {
        apsReferral: {
          description: "Referred to the Attendance Prosecution Service.",
          seed: "6. Learning Mentor to refer where no improvement.",
          rules: [
            {
              id: "aps-improved",
              on: "schoolDayClosed",
              to: "formalise.parentContract",
              when: { all: [WEEKLY, { schoolDaysInState: { atLeast: "$reviewSchoolDays" } }, IMPROVED, { attendance: { above: "$persistentAtMost" } }] },
              actions: [CONTRACT_TARGET, { letter: "acknowledgement-90", title: "Acknowledgement letter for improving attendance above 90%" }],
              reason: "Attendance has improved, above 90%, since the APS referral: acknowledgement letter; back to 4-weekly contract reviews",
              seed: "90% or Below | Acknowledgement / Success: 2. Acknowledgement Letter for improving attendance above 90%.",
              choice: "The strategy does not say when a referred case steps down; improved and above 90% at a weekly review, at least 4 weeks after the referral.",
            },
          ],
        },
      },
    },
  },
  daily: [
    {
      id: "medical-evidence-request",
      in: MEDICAL_BANDS,
      when: { illnessSpellDays: { reaches: 1 } },
      actions: [{ task: "review", title: "Illness absence below 92%: ask the family for medical evidence; without it the absence is not authorised", dueInSchoolDays: 2 }],
      reason: "Below 92%, medical evidence is required to authorise further absence",
      seed: "6. ... parent attendance panel meeting when attendance falls below 92% (Medical evidence will be required to authorise further absence). | 90% - 91.9% | Daily Actions: 3. No absence to be authorised without medical proof.",
      choice: "Raised on the first day of each illness spell once the case is at the panel or below (facilitate, formalise, enforce); the evidence is recorded with medicalEvidenceReceived.",
    },
    {
      id: "medical-evidence-not-received",
      in: MEDICAL_BANDS,
      when: { all: [{ illnessSpellDays: { atLeast: "$medicalEvidenceSchoolDays" } }, { continuousAbsenceWithoutMedicalEvidence: { reaches: "$medicalEvidenceSchoolDays" } }] },
      actions: [{ task: "review", title: "No medical evidence received for this illness absence: it cannot stay authorised; amend the marks to unauthorised (O) or record the evidence" }],
      reason: "No medical evidence has arrived: the absence is not authorised without it",
      seed: "No absence to be authorised without medical proof.",
      choice: "Tracked: if no medicalEvidenceReceived is recorded by the $medicalEvidenceSchoolDays school day of the spell, the lead is asked to amend the marks (the engine sees O from then on) or record the evidence.",
    },
    {
      id: "termly-senior-leader-contact",
      in: ["facilitate", "formalise", "enforce"],
      when: { all: [{ calendar: "endOfTerm" }, { attendanceGain: { below: "$improvementPoints", overSchoolWeeks: 12 } }] },
      actions: [{ task: "review", title: "Senior leader to contact the family: no or little improvement this term" }],
      reason: "No or little improvement this term: a senior leader contacts the family",
      seed: "90% - 91.9% | Termly Actions: 3. Senior Leader to make contact with family where no of little improvement has been made.",
      choice: "At the end of each term, for cases below 92% whose year's figure rose less than $improvementPoints points over the term (twelve school weeks).",
    },
    {
      id: "termly-ewo-contact",
      in: ["formalise.attendanceService", "enforce"],
      when: { calendar: "endOfTerm" },
      actions: [{ task: "review", title: "Educational Welfare Officer contact with home: the school target, and attendance at 90% linked to underachievement" }],
      reason: "90% or below: the EWO contacts home each term",
      seed: "90% or Below | Termly Actions: 4. Educational Welfare Officer contact with home to discuss school target and all pupils at 90% - link to underachievement.",
    },
    {
      id: "home-visit-no-response",
      in: ["listen", "facilitate", "formalise.parentContract", "formalise.fastTrack"],
      when: { consecutiveUnauthorisedDays: { reaches: "$homeVisitUnexplainedDays" } },
      actions: [{ task: "home-visit", title: "Home visit: no response after 2 days of unexplained absence" }],
      reason: "Home visit must take place if no response after 2 days",
      seed: "92% - 94.9% | Daily Actions: 1. First day call/text message 2. Home visit where possible for same day 3. Home visit must take place if no response after 2 days",
      choice: "From the 92% - 94.9% band down (the rows below repeat or strengthen it). Not in the 90% or below band, where every day of absence already has a home visit.",
    },
    {
      id: "first-day-home-visit",
      in: ["listen", "facilitate", "formalise.parentContract", "formalise.fastTrack"],
      when: { continuousAbsenceWithoutMedicalEvidence: { reaches: 1 } },
      actions: [{ task: "home-visit", title: "First day call/home visit: absent without medical proof (no absence authorised without it)" }],
      reason: "Below 92%: first day call/home visit; no absence authorised without medical proof",
      seed: "92% - 94.9% | Daily Actions: 2. Home visit where possible for same day | 90% - 91.9% | Daily Actions: 1. First day call/home visit. 3. No absence to be authorised without medical proof.",
      choice: "From the 92% - 94.9% band down: the same-day visit 'where possible' is a task the Learning Mentor and Admin team may close without a visit.",
    },
    {
      id: "home-visit-every-absence",
      in: ["formalise.attendanceService", "enforce"],
      when: { continuousAbsenceWithoutMedicalEvidence: { atLeast: 1 } },
      actions: [{ task: "home-visit", title: "Home visit: absent today (90% or below)" }],
      reason: "90% or below: home visit for as many absences as possible",
      seed: "90% or Below | 4. Home visit for as many absences as possible.",
      choice: "Every school day of absence without medical evidence.",
    },
    {
      id: "priority-call-at-risk",
      in: ["monitor", "listen", "facilitate", "formalise", "enforce"],
      when: { all: [{ any: [{ flag: "socialWorker" }, { flag: "lookedAfter" }, { flag: "send" }] }, { continuousAbsenceWithoutMedicalEvidence: { reaches: 1 } }] },
      actions: [{ task: "first-day-call", title: "Priority phone call (CP, LAC, SEN): absent today; inform other relevant professionals", dueInSchoolDays: 0 }],
      reason: "CP, LAC, SEN priority phone calls; other relevant professionals informed of absence of 'at risk' pupils",
      seed: "2. CP, LAC, SEN priority phone calls. Other relevant professionals informed of absence of “at risk” pupils.",
      choice: "The table lists it from the 95% - 97.9% band down, not in the whole-school band; a pupil with a social worker is also covered there by the statutory same-day notification.",
    },
    {
      id: "mentoring-chat-at-risk",
      in: ["monitor"],
      when: { all: [WEEKLY, { attendance: { below: "$atRiskBelow" } }] },
      actions: [{ task: "meeting", title: "Mentoring chat with the pupil: at risk of falling below 95%" }],
      reason: "Pupils at risk of falling below 95% have a mentoring chat",
      seed: "Weekly Actions: Monitor pupils at risk of falling below 95% and have mentoring chat with the pupil.",
    },
    {
      id: "improvement-note",
      in: ["listen", "facilitate", "formalise", "enforce"],
      when: { all: [WEEKLY, { attendance: { atLeast: 100, overSchoolWeeks: 1 } }] },
      actions: [{ letter: "improvement-note", title: "Note home for improvement in attendance" }],
      reason: "Note home for improvement in attendance",
      seed: "Acknowledgement / Success: 1. Note Home for improvement in attendance. | 1. Learning Mentor to monitor and celebrate where improvement has been made.",
      choice: "Improvement is read as a full week in school (which raises the year's figure), noted at the end of the school week, for pupils below 95%.",
    },
    {
      id: "full-attendance-certificate",
      when: { all: [{ calendar: "endOfHalfTerm" }, { periodAttendance: { period: "halfTerm", atLeast: 100 } }] },
      actions: [{ letter: "full-attendance-certificate", title: "Letter home/certificate for 100% attendance this half term" }],
      reason: "Letters home/certificates for 100% attendance each half term",
      seed: "100% - 98% | Acknowledgement / Success: 1. Letters home/Certificates for 100% attendance each half term and at the end of the academic year.",
      choice: "Every possible session of the half term attended, judged on its last school day, whatever the pupil's band.",
    },
    {
      id: "full-attendance-certificate-year",
      when: { all: [{ calendar: "endOfSchoolYear" }, { periodAttendance: { period: "schoolYear", atLeast: 100 } }] },
      actions: [{ letter: "full-attendance-certificate-year", title: "Letter home/certificate for 100% attendance this school year" }],
      reason: "Letters home/certificates for 100% attendance at the end of the academic year",
      seed: "100% - 98% | Acknowledgement / Success: 1. Letters home/Certificates for 100% attendance each half term and at the end of the academic year.",
      choice: "Every possible session of the school year attended, judged on its last school day, by a pupil on roll for at least half of it.",
    },
    {
      id: "end-of-term-certificate",
      when: { all: [{ calendar: "endOfTerm" }, { periodAttendance: { period: "term", atLeast: "$termCertificatePct" } }] },
      actions: [{ letter: "end-of-term-certificate", title: "End of term certificate/letter home: 96% or more this term" }],
      reason: "End of term certificate/letter home for every child who achieves 96% or more attendance for the term",
      seed: "End of term certificate/letter home to parent for every child who achieves 96% or more attendance for the term.",
      choice: "A term ends at Christmas, Easter and the summer (a break of more than two weeks).",
    },
  ],
} satisfies PolicyInput;
