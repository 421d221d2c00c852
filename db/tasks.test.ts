import { describe, expect, it } from "vitest";
import { upsertPupils } from "./pupils.ts";
import { addTasks, closeTasks, listTasks, reopenTask, type NewTask } from "./tasks.ts";
import { syntheticPupil, syntheticUpn, useTempDatabases } from "./testSupport.ts";

const temp = useTempDatabases();
const A = syntheticUpn(1);
const B = syntheticUpn(2);
const notify = (upn: string, createdOn: string): NewTask => ({ upn, kind: "notification", title: "Tell the social worker today", rule: "statutory:social-worker", createdOn, dueOn: createdOn });

describe("adding the tasks a step raised", () => {
  it("merges a task raised again while the same one (pupil, kind, rule) is open, within a list and across calls", async () => {
    const { rdb } = await temp();
    await upsertPupils(rdb.orm, [syntheticPupil(1), syntheticPupil(2)]);
    expect(await addTasks(rdb.orm, [notify(A, "2025-03-03"), notify(A, "2025-03-04"), notify(B, "2025-03-04")])).toBe(2);
    expect(await addTasks(rdb.orm, [notify(A, "2025-03-06"), notify(A, "2025-03-05")])).toBe(0);
    const [a, b] = [...(await listTasks(rdb.orm, { upn: A })), ...(await listTasks(rdb.orm, { upn: B }))];
    expect(a).toMatchObject({ createdOn: "2025-03-03", raisedAgain: 3, lastRaisedOn: "2025-03-06", status: "open" });
    expect(b).toMatchObject({ raisedAgain: 0, lastRaisedOn: null });
    // Another rule, a first-day call each day, a letter each time: their own tasks.
    const own: NewTask[] = [
      { ...notify(A, "2025-03-06"), rule: "statutory:looked-after" },
      { upn: A, kind: "first-day-call", title: "First-day call", rule: "statutory:first-day-call", createdOn: "2025-03-06" },
      { upn: A, kind: "first-day-call", title: "First-day call", rule: "statutory:first-day-call", createdOn: "2025-03-07" },
      { upn: A, kind: "letter", title: "Letter 1", rule: "letter-1", createdOn: "2025-03-07" },
      { upn: A, kind: "letter", title: "Letter 1", rule: "letter-1", createdOn: "2025-03-07" },
    ];
    expect(await addTasks(rdb.orm, own)).toBe(5);
    // Once done, the same task raised again is a new one.
    expect(await closeTasks(rdb.orm, [{ id: a!.id, status: "done", outcome: "Notified today" }], { actor: "lead", at: "2025-03-07T09:00:00.000Z" })).toEqual([a!.id]);
    expect(await addTasks(rdb.orm, [notify(A, "2025-03-10")])).toBe(1);
    // Reopening the done one leaves two open: an undo is not a duplicate raised by a rule.
    expect(await reopenTask(rdb.orm, a!.id)).toBe(true);
    expect(await reopenTask(rdb.orm, a!.id)).toBe(false);
    const open = (await listTasks(rdb.orm, { upn: A, status: "open" })).filter((t) => t.rule === "statutory:social-worker");
    expect(open.map((t) => t.createdOn)).toEqual(["2025-03-03", "2025-03-10"]);
    expect(await addTasks(rdb.orm, [notify(A, "2025-03-11")])).toBe(0);
    expect((await listTasks(rdb.orm, { upn: A, status: "open" })).filter((t) => t.rule === "statutory:social-worker").map((t) => t.raisedAgain)).toEqual([4, 0]);
  });
});
