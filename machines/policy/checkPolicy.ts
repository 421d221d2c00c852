import type { AnyStateMachine } from "xstate";
import { toDirectedGraph } from "xstate/graph";
import { type CompiledPolicy, compilePolicy, MACHINE_ID, PolicyError, type PolicyProblem } from "./compilePolicy.ts";
import { impossibleGuard } from "../guards/index.ts";
import { CLOSED } from "./schema.ts";

export interface PolicyCheck {
  readonly ok: boolean;
  readonly policyId: string | null;
  /** Schema, reference and structure problems; any one makes the policy unusable. */
  readonly problems: readonly PolicyProblem[];
  readonly states: number;
  readonly rules: number;
  readonly compiled?: CompiledPolicy;
}

type GraphNode = ReturnType<typeof toDirectedGraph>;

/**
 * Checks a policy: the schema, every reference (targets, parameters, letters), and, on the compiled machine's
 * graph (`xstate/graph`), that every state can be reached from where a case starts and every state can be
 * left by one of the school's own rules (closing a case does not count). Guards that can never hold
 * (attendance below 0%, above 100%) are problems too.
 */
export function checkPolicy(input: unknown, source = "policy"): PolicyCheck {
  let compiled: CompiledPolicy;
  try {
    compiled = compilePolicy(input, source);
  } catch (error) {
    if (error instanceof PolicyError) {
      const id = (input as { id?: unknown })?.id;
      return { ok: false, policyId: typeof id === "string" ? id : null, problems: error.problems, states: 0, rules: 0 };
    }
    throw error;
  }
  const problems: PolicyProblem[] = [];
  const graph = toDirectedGraph(compiled.machine as unknown as AnyStateMachine);
  const nodes = new Map<string, GraphNode>();
  const parent = new Map<string, string>();
  const visit = (node: GraphNode) => {
    nodes.set(node.id, node);
    for (const child of node.children) {
      parent.set(child.id, node.id);
      visit(child);
    }
  };
  visit(graph);
  const root = MACHINE_ID;
  const pathOf = (id: string) => (id === root ? "" : id.slice(root.length + 1));
  const idOf = (path: string) => (path === "" ? root : `${root}.${path}`);

  // Edges the school wrote (root edges only where a policy-wide rule targets them; the built-in defaults such
  // as closeCase are excluded, or every state would trivially be leavable).
  const policyRootTargets = new Set(
    (compiled.rulesByState.get("") ?? []).filter((r) => !r.builtIn && r.to !== undefined).map((r) => idOf(r.to!)),
  );
  const edgesFrom = (id: string) =>
    nodes.get(id)!.edges.filter((e) => e.target.id !== e.source.id && (id !== root || policyRootTargets.has(e.target.id)));

  const ancestors = (id: string): string[] => {
    const out: string[] = [];
    for (let p = parent.get(id); p !== undefined; p = parent.get(p)) out.push(p);
    return out;
  };
  const initialChain = (id: string): string[] => {
    const out = [id];
    let node = nodes.get(id)!;
    while (node.children.length > 0) {
      const initialKey = (node.stateNode.config as { initial?: string }).initial ?? node.children[0]!.stateNode.key;
      node = node.children.find((c) => c.stateNode.key === initialKey)!;
      out.push(node.id);
    }
    return out;
  };

  // Reachability: from the initial configuration, follow the edges of every active node.
  const reached = new Set<string>();
  const queue = [...initialChain(idOf(compiled.policy.initial))];
  const enter = (target: string) => {
    for (const id of [...ancestors(target), ...initialChain(target)]) {
      if (!reached.has(id)) {
        reached.add(id);
        queue.push(id);
      }
    }
  };
  queue.forEach((id) => reached.add(id));
  reached.add(root);
  while (queue.length > 0) {
    const id = queue.shift()!;
    for (const edge of edgesFrom(id)) enter(edge.target.id);
  }
  for (const path of compiled.statePaths) {
    if (path === CLOSED) continue;
    if (!reached.has(idOf(path))) {
      problems.push({ path: `state ${path}`, message: "no rule leads here: a case can never reach this state" });
    }
  }

  // Leavability: every atomic state (but closed) needs a school rule, on it or on an enclosing state, that
  // takes the case somewhere outside it.
  for (const [id, node] of nodes) {
    if (id === root || node.children.length > 0 || pathOf(id) === CLOSED) continue;
    const chain = [id, ...ancestors(id)];
    const leaves = chain.some((from) =>
      edgesFrom(from).some((e) => e.target.id !== id && !e.target.id.startsWith(`${id}.`)),
    );
    if (!leaves) problems.push({ path: `state ${pathOf(id)}`, message: "no rule of the policy leads out of this state: a case here is stuck" });
  }

  for (const rule of compiled.rules) {
    const impossible = impossibleGuard(rule.guard);
    if (impossible) problems.push({ path: `rule ${rule.id}`, message: `its guard can never hold: ${impossible}` });
  }
  return {
    ok: problems.length === 0,
    policyId: compiled.policy.id,
    problems,
    states: compiled.statePaths.length,
    rules: compiled.rules.filter((r) => !r.builtIn).length,
    compiled,
  };
}
