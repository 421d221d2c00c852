/**
 * The served OpenAPI document (GET /api/openapi.json, fetched without signing in from a real server on a temp
 * database file) as integrators' tools see it (issue 18): a standard validator (@readme/openapi-parser) accepts
 * it, and Redocly's linter with its recommended rules finds no error. Offline: both run on the document itself.
 */
import { createConfig, lintFromString } from "@redocly/openapi-core";
import { compileErrors, validate } from "@readme/openapi-parser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PERMISSIONS } from "../../server/auth/roles.ts";
import type { RunningServer } from "../../server/main.ts";
import { tempDatabase, testServer } from "./support.ts";

const db = tempDatabase();
let server: RunningServer;
let text: string;
let doc: any;

beforeAll(async () => {
  server = await testServer(db.url);
  const res = await fetch(`${server.url}/api/openapi.json`);
  expect(res.status).toBe(200);
  text = await res.text();
  doc = JSON.parse(text);
}, 60_000);
afterAll(async () => {
  await server.close();
  db.cleanup();
});

const METHODS = ["get", "post", "put", "patch", "delete"];
function operations(): { key: string; method: string; path: string; op: any }[] {
  return Object.entries(doc.paths as Record<string, Record<string, any>>).flatMap(([path, item]) =>
    METHODS.filter((m) => item[m]).map((m) => ({ key: `${m.toUpperCase()} ${path}`, method: m.toUpperCase(), path, op: item[m] })),
  );
}

describe("the OpenAPI document", () => {
  it("is valid OpenAPI 3.1 for a standard validator", async () => {
    expect(doc.openapi).toBe("3.1.0");
    const result = await validate(structuredClone(doc));
    expect(result.valid ? "" : compileErrors(result)).toBe("");
    expect(result.valid).toBe(true);
    expect(result.warnings).toEqual([]);
  });

  it("has no error under Redocly's recommended rules", async () => {
    const config = await createConfig({ extends: ["recommended"] });
    const problems = await lintFromString({ source: text, absoluteRef: "openapi.json", config });
    const errors = problems.filter((p) => p.severity === "error").map((p) => `${p.ruleId}: ${p.message} at ${p.location[0]?.pointer}`);
    expect(errors).toEqual([]);
    // The one warning left: GET /api/health answers every request (it has no 4xx to publish).
    const warnings = problems.filter((p) => p.severity === "warn").map((p) => `${p.ruleId} ${p.location[0]?.pointer}`);
    expect(warnings).toEqual(["operation-4xx-response #/paths/~1api~1health/get/responses"]);
  });

  it("the linter does find errors: a document without security, servers or operationIds fails it", async () => {
    const bare = structuredClone(doc);
    delete bare.servers;
    for (const { path, method } of operations()) {
      const op = bare.paths[path][method.toLowerCase()];
      delete op.security;
      delete op.operationId;
    }
    delete bare.components.securitySchemes;
    const config = await createConfig({ extends: ["recommended"] });
    const problems = await lintFromString({ source: JSON.stringify(bare), absoluteRef: "openapi.json", config });
    expect(problems.filter((p) => p.severity === "error").length).toBeGreaterThan(40);
  });

  it("declares servers, a cookie and a bearer scheme, and applies them per operation", () => {
    expect(doc.servers.length).toBeGreaterThan(0);
    expect(doc.components.securitySchemes.cookieAuth).toMatchObject({ type: "apiKey", in: "cookie", name: "rollcall_session" });
    expect(doc.components.securitySchemes.bearerAuth).toMatchObject({ type: "http", scheme: "bearer" });
    const security = Object.fromEntries(operations().map(({ key, op }) => [key, op.security]));
    expect(security["GET /api/health"]).toEqual([]);
    expect(security["POST /api/auth/login"]).toEqual([]);
    expect(security["POST /api/imports/marks"]).toEqual([{ cookieAuth: [] }, { bearerAuth: [] }]);
    for (const people of ["GET /api/users", "POST /api/users", "POST /api/users/{id}/disable", "GET /api/tokens", "POST /api/tokens", "POST /api/tokens/{id}/revoke"]) {
      expect(security[people], people).toEqual([{ cookieAuth: [] }]);
    }
    for (const [key, s] of Object.entries(security)) expect(Array.isArray(s), key).toBe(true);
  });

  it("gives every operation a unique operationId", () => {
    const ids = operations().map(({ op }) => op.operationId);
    expect(ids.every((id) => typeof id === "string" && /^[a-zA-Z][a-zA-Z0-9]*$/.test(id))).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("publishes the refusals each operation can give, each with a schema", () => {
    for (const { key, path, method, op } of operations()) {
      const statuses = Object.keys(op.responses);
      const open = path === "/api/health" || path === "/api/auth/login";
      if (!open) expect(statuses, key).toEqual(expect.arrayContaining(["401", "403"]));
      if (op.requestBody) expect(statuses, key).toEqual(expect.arrayContaining(["413", "422"]));
      if (op.requestBody?.content["application/json"] && key !== "POST /api/cases/{upn}/events") expect(statuses, key).toEqual(expect.arrayContaining(["400", "415"]));
      if ((op.parameters ?? []).some((p: any) => p.in === "path")) expect(statuses, key).toContain("404");
      for (const status of statuses.filter((s) => s.startsWith("4"))) {
        expect(op.responses[status].content?.["application/json"]?.schema, `${key} ${status}`).toBeDefined();
      }
      for (const p of (op.parameters ?? []).filter((p: any) => p.in === "path")) expect(p.required, `${key} ${p.name}`).toBe(true);
      const permission = PERMISSIONS.find((x) => x.method === method && x.path === path.replace(/\{(\w+)\}/g, ":$1"));
      if (!open) expect(op["x-rollcall-roles"], key).toEqual(permission?.roles);
    }
    const events = operations().find((o) => o.key === "POST /api/cases/{upn}/events")!.op.responses;
    expect(Object.keys(events)).toEqual(expect.arrayContaining(["401", "403", "404", "409", "413", "422", "428"]));
    expect(events["409"].content["application/json"].schema).toEqual({ $ref: "#/components/schemas/Conflict" });
    expect(events["422"].content["application/json"].schema).toEqual({ $ref: "#/components/schemas/Problems" });
  });
});
