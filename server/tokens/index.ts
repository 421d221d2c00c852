import { createRoute, z } from "@hono/zod-openapi";
import { createApiToken, getApiToken, listApiTokens, revokeApiToken, TokenNameTaken, type ApiToken as ApiTokenRow } from "../../db/tokens.ts";
import * as store from "../../db/index.ts";
import { ROLES } from "../auth/roles.ts";
import { isCalendarDate } from "../limits.ts";
import { quote, unprocessable } from "../errors.ts";
import { apiRouter } from "../router.ts";

/**
 * API tokens for machine clients (an MIS connector, a nightly script): the administrator creates, lists and
 * revokes them, signed in as a person (a token cannot manage tokens or users: `peopleOnly` in the role table).
 * The secret is in the answer to POST /api/tokens and nowhere else, ever.
 */
const ApiToken = z
  .object({
    id: z.number().int(),
    name: z.string(),
    role: z.enum(ROLES),
    createdAt: z.string().openapi({ description: "ISO instant" }),
    createdBy: z.string().openapi({ description: "the administrator's username" }),
    expiresOn: z.string().nullable().openapi({ description: "the last day the token works (YYYY-MM-DD, UTC), or null for no end" }),
    revokedAt: z.string().nullable(),
    revokedBy: z.string().nullable(),
    status: z.enum(["active", "expired", "revoked"]),
  })
  .openapi("ApiToken");

const NewToken = z
  .object({
    id: z.number().int(),
    name: z.string(),
    role: z.enum(ROLES),
    token: z.string().openapi({ description: "the secret: send it as `Authorization: Bearer <token>`. Shown only here, once; only its hash is kept." }),
    expiresOn: z.string().nullable(),
  })
  .openapi("NewApiToken");

const create = createRoute({
  method: "post",
  path: "/tokens",
  operationId: "createToken",
  summary: "Create an API token for a machine client (admin, signed in as a person); the secret is in this answer only",
  request: {
    body: {
      content: {
        "application/json": {
          schema: z
            .object({
              name: z.string().trim().min(2).max(60).regex(/^[a-zA-Z0-9._-]+$/, "letters, digits, dot, dash or underscore"),
              role: z.enum(ROLES),
              expiresOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "a date, YYYY-MM-DD").optional().openapi({ description: "the last day the token works (UTC); none for no end" }),
            })
            .strict()
            .openapi("NewApiTokenRequest"),
        },
      },
      required: true,
    },
  },
  responses: {
    201: { description: "Created: the secret, once", content: { "application/json": { schema: NewToken } } },
    409: { description: "A token of that name exists (names are never reused, even after revoking)" },
  },
});

const list = createRoute({
  method: "get",
  path: "/tokens",
  operationId: "listTokens",
  summary: "API tokens, oldest first, with their status (never their secrets) (admin, signed in as a person)",
  responses: { 200: { description: "Tokens", content: { "application/json": { schema: z.object({ tokens: z.array(ApiToken) }) } } } },
});

const revoke = createRoute({
  method: "post",
  path: "/tokens/{id}/revoke",
  operationId: "revokeToken",
  summary: "Revoke an API token: from now on it gets 401 (admin, signed in as a person)",
  request: { params: z.object({ id: z.coerce.number().int().min(1).openapi({ param: { name: "id", in: "path", required: true } }) }) },
  responses: {
    200: { description: "Revoked", content: { "application/json": { schema: ApiToken } } },
    404: { description: "No such token" },
    409: { description: "Already revoked" },
  },
});

const todayUtc = () => new Date().toISOString().slice(0, 10);
const withStatus = (t: ApiTokenRow, today: string) => ({
  ...t,
  role: t.role as (typeof ROLES)[number],
  status: t.revokedAt !== null ? ("revoked" as const) : t.expiresOn !== null && today > t.expiresOn ? ("expired" as const) : ("active" as const),
});

export const tokenRoutes = apiRouter()
  .openapi(create, async (c) => {
    const body = c.req.valid("json");
    if (body.expiresOn !== undefined) {
      if (!isCalendarDate(body.expiresOn)) return unprocessable(c, [{ field: "expiresOn", message: "not a real date (YYYY-MM-DD)" }]) as never;
      if (body.expiresOn < todayUtc()) return unprocessable(c, [{ field: "expiresOn", message: `in the past (today is ${todayUtc()}, UTC)` }]) as never;
    }
    const orm = c.var.deps.rdb.orm;
    try {
      const { token, apiToken } = await createApiToken(orm, { name: body.name, role: body.role, expiresOn: body.expiresOn ?? null, createdBy: c.var.user.id });
      await store.logAccess(orm, { userId: c.var.user.id, action: "token.create", detail: `${apiToken.name} (${apiToken.role}${apiToken.expiresOn ? `, until ${apiToken.expiresOn}` : ""})` });
      return c.json({ id: apiToken.id, name: apiToken.name, role: body.role, token, expiresOn: apiToken.expiresOn }, 201);
    } catch (error) {
      if (error instanceof TokenNameTaken) return c.json({ message: `A token named "${quote(body.name)}" exists; token names are not reused.` }, 409) as never;
      throw error;
    }
  })
  .openapi(list, async (c) => {
    const today = todayUtc();
    return c.json({ tokens: (await listApiTokens(c.var.deps.rdb.orm)).map((t) => withStatus(t, today)) }, 200);
  })
  .openapi(revoke, async (c) => {
    const { id } = c.req.valid("param");
    const orm = c.var.deps.rdb.orm;
    const outcome = await revokeApiToken(orm, id, c.var.user.id);
    if (outcome === "unknown") return c.json({ message: "No such token." }, 404) as never;
    if (outcome === "already") return c.json({ message: "This token was already revoked." }, 409) as never;
    const token = (await getApiToken(orm, id))!;
    await store.logAccess(orm, { userId: c.var.user.id, action: "token.revoke", detail: token.name });
    return c.json(withStatus(token, todayUtc()), 200);
  });
