import { STAGE_NAMES } from "../../machines/policy/schema.ts";
import { historyPayloadLines } from "../../machines/case/historyWords.ts";
import { html, htmlDocument, type Html, longDate, pct, shortDate } from "../print/html.ts";
import type { EvidenceBundle, EvidenceEntry } from "./assemble.ts";

const FLAG_WORDS: Record<string, string> = { socialWorker: "Social worker", lookedAfter: "Looked after", send: "SEND", pupilPremium: "Pupil premium", youngCarer: "Young carer", eal: "EAL" };
const TASK_WORDS: Record<string, string> = { "first-day-call": "First-day call", "home-visit": "Home visit", letter: "Letter", meeting: "Meeting", review: "Review", referral: "Referral", notification: "Notification", "penalty-notice": "Penalty-notice decision", "agreed-action": "Agreed action" };
const WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri"];

function humanise(key: string): string {
  const text = key
    .replace(/([a-z])([A-Z])/g, "$1 $2")
    .replace(/([A-Za-z])(\d)/g, "$1 $2")
    .split(" ")
    .map((w) => (/^(sap|nti|pn|ehcp|ewo|la|mash|fpn)$/i.test(w) ? w.toUpperCase() : w.toLowerCase()))
    .join(" ");
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export function stateWords(state: string): string {
  if (!state) return "—";
  const [stage, ...rest] = state.split(".");
  const name = STAGE_NAMES[stage as keyof typeof STAGE_NAMES] ?? stage!;
  return rest.length ? `${name} (${rest.map(humanise).join(", ")})` : name;
}

function figures(metrics: Record<string, unknown> | null): string {
  if (!metrics) return "";
  const n = (k: string) => (typeof metrics[k] === "number" ? (metrics[k] as number) : null);
  const parts: string[] = [];
  if (n("possibleSessions") !== null) parts.push(`attendance ${pct(n("attendancePct"))} of ${n("possibleSessions")} possible sessions`);
  if (n("unauthorisedSessionsLast10SchoolWeeks") !== null) parts.push(`${n("unauthorisedSessionsLast10SchoolWeeks")} unauthorised sessions in the last 10 school weeks`);
  if ((n("consecutiveUnauthorisedDays") ?? 0) > 0) parts.push(`${n("consecutiveUnauthorisedDays")} days in a row unauthorised`);
  return parts.join("; ");
}

function payloadLines(payload: Record<string, unknown> | null): string[] {
  if (!payload) return [];
  return Object.entries(payload)
    .filter(([, v]) => v !== undefined && v !== null && v !== "" && !(Array.isArray(v) && v.length === 0))
    .map(([k, v]) => `${humanise(k)}: ${Array.isArray(v) ? v.join(", ") : String(v)}`);
}

const who = (actor: string | null) => (actor === "rollcall" || actor === "system" ? "Rollcall (automatic)" : (actor ?? "—"));

function entryTable(entries: readonly EvidenceEntry[], empty: string, withState: boolean): Html {
  if (entries.length === 0) return html`<p class="muted">${empty}</p>`;
  return html`<table>
<thead><tr><th scope="col">Date</th><th scope="col">Who</th><th scope="col">What</th><th scope="col">Details</th></tr></thead>
<tbody>${entries.map(
    (e) => html`<tr data-seq="${e.seq}"><td>${shortDate(e.date)}</td><td>${who(e.actor)}</td><td><strong>${e.label}</strong>${
      withState && e.from !== e.to ? html`<br>${e.from ? `${stateWords(e.from)} → ` : ""}${stateWords(e.to)}` : ""
    }</td><td>${(historyPayloadLines(e.eventType, e.payload) ?? payloadLines(e.payload)).map((l) => html`<div>${l}</div>`)}${e.reason ? html`<div>Why: ${e.reason}${e.rule ? html` <span class="muted small">(rule ${e.rule})</span>` : ""}</div>` : ""}${
      figures(e.metrics) ? html`<div class="muted small">Figures that day: ${figures(e.metrics)}</div>` : ""
    }</td></tr>`,
  )}</tbody>
</table>`;
}

const yesNo = (v: boolean | null | undefined) => (v === true ? "yes" : v === false ? "no" : "not said");
const addressOf = (p: { addressLines: readonly string[]; postcode: string | null }) => [...p.addressLines, p.postcode ?? ""].filter(Boolean).join(", ") || "—";

/** The parents and carers held now, and who each notice was addressed to as held on its day (server/parents/notices.ts). */
function parentsSection(b: EvidenceBundle): Html {
  return html`<h3 id="parents">Parents and carers</h3>
${
  b.parentsCarers.length === 0
    ? html`<p class="muted">No parents or carers are held for this pupil.</p>`
    : html`<table><thead><tr><th scope="col">Name</th><th scope="col">Relationship</th><th scope="col">Parental responsibility</th><th scope="col">Lives with pupil</th><th scope="col">Liable for notices</th><th scope="col">Letters</th><th scope="col">Address</th></tr></thead><tbody>
${b.parentsCarers.map((p) => html`<tr><td>${p.name}</td><td>${p.relationship}</td><td>${yesNo(p.parentalResponsibility)}</td><td>${yesNo(p.livesWithPupil)}</td><td>${yesNo(p.liableForNotices)}</td><td>${yesNo(p.correspondence)}</td><td>${addressOf(p)}</td></tr>`)}
</tbody></table>`
}
<h3 id="notices">Notices: who each was addressed to</h3>
${
  b.notices.length === 0
    ? html`<p class="muted">No notice to improve or penalty notice has been recorded.</p>`
    : html`<table><thead><tr><th scope="col">Date</th><th scope="col">Notice</th><th scope="col">Addressed to (as held that day)</th></tr></thead><tbody>
${b.notices.map(
  (n) => html`<tr data-seq="${n.seq}"><td>${shortDate(n.date)}</td><td>${n.eventType === "penaltyNoticeIssued" ? "Penalty notice" : "Notice to improve"}</td><td>${n.addressees.map(
    (p) => html`<div><strong>${p.name}</strong> (${p.relationship}; parental responsibility ${yesNo(p.parentalResponsibility)}; liable for notices ${yesNo(p.liableForNotices)}), ${addressOf(p)} <span class="muted small">(record version ${p.version}, ${p.changedBy}, ${shortDate(p.changedAt.slice(0, 10))})</span></div>`,
  )}${n.how === "liable" && n.addressees.length ? html`<div class="muted small">No parent was named on the notice: the parents held liable with parental responsibility.</div>` : ""}${
    n.problem ? html`<div class="problem">${n.named && !n.addressees.length ? `Named on the notice: ${n.named}. ` : ""}${n.problem}.</div>` : ""
  }</td></tr>`,
)}
</tbody></table>`
}`;
}

export function evidenceHtml(b: EvidenceBundle, options: { inlineCss?: boolean } = {}): string {
  const p = b.pupil;
  const name = p ? `${p.forename} ${p.surname}` : b.upn;
  const flags = p ? Object.keys(FLAG_WORDS).filter((f) => (p as unknown as Record<string, unknown>)[f] === true).map((f) => FLAG_WORDS[f]!) : [];
  const m = b.metrics;
  const sent = b.letters.filter((l) => l.status === "done");
  const unsent = b.letters.filter((l) => l.status !== "done");
  const body = html`<header class="cover">
<h1>Attendance evidence bundle</h1>
<p><strong>${name}</strong> · UPN ${b.upn}</p>
<p class="muted">${b.school} · prepared by ${b.generatedBy} on ${longDate(b.schoolDate)} (generated ${b.generatedAt.slice(0, 16).replace("T", " ")} UTC) · figures as of ${longDate(m?.asOf ?? b.case.processedThrough)}</p>
<p class="muted small">Personal data about a child: share only with the local authority's attendance service for this case; do not copy.</p>
</header>
<nav><ol class="toc">
<li><a href="#pupil">Pupil, parents and carers, and case</a></li>
<li><a href="#summary">Attendance summary</a></li>
<li><a href="#stages">Stage changes</a></li>
<li><a href="#support">Support offered and meetings</a></li>
<li><a href="#letters">Letters</a></li>
<li><a href="#contacts">Contacts, calls and visits</a></li>
<li><a href="#notes">Notes</a></li>
<li><a href="#record">Attendance record by week</a></li>
<li><a href="#audit">Audit trail</a></li>
</ol></nav>

<section id="pupil" class="section"><h2>1. Pupil and case</h2>
<dl class="facts">
<dt>Name</dt><dd>${name}</dd>
<dt>UPN</dt><dd>${b.upn}</dd>
${p?.dateOfBirth ? html`<dt>Date of birth</dt><dd>${longDate(p.dateOfBirth)}</dd>` : ""}
<dt>Year group</dt><dd>${p?.yearGroup ?? "—"}${p?.class ? ` · class ${p.class}` : ""}</dd>
<dt>Flags</dt><dd>${flags.length ? flags.join(", ") : "none"}</dd>
<dt>Stage now</dt><dd>${stateWords(b.case.state)}</dd>
<dt>Case opened</dt><dd>${longDate(b.case.openedOn)}</dd>
<dt>Policy</dt><dd>${b.case.policy.name} (version ${b.case.policy.version})</dd>
${b.case.target ? html`<dt>Target</dt><dd>${b.case.target.attendancePct}% set ${longDate(b.case.target.setOn)}${b.case.target.reviewOn ? `, review ${longDate(b.case.target.reviewOn)}` : ""}</dd>` : ""}
${b.case.reviewDate ? html`<dt>Review date</dt><dd>${longDate(b.case.reviewDate)}</dd>` : ""}
</dl>
${parentsSection(b)}</section>

<section id="summary" class="section"><h2>2. Attendance summary</h2>
${
  m && m.possibleSessions > 0
    ? html`<table class="summary"><tbody>
<tr><th scope="row">Attendance</th><td class="num">${pct(m.attendancePct)}</td><td>${m.attendedSessions} of ${m.possibleSessions} possible sessions attended</td></tr>
<tr><th scope="row">Authorised absence</th><td class="num">${m.authorisedAbsenceSessions}</td><td>sessions (of which illness ${m.illnessSessions})</td></tr>
<tr><th scope="row">Unauthorised absence</th><td class="num">${m.unauthorisedAbsenceSessions}</td><td>sessions this year</td></tr>
<tr><th scope="row">Unauthorised, last 10 school weeks</th><td class="num">${m.unauthorisedSessionsLast10SchoolWeeks}</td><td>national penalty-notice threshold: 10 sessions in 10 school weeks — ${
        m.penaltyThresholdMet ? html`<strong>met</strong>` : "not met now"
      }${m.penaltyThresholdFirstMetOn ? `; first met ${longDate(m.penaltyThresholdFirstMetOn)}` : ""}</td></tr>
<tr><th scope="row">Persistent / severe absence</th><td class="num">${m.severeAbsence ? "SA" : m.persistentAbsence ? "PA" : "no"}</td><td>persistent: 10% or more absence; severe: 50% or more</td></tr>
<tr><th scope="row">Late (L / U)</th><td class="num">${m.lateBeforeRegisterClosedSessions} / ${m.lateAfterRegisterClosedSessions}</td><td>before / after the register closed</td></tr>
<tr><th scope="row">Days in a row unauthorised</th><td class="num">${m.consecutiveUnauthorisedDays}</td><td>as of ${longDate(m.asOf)}</td></tr>
</tbody></table>`
    : html`<p class="muted">No register marks are held for this pupil.</p>`
}
</section>

<section id="stages" class="section"><h2>3. Stage changes</h2>
<p class="muted small">Every move of the case, with the policy rule that made it, its reason and the figures the rule saw.</p>
${entryTable(b.stageChanges, "The case has not moved.", true)}
</section>

<section id="support" class="section"><h2>4. Support offered and meetings</h2>
<h3>Support first (statutory gate)</h3>
<p class="muted small">What a person recorded on this case that counts as support before any legal step: the same records a move into Enforce names. A letter the system sent, or a stage entered, is not support.</p>
${
  b.supportFirst.length === 0
    ? html`<p>No support recorded by a person: no legal step can be taken on this case (unless the absence is an unauthorised holiday only).</p>`
    : html`<ul>${b.supportFirst.map((r) => html`<li>${longDate(r.date)}: ${r.summary}${r.actor ? html` (recorded by ${r.actor})` : ""}</li>`)}</ul>`
}
<h3>Every meeting, visit, referral and notice</h3>
${entryTable(b.support, "No support, meetings, visits or referrals have been recorded.", true)}
</section>

<section id="letters" class="section"><h2>5. Letters</h2>
${
  sent.length === 0 && unsent.length === 0
    ? html`<p class="muted">No letters were raised.</p>`
    : html`<table><thead><tr><th scope="col">Letter</th><th scope="col">Raised</th><th scope="col">Printed (as kept)</th><th scope="col">Sent</th><th scope="col">By</th><th scope="col">How</th></tr></thead><tbody>
${b.letters.map(
  (l) =>
    html`<tr><td>${l.title}</td><td>${shortDate(l.createdOn)}</td><td>${l.printed ? html`${shortDate(l.printed.on)} by ${l.printed.by} <span class="muted small">(digest ${l.printed.digest.slice(0, 12)}…)</span>` : html`<span class="muted">not printed</span>`}</td><td>${l.sending ? shortDate(l.sending.on) : l.status === "done" ? shortDate(l.completedAt) : l.status === "cancelled" ? "withdrawn" : html`<strong>not sent</strong>`}</td><td>${l.sending?.by ?? l.completedBy ?? ""}</td><td>${l.sending?.how ?? l.outcome ?? ""}</td></tr>`,
)}
</tbody></table>`
}
<p class="muted small">A printed letter is kept exactly as printed; its digest is the one in the case's history entry "Letter printed". The sent date is the one recorded when it was marked sent.</p>
<p class="muted small">${sent.length} sent, ${unsent.filter((l) => l.status === "open").length} not yet sent.</p>
</section>

<section id="contacts" class="section"><h2>6. Contacts, calls and visits</h2>
${
  b.contacts.length === 0 && b.actions.length === 0
    ? html`<p class="muted">No contacts, calls or visits recorded.</p>`
    : html`<table><thead><tr><th scope="col">Date</th><th scope="col">What</th><th scope="col">Who</th><th scope="col">Outcome</th></tr></thead><tbody>
${b.contacts.map((c) => html`<tr><td>${shortDate(c.date)}</td><td>${humanise(c.kind)} with ${c.withWhom}</td><td>${c.recordedBy}</td><td>${c.summary}</td></tr>`)}
${b.actions.map((t) => html`<tr><td>${shortDate(t.completedAt)}</td><td>${TASK_WORDS[t.kind] ?? t.kind}: ${t.title}</td><td>${t.completedBy ?? ""}</td><td>${t.outcome ?? ""}</td></tr>`)}
</tbody></table>`
}
<h3 id="still-to-do">Still to do</h3>
${
  b.stillToDo.length === 0
    ? html`<p class="muted">Nothing is still to do on this case.</p>`
    : html`<table><thead><tr><th scope="col">Raised</th><th scope="col">What</th><th scope="col">Due</th><th scope="col">With</th></tr></thead><tbody>
${b.stillToDo.map((t) => html`<tr><td>${shortDate(t.createdOn)}</td><td>${TASK_WORDS[t.kind] ?? t.kind}: ${t.title}</td><td>${t.dueOn ? shortDate(t.dueOn) : ""}</td><td>${t.assignee ?? html`<span class="muted">unassigned</span>`}</td></tr>`)}
</tbody></table>`
}
</section>

<section id="notes" class="section"><h2>7. Notes</h2>
${entryTable(b.notes, "No notes.", false)}
</section>

<section id="record" class="section"><h2>8. Attendance record by week</h2>
<p class="muted small">Register codes for each morning and afternoon session (AM PM), as held by Rollcall.</p>
<table class="record"><thead><tr><th scope="col">Week commencing</th>${WEEKDAYS.map((d) => html`<th scope="col">${d}</th>`)}<th scope="col" class="num">Possible</th><th scope="col" class="num">Attended</th><th scope="col" class="num">Auth.</th><th scope="col" class="num">Unauth.</th><th scope="col" class="num">Week</th><th scope="col" class="num">Year to date</th></tr></thead>
<tbody>${b.weeks.map(
    (w) => html`<tr data-week="${w.weekCommencing}"><td>${shortDate(w.weekCommencing)}</td>${WEEKDAYS.map((_, i) => {
      const day = w.days.find((d) => d.weekday === i);
      return html`<td class="code">${day ? `${day.am || "·"} ${day.pm || "·"}` : ""}</td>`;
    })}<td class="num">${w.possibleSessions}</td><td class="num">${w.attendedSessions}</td><td class="num">${w.authorisedSessions}</td><td class="num">${w.unauthorisedSessions}</td><td class="num">${pct(w.weekPct)}</td><td class="num">${pct(w.cumulativePct)}</td></tr>`,
  )}</tbody></table>
${b.codesUsed.length ? html`<h3>Codes used</h3><table class="small"><tbody>${b.codesUsed.map((c) => html`<tr><td class="code">${c.code}</td><td>${c.meaning}</td></tr>`)}</tbody></table>` : ""}
<p class="muted small">· no mark (not a school day for this pupil, or not yet taken).</p>
</section>

<section id="audit" class="section"><h2>9. Audit trail</h2>
${
  b.audit.ok
    ? html`<p class="ok">Audit chain verified for this case: ${b.audit.checked} history entries checked; each entry's hash covers the one before it, so none has been changed or removed.</p>`
    : html`<p class="problem">Audit chain broken for this case at entry ${b.audit.firstBrokenSeq ?? "?"}: the history from there cannot be relied on. Tell the administrator before using this bundle.</p>`
}
${b.audit.lastHash ? html`<p class="small">Hash of the latest entry: <span class="hash">${b.audit.lastHash}</span></p>` : ""}
${
  b.audit.headSealed
    ? html`<p class="ok">The history ends at the head sealed with the school's audit key (key ${b.audit.checkpoint.keyId}): no entry has been removed from its end.</p>`
    : html`<p class="problem">${b.audit.headProblem ?? "The case's sealed head does not hold."}</p>`
}
${
  b.audit.registerSealed
    ? html`<p class="ok">The attendance record above matches the register's seals: no mark has been edited or swapped outside Rollcall.</p>`
    : html`<p class="problem">${b.audit.registerProblem ?? "The register does not match its seals."} The attendance figures above cannot be relied on.</p>`
}
<h3>Checkpoint</h3>
<p class="small">The audit trail as this bundle was built from it, signed (Ed25519) with the school's audit key. Keep it: later, the
school's Rollcall can prove that its history has only grown since (<code>POST /api/audit/checkpoint/verify</code> with this text).</p>
<pre class="hash small">${JSON.stringify(b.audit.checkpoint, null, 1)}</pre>
</section>`;
  return htmlDocument({ title: `Evidence bundle — ${name}`, body, inlineCss: options.inlineCss, className: "evidence" });
}
