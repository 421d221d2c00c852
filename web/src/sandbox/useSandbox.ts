import { useActorRef, useSelector } from "@xstate/react";
import { useCallback } from "react";
import type { InspectionEvent, Observer } from "xstate";
import type { SandboxCase, SandboxEvent } from "./driver.ts";
import { sandboxMachine } from "./sandboxMachine.ts";

/**
 * One sandbox run in a React page: the sandbox actor (sandboxMachine.ts) held with `useActorRef`, its parts read
 * with `useSelector`. The actor is made once per mounted component: give the component a new `key` to start a new
 * run (another pupil, another policy, the inspector turned on or off).
 */
export function useSandbox(sandbox: SandboxCase, options: { fill?: string | null; inspect?: Observer<InspectionEvent> } = {}) {
  const actor = useActorRef(sandboxMachine, { input: { sandbox, fill: options.fill ?? null }, ...(options.inspect ? { inspect: options.inspect } : {}) });
  const state = useSelector(actor, (s) => s.context.state);
  const engine = useSelector(actor, (s) => s.context.sandbox);
  const problems = useSelector(actor, (s) => s.context.problems);
  const fill = useSelector(actor, (s) => s.context.fill);
  const ended = useSelector(actor, (s) => s.matches("endOfRegister"));

  const advanceDays = useCallback((count: number) => actor.send({ type: "advance.days", count }), [actor]);
  const advanceTo = useCallback((date: string) => {
    actor.send({ type: "advance.to", date });
    return actor.getSnapshot().context.problems;
  }, [actor]);
  const advanceToEnd = useCallback(() => actor.send({ type: "advance.end" }), [actor]);
  /** Records an event; resolves to the problems by field when it was refused (none when it was recorded). */
  const record = useCallback((event: SandboxEvent) => {
    actor.send({ type: "record", event });
    return actor.getSnapshot().context.problems;
  }, [actor]);
  const reset = useCallback(() => actor.send({ type: "reset" }), [actor]);
  const setFill = useCallback((code: string) => actor.send({ type: "fill", code }), [actor]);

  return { actor, engine, state, problems, fill, ended, advanceDays, advanceTo, advanceToEnd, record, reset, setFill };
}
