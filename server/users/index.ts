import { createRoute, z } from "@hono/zod-openapi";
import * as store from "../../db/index.ts";
import { isTokenUsername } from "../../db/tokens.ts";
import { ROLES } from "../auth/roles.ts";
import type { AppEnv } from "../deps.ts";
import { quote, unprocessable } from "../errors.ts";
import { apiRouter } from "../router.ts";

const User = z.object({ id: z.number(), username: z.string(), role: z.string(), scope: z.array(z.string()), disabled: z.boolean(), createdAt: z.string() }).openapi("User");

const list = createRoute({
  method: "get",
  path: "/users",
  summary: "Users and their roles (admin only)",
  responses: { 200: { description: "Users", content: { "application/json": { schema: z.object({ users: z.array(User) }) } } } },
});
const create = createRoute({
  method: "post",
  path: "/users",
  summary: "Create a user (admin only); a password of at least 12 characters that zxcvbn-ts scores 3 or more and that does not contain the username (422 with why otherwise); a teacher's scope lists classes and year groups (Y4)",
  request: {
    body: {
      content: {
        "application/json": {
          schema: z.object({
            username: z.string().trim().min(2).max(60).regex(/^[a-zA-Z0-9._-]+$/, "letters, digits, dot, dash or underscore"),
            password: z.string().min(12, "at least 12 characters").max(1000),
            role: z.enum(ROLES),
            scope: z.array(z.string().trim().min(1).max(20)).max(50).optional(),
          }),
        },
      },
      required: true,
    },
  },
  responses: { 201: { description: "Created", content: { "application/json": { schema: User } } }, 422: { description: "Problems, by field" } },
});
const disable = createRoute({
  method: "post",
  path: "/users/{id}/disable",
  summary: "Disable a user and end all their sessions (admin only)",
  request: { params: z.object({ id: z.coerce.number().int().openapi({ param: { name: "id", in: "path" } }) }) },
  responses: { 200: { description: "Disabled" }, 404: { description: "No such user" } },
});

export const userRoutes = apiRouter()
  // People only: an API token's user row (`token:<name>`) is listed under GET /api/tokens.
  .openapi(list, async (c) => c.json({ users: (await store.listUsers(c.var.deps.rdb.orm)).filter((u) => !isTokenUsername(u.username)) }, 200))
  .openapi(create, async (c) => {
    const body = c.req.valid("json");
    if (await store.findUserByUsername(c.var.deps.rdb.orm, body.username)) {
      return unprocessable(c, [{ field: "username", message: `"${quote(body.username)}" is taken` }]) as never;
    }
    // The school's name (from its policy) and the role are the first guesses an attacker makes besides the username.
    const school = await c.var.deps.cases.currentPolicy().then((p) => p.policy.source.school, () => null);
    const weak = store.passwordProblem(body.password, body.username, [body.role, ...(school ? [school] : [])]);
    if (weak) return unprocessable(c, [{ field: "password", message: weak }], "The password cannot be used; nothing was changed.") as never;
    const user = await store.createUser(c.var.deps.rdb.orm, body);
    await store.logAccess(c.var.deps.rdb.orm, { userId: c.var.user.id, action: "user.create", detail: `${user.username} (${user.role})` });
    return c.json(user, 201);
  })
  .openapi(disable, async (c) => {
    const { id } = c.req.valid("param");
    const ok = await store.setUserDisabled(c.var.deps.rdb.orm, id, true);
    if (!ok) return c.json({ message: "No such user." }, 404) as never;
    await store.revokeUserSessions(c.var.deps.rdb.orm, id);
    await store.logAccess(c.var.deps.rdb.orm, { userId: c.var.user.id, action: "user.disable", detail: String(id) });
    return c.json({ ok: true }, 200);
  });
