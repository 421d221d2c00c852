/**
 * A pupil's parents and carers over the API: read by role (least privilege, docs/security.md), added, changed and
 * removed by the attendance lead and officers. Every change is a new version (db/parentsCarers.ts), made against
 * the version the page loaded; every read and change is in the access log.
 */
import { createRoute, z } from "@hono/zod-openapi";
import * as store from "../../db/index.ts";
import type { ParentCarerVersion } from "../../db/parentsCarers.ts";
import { refuseOutOfScope } from "../cases/index.ts";
import type { AppEnv, ServerDeps } from "../deps.ts";
import { apiRouter } from "../router.ts";
import { ParentCarerInput, toDetails } from "./details.ts";

const Upn = z.object({ upn: z.string().min(1).max(20).openapi({ param: { name: "upn", in: "path" }, description: "the pupil's UPN" }) });
const UpnAndId = Upn.extend({ id: z.coerce.number().int().min(1).openapi({ param: { name: "id", in: "path" }, description: "the parent or carer (the same through every version)" }) });

/** What each role reads: casework everything; a teacher who to phone; an auditor who, and who is responsible, no contact details. */
export type ParentsView = "all" | "phone" | "names";
export function viewFor(role: string): ParentsView | null {
  if (role === "attendance-lead" || role === "attendance-officer") return "all";
  if (role === "teacher") return "phone";
  if (role === "auditor") return "names";
  return null;
}

const ParentCarer = z
  .object({
    id: z.number().openapi({ description: "the person: the same through every version" }),
    version: z.number(),
    name: z.string(),
    relationship: z.string(),
    priority: z.number(),
    parentalResponsibility: z.boolean().optional(),
    livesWithPupil: z.boolean().optional(),
    addressLines: z.array(z.string()).optional(),
    postcode: z.string().nullable().optional(),
    phone: z.string().nullable().optional(),
    email: z.string().nullable().optional(),
    correspondence: z.boolean().optional(),
    liableForNotices: z.boolean().nullable().optional(),
    removed: z.boolean(),
    changedBy: z.string().optional(),
    changedAt: z.string(),
    source: z.string().optional(),
    reason: z.string().nullable().optional(),
  })
  .openapi("ParentCarer");

const ParentsCarers = z
  .object({
    upn: z.string(),
    view: z.enum(["all", "phone", "names"]).openapi({ description: "what this role is shown: all; phone (names, relationship, phone); names (no address, phone or email)" }),
    parents: z.array(ParentCarer),
    history: z.array(ParentCarer).nullable().openapi({ description: "every version, oldest first (not for teachers)" }),
  })
  .openapi("ParentsCarers");
export type ParentsCarersResponse = z.infer<typeof ParentsCarers>;

function shown(p: ParentCarerVersion, view: ParentsView): z.infer<typeof ParentCarer> {
  const base = { id: p.parentId, version: p.version, name: p.name, relationship: p.relationship, priority: p.priority, removed: p.removed, changedAt: p.changedAt };
  if (view === "phone") return { ...base, phone: p.phone };
  const who = { changedBy: p.changedBy, source: p.source, reason: p.reason, parentalResponsibility: p.parentalResponsibility, correspondence: p.correspondence, liableForNotices: p.liableForNotices, livesWithPupil: p.livesWithPupil };
  if (view === "names") return { ...base, ...who };
  return { ...base, ...who, addressLines: [...p.addressLines], postcode: p.postcode, phone: p.phone, email: p.email };
}

async function parentsView(deps: ServerDeps, upn: string, view: ParentsView): Promise<ParentsCarersResponse> {
  const parents = (await store.listParentsCarers(deps.rdb.orm, upn)).map((p) => shown(p, view));
  const history = view === "phone" ? null : (await store.parentsCarersHistory(deps.rdb.orm, upn)).map((p) => shown(p, view));
  return { upn, view, parents, history };
}

const responses = {
  200: { description: "The pupil's parents and carers now (and every version, for casework and auditors)", content: { "application/json": { schema: ParentsCarers } } },
  403: { description: "A teacher, for a pupil not in their classes" },
  404: { description: "No such pupil, or no such parent or carer for this pupil" },
} as const;

const list = createRoute({ method: "get", path: "/cases/{upn}/parents-carers", summary: "A pupil's parents and carers, shown by role (docs/security.md); logged", request: { params: Upn }, responses });

const add = createRoute({
  method: "post",
  path: "/cases/{upn}/parents-carers",
  summary: "Add a parent or carer (attendance lead or officer): version 1, kept",
  request: { params: Upn, body: { content: { "application/json": { schema: ParentCarerInput } }, required: true } },
  responses: { ...responses, 422: { description: "A field is wrong: each problem names its field; nothing was changed" } },
});

