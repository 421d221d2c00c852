import { OpenAPIHono } from "@hono/zod-openapi";
import { serveStatic } from "@hono/node-server/serve-static";
import { existsSync } from "node:fs";
import { relative } from "node:path";
import { secureHeaders } from "hono/secure-headers";
import { HTTPException } from "hono/http-exception";
import { auditRoutes } from "./audit/index.ts";
import { authRoutes } from "./auth/index.ts";
import { authorize } from "./auth/authorize.ts";
import { csrfGuard } from "./auth/csrf.ts";
import { requireSession } from "./auth/session.ts";
import { caseRoutes } from "./cases/index.ts";
import type { AppEnv, ServerDeps } from "./deps.ts";
import { healthRoutes } from "./health/index.ts";
import { importRoutes } from "./imports/index.ts";
import { policyRoutes } from "./policies/index.ts";
import { simulateRoutes } from "./simulate/index.ts";
import { taskRoutes } from "./tasks/index.ts";
import { dashboardRoutes } from "./dashboard/index.ts";
import { userRoutes } from "./users/index.ts";
import { letterRoutes } from "./letters/index.ts";
import { evidenceRoutes } from "./evidence/index.ts";
import { printRoutes } from "./print/index.ts";
import { celebrateRoutes } from "./celebrate/index.ts";
import { calendarRoutes } from "./calendar/index.ts";
import { tokenRoutes } from "./tokens/index.ts";
import { parentsCarersRoutes } from "./parents/index.ts";
import { WEB_DIST } from "./webBuild.ts";
import { bodyLimits, noStore } from "./limits.ts";
import { completeOpenApiDocument } from "./openapi.ts";

/** The whole HTTP surface: the JSON API under /api, its OpenAPI document, and (later) the web app. */
export function createApp(deps: ServerDeps) {
  const app = new OpenAPIHono<AppEnv>();
  app.use("*", async (c, next) => {
    c.set("deps", deps);
    await next();
  });
  app.use(
    "*",
    secureHeaders({
      contentSecurityPolicy: { defaultSrc: ["'self'"], frameAncestors: ["'none'"], objectSrc: ["'none'"], baseUri: ["'self'"] },
      xFrameOptions: "DENY",
      referrerPolicy: "no-referrer",
    }),
  );
  app.use("/api/*", noStore());
  app.use("/api/*", requireSession());
  app.use("/api/*", csrfGuard(deps.allowedOrigins));
  app.use("/api/*", authorize());
  // After the role check (a refused request gets 403 whatever it carries), before anything reads the body.
  app.use("/api/*", bodyLimits());
  app.onError((error, c) => {
    // A request the framework could not take (malformed JSON, a media type the route does not accept): the
    // sender's fault, said in a few words, never the body back.
    if (error instanceof HTTPException && error.status < 500) {
      const messages: Record<number, string> = {
        400: "The request's body could not be read as JSON.",
        413: "The request is too large.",
        415: "Send this request as application/json (or the media type the route documents).",
      };
      return c.json({ message: messages[error.status] ?? "The request could not be handled." }, error.status);
    }
    // The route pattern, never the path: paths carry UPNs, and logs must not hold pupil data.
    // Messages can quote data (a UPN in a constraint error): only with ROLLCALL_DEBUG=1.
    const code = error instanceof Error && "code" in error ? ` ${String((error as { code: unknown }).code)}` : "";
    const detail = process.env.ROLLCALL_DEBUG === "1" ? `: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}` : "";
    console.error(`rollcall: ${c.req.method} ${c.req.routePath}: ${error instanceof Error ? error.name : "error"}${code}${detail}`);
    return c.json({ message: "Something went wrong on the server; nothing was changed." }, 500);
  });

  const api = app
    .route("/api", healthRoutes)
    .route("/api", authRoutes)
    .route("/api", importRoutes)
    .route("/api", caseRoutes)
    .route("/api", taskRoutes)
    .route("/api", auditRoutes)
    .route("/api", policyRoutes)
    .route("/api", simulateRoutes)
    .route("/api", dashboardRoutes)
    .route("/api", userRoutes)
    .route("/api", letterRoutes)
    .route("/api", evidenceRoutes)
    .route("/api", printRoutes)
    .route("/api", celebrateRoutes)
    .route("/api", calendarRoutes)
    .route("/api", tokenRoutes)
    .route("/api", parentsCarersRoutes);

  // The API's description, readable without signing in (it holds no data): server/openapi.ts completes it.
  let document: Record<string, unknown> | undefined;
  app.get("/api/openapi.json", (c) => {
    document ??= completeOpenApiDocument(
      app.getOpenAPI31Document({
        openapi: "3.1.0",
        info: {
          title: "Rollcall API",
          version: "0.1.0",
          description:
            "Attendance case management for schools in England. Every operation but GET /api/health, POST /api/auth/login and this document needs a person's session cookie or an API token (Authorization: Bearer); each lists the roles it allows. Machine clients: docs/integrations.md.",
        },
      }),
    );
    return c.json(document);
  });
  // The web app: built files from dist/web; anything else that is not the API gets its index.html.
  if (existsSync(WEB_DIST)) {
    const root = relative(process.cwd(), WEB_DIST) || ".";
    const files = serveStatic({ root });
    app.use("*", async (c, next) => (c.req.path.startsWith("/api/") ? next() : files(c, next)));
    app.get("*", async (c, next) => (c.req.path.startsWith("/api/") ? next() : serveStatic({ root, path: "index.html" })(c, next)));
  }
  app.notFound((c) => c.json({ message: "No such page." }, 404));
  return api;
}

/** For the typed client: `hc<AppType>(baseUrl)`. */
export type AppType = ReturnType<typeof createApp>;
