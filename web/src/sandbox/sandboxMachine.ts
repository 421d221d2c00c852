import { assign, setup } from "xstate";
import { statePath } from "../../../machines/case/stepCase.ts";
import { type SandboxCase, type SandboxEvent, type SandboxState } from "./driver.ts";

/**
 * The sandbox as an XState actor, for `useActorRef`/`useSelector` (useSandbox.ts) and, when a developer turns it on,
 * `@statelyai/inspect` (inspector.ts). Its context is the driver's state; every command steps the compiled case
 * machine through the driver (driver.ts), so the page, the test in Node and `rollcall simulate` share one engine.
 */
export interface SandboxContext {
  readonly sandbox: SandboxCase;
  readonly state: SandboxState;
  /** For a pupil who started with no marks: the mark each day gets as it closes (null: the register's own marks). */
  readonly fill: string | null;
  /** What the last recorded event's refusal said, by field (empty when it was accepted). */
  readonly problems: readonly { field: string; message: string }[];
  /** Counts recorded events, so the page can tell a new outcome from the last one. */
  readonly recorded: number;
}

export type SandboxCommand =
  | { type: "advance.days"; count: number }
  | { type: "advance.to"; date: string }
  | { type: "advance.end" }
  | { type: "record"; event: SandboxEvent }
  | { type: "fill"; code: string }
  | { type: "reset" };

export interface SandboxInput {
  readonly sandbox: SandboxCase;
  readonly fill?: string | null;
}

/** Before closing days up to `last`: a pupil with no marks of their own gets the chosen mark on each of them. */
function markedThrough(context: SandboxContext, last: number): SandboxCase {
  if (context.fill === null || last <= context.state.closedThrough) return context.sandbox;
  return context.sandbox.withDaysMarked(context.state.closedThrough + 1, last, context.fill);
}

function advance(context: SandboxContext, last: number): Partial<SandboxContext> {
  const sandbox = markedThrough(context, last);
  return { sandbox, state: sandbox.advanceDays(context.state, last - context.state.closedThrough), problems: [] };
}

export const sandboxMachine = setup({
  types: {} as { context: SandboxContext; events: SandboxCommand; input: SandboxInput },
  guards: {
    atEnd: ({ context }) => context.state.closedThrough >= context.sandbox.days.length - 1,
  },
}).createMachine({
  id: "sandbox",
  context: ({ input }) => ({ sandbox: input.sandbox, state: input.sandbox.start(), fill: input.fill ?? null, problems: [], recorded: 0 }),
  initial: "stepping",
  on: {
    record: {
      actions: assign(({ context, event }) => {
        const outcome = context.sandbox.record(context.state, event.event);
        return { state: outcome.state, problems: outcome.ok ? [] : outcome.problems, recorded: context.recorded + 1 };
      }),
    },
    reset: { target: ".stepping", actions: assign(({ context }) => ({ state: context.sandbox.start(), problems: [], recorded: 0 })) },
    fill: { actions: assign(({ event }) => ({ fill: event.code })) },
  },
  states: {
    stepping: {
      always: { guard: "atEnd", target: "endOfRegister" },
      on: {
        "advance.days": { actions: assign(({ context, event }) => advance(context, Math.min(context.sandbox.days.length - 1, context.state.closedThrough + Math.max(1, event.count)))) },
        "advance.to": {
          actions: assign(({ context, event }) => {
            const last = context.sandbox.setup.calendar.lastDayOnOrBefore(event.date);
            if (last <= context.state.closedThrough) {
              return { problems: [{ field: "date", message: `${event.date} is not after the sandbox's today: choose a later date` }] };
            }
            return advance(context, last);
          }),
        },
        "advance.end": { actions: assign(({ context }) => advance(context, context.sandbox.days.length - 1)) },
      },
    },
    /** Every school day of the register is closed: events can still be recorded. */
    endOfRegister: {},
  },
});

/** The case's state path in the sandbox's snapshot (for selectors). */
export function sandboxStatePath(context: SandboxContext): string {
  return statePath(context.state.stored);
}