const change = createRoute({
  method: "post",
  path: "/cases/{upn}/parents-carers/{id}",
  summary: "Change a parent or carer against the version loaded: a new version, kept; 409 when someone changed them since",
  request: { params: UpnAndId, body: { content: { "application/json": { schema: ParentCarerInput.extend({ version: z.number().int().min(1) }) } }, required: true } },
  responses: { ...responses, 409: { description: "Changed by someone else since it was loaded: nothing changed" }, 422: { description: "A field is wrong: each problem names its field; nothing was changed" } },
});

const remove = createRoute({
  method: "post",
  path: "/cases/{upn}/parents-carers/{id}/remove",
  summary: "Remove a parent or carer against the version loaded: a version marked removed, with the reason; the history keeps them",
  request: {
    params: UpnAndId,
    body: { content: { "application/json": { schema: z.object({ version: z.number().int().min(1), reason: z.string().trim().min(1, { message: "say why they are removed" }).max(200) }).strict() } }, required: true },
  },
  responses: { ...responses, 409: { description: "Changed by someone else since it was loaded: nothing changed" }, 422: { description: "No reason given" } },
});

const NO_PUPIL = "No such pupil.";

export const parentsCarersRoutes = apiRouter()
  .openapi(list, async (c) => {
    const { upn } = c.req.valid("param");
    const deps = c.var.deps;
    const view = viewFor(c.var.user.role);
    if (!view) return c.json({ message: "Your role does not allow this." }, 403) as never;
    const refused = await refuseOutOfScope(deps, c.var.user, upn);
    if (refused) return c.json({ message: refused }, 403) as never;
    if (!(await store.getPupil(deps.rdb.orm, upn))) return c.json({ message: NO_PUPIL }, 404) as never;
    const body = await parentsView(deps, upn, view);
    await store.logAccess(deps.rdb.orm, { userId: c.var.user.id, action: "parents.view", upn, detail: `${body.parents.length} shown (${view})` });
    return c.json(body, 200);
  })
  .openapi(add, async (c) => {
    const { upn } = c.req.valid("param");
    const deps = c.var.deps;
    if (!(await store.getPupil(deps.rdb.orm, upn))) return c.json({ message: NO_PUPIL }, 404) as never;
    const details = toDetails(c.req.valid("json"));
    // The version and its access-log row commit together.
    await store.inTransaction(deps.rdb, async (tx) => {
      const added = await store.addParentCarer(tx, upn, details, { by: c.var.user.username });
      await store.logAccess(tx, { userId: c.var.user.id, action: "parents.add", upn, detail: `parent ${added.parentId} version 1` });
    });
    return c.json(await parentsView(deps, upn, "all"), 200);
  })
  .openapi(change, async (c) => {
    const { upn, id } = c.req.valid("param");
    const deps = c.var.deps;
    const { version, ...input } = c.req.valid("json");
    const result = await store.inTransaction(deps.rdb, async (tx) => {
      const r = await store.changeParentCarer(tx, upn, id, version, toDetails(input), { by: c.var.user.username });
      if (r.status === "ok" && r.changed) await store.logAccess(tx, { userId: c.var.user.id, action: "parents.change", upn, detail: `parent ${id} version ${r.parent.version}` });
      return r;
    });
    if (result.status === "not-found") return c.json({ message: "No such parent or carer for this pupil." }, 404) as never;
    if (result.status === "conflict") return c.json({ message: "Someone else changed this parent or carer since you loaded it; reload and try again." }, 409) as never;
    return c.json(await parentsView(deps, upn, "all"), 200);
  })
  .openapi(remove, async (c) => {
    const { upn, id } = c.req.valid("param");
    const deps = c.var.deps;
    const { version, reason } = c.req.valid("json");
    const result = await store.inTransaction(deps.rdb, async (tx) => {
      const r = await store.removeParentCarer(tx, upn, id, version, { by: c.var.user.username, reason });
      if (r.status === "ok") await store.logAccess(tx, { userId: c.var.user.id, action: "parents.remove", upn, detail: `parent ${id} version ${r.parent.version}` });
      return r;
    });
    if (result.status === "not-found") return c.json({ message: "No such parent or carer for this pupil." }, 404) as never;
    if (result.status === "conflict") return c.json({ message: "Someone else changed this parent or carer since you loaded it; reload and try again." }, 409) as never;
    return c.json(await parentsView(deps, upn, "all"), 200);
  });
