/**
 * The OpenAPI 3.1 document at GET /api/openapi.json, as integrators' tools need it (issue 18): each route's own
 * description (server/<unit>/index.ts) completed here from what the server does to every request, so the
 * document says what the middleware says:
 *
 * - **Security**: two schemes, `cookieAuth` (the session cookie from POST /api/auth/login) and `bearerAuth` (an API
 *   token, server/auth/bearer.ts). Each operation lists the ones it takes: none for the open paths, the cookie
 *   only for what only a person may do (`peopleOnly` in the role table), either for the rest.
 * - **operationId** on every operation (a readable name from OPERATION_IDS, else one made from the method and path).
 * - **Refusals** each operation can give, with their schemas: 401 (no session or token), 403 (the role table;
 *   for a POST also a foreign Origin), 413 (a body over its limit, server/limits.ts), 422 (a body, path or query
 *   the route's schema refuses), 400 and 415 (a JSON body that does not parse, another media type), 404 (an
 *   unknown id or UPN in the path), and the 409 and 428 the routes declare.
 * - The roles each operation allows, in its description and as `x-rollcall-roles`, from the role table.
 * - **servers**: this server, relative to the document's own address.
 */
import { OPEN_PATHS } from "./auth/session.ts";
import { permissionFor } from "./auth/roles.ts";

type Json = Record<string, any>;

/** The document's operationIds, by `METHOD /path` (OpenAPI path syntax). */
export const OPERATION_IDS: Record<string, string> = {
  "GET /api/health": "getHealth",
  "POST /api/auth/login": "signIn",
  "POST /api/auth/logout": "signOut",
  "GET /api/auth/me": "whoAmI",
  "POST /api/imports/pupils": "importPupils",
  "POST /api/imports/marks": "importMarks",
  "GET /api/cases": "listCases",
  "GET /api/cases/{upn}": "getCase",
  "GET /api/cases/{upn}/timeline": "getCaseTimeline",
  "GET /api/cases/{upn}/attendance": "getCaseAttendance",
  "POST /api/cases/{upn}/events": "recordCaseEvent",
  "GET /api/cases/{upn}/evidence": "getEvidenceBundle",
  "GET /api/cases/{upn}/evidence.pdf": "getEvidenceBundlePdf",
  "GET /api/tasks": "listTasks",
  "POST /api/tasks/{id}/complete": "completeTask",
  "POST /api/tasks/{id}/reopen": "reopenTask",
  "GET /api/letters": "listLetters",
  "GET /api/letters/due": "listLettersToSend",
  "GET /api/letters/{id}": "getLetter",
  "GET /api/letters/{id}/document": "getLetterDocument",
  "GET /api/letters/{id}/pdf": "getLetterPdf",
  "POST /api/letters/{id}/sent": "markLetterSent",
  "POST /api/letters/{id}/print": "printLetter",
  "POST /api/letters/{id}/withdraw": "withdrawLetter",
  "POST /api/letters/print": "printLetters",
  "POST /api/letters/sent": "markLettersSent",
  "GET /api/audit/verify": "verifyAuditTrail",
  "GET /api/audit/checkpoint": "getAuditCheckpoint",
  "POST /api/audit/checkpoint/verify": "verifyAuditCheckpoint",
  "GET /api/audit/access": "getAccessLog",
  "GET /api/policies": "listPolicies",
  "POST /api/policies": "publishPolicy",
  "GET /api/policies/{id}/versions": "listPolicyVersions",
  "POST /api/policies/{id}/migrate": "migrateCasesToPolicyVersion",
  "POST /api/simulate": "simulatePolicy",
  "GET /api/dashboard": "getDashboard",
  "GET /api/users": "listUsers",
  "POST /api/users": "createUser",
  "POST /api/users/{id}/disable": "disableUser",
  "GET /api/print.css": "getPrintStylesheet",
  "GET /api/celebrate": "getCelebration",
  "POST /api/celebrate/draw": "drawCelebrationPrize",
  "GET /api/celebrate/certificates": "getCertificates",
  "GET /api/celebrate/certificates/document": "getCertificatesDocument",
  "GET /api/celebrate/certificates/pdf": "getCertificatesPdf",
  "GET /api/celebrate/exclusions/{upn}": "getCelebrationExclusion",
  "POST /api/celebrate/exclusions/{upn}": "setCelebrationExclusion",
  "GET /api/calendar": "getTermDates",
  "POST /api/calendar": "uploadTermDates",
  "GET /api/tokens": "listTokens",
  "POST /api/tokens": "createToken",
  "POST /api/tokens/{id}/revoke": "revokeToken",
};

/** `POST /api/cases/{upn}/events` → `postCasesUpnEvents`: for a route added without an entry above. */
function derivedOperationId(method: string, path: string): string {
  const words = path
    .replace(/^\/api\//, "")
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean);
  return [method.toLowerCase(), ...words.map((w) => w[0]!.toUpperCase() + w.slice(1))].join("");
}

const message = (description: string) => ({ type: "object", required: ["message"], properties: { message: { type: "string", description } } });

const COMPONENT_SCHEMAS: Json = {
  Message: { ...message("what happened, in a sentence"), description: "A refusal or failure: what happened, in a sentence." },
  Problems: {
    type: "object",
    description: "422: the request is understood but cannot be carried out as it is; nothing was changed. Each problem names its field (and, in a file, its line); at most 1,000 are listed.",
    required: ["message", "errors"],
    properties: {
      message: { type: "string" },
      errors: {
        type: "array",
        maxItems: 1000,
        items: {
          type: "object",
          required: ["field", "message"],
          properties: { line: { type: "integer", minimum: 1, description: "the file's line (imports, term dates)" }, field: { type: "string" }, message: { type: "string" } },
        },
      },
      moreErrors: { type: "integer", minimum: 1, description: "how many problems were not listed" },
    },
  },
  Conflict: {
    type: "object",
    description: "409: the record changed since it was loaded, or the step was already taken; nothing was recorded.",
    required: ["message"],
    properties: { message: { type: "string" }, revision: { type: "integer", description: "the case's revision now, when a case changed" } },
  },
};

const ref = (name: string) => ({ "application/json": { schema: { $ref: `#/components/schemas/${name}` } } });

const STANDARD: Record<string, { description: string; schema: string }> = {
  "400": { description: "The body could not be read as JSON", schema: "Message" },
  "401": { description: "Not signed in, or the API token is unknown, revoked or expired", schema: "Message" },
  "403": { description: "The role table does not allow this role (or an API token) this operation", schema: "Message" },
  "404": { description: "No such record", schema: "Message" },
  "409": { description: "Conflict: nothing was recorded", schema: "Conflict" },
  "413": { description: "The body is larger than this operation's limit; nothing was read or changed", schema: "Message" },
  "415": { description: "Not the media type this operation takes", schema: "Message" },
  "422": { description: "Problems with the request, by field; nothing was changed", schema: "Problems" },
  "428": { description: "No If-Match header: send the case's revision", schema: "Message" },
  "429": { description: "Too many attempts: wait (Retry-After seconds)", schema: "Message" },
};

/** Whether a parameter's schema can refuse a value (so the route's validation can answer 422). */
function canRefuse(schema: Json | undefined): boolean {
  if (!schema) return false;
  const type = Array.isArray(schema.type) ? schema.type.filter((t: string) => t !== "null") : [schema.type];
  return type.some((t: string) => t !== "string") || ["enum", "pattern", "minLength", "maxLength", "minimum", "maximum", "format"].some((k) => k in schema);
}

const METHODS = ["get", "put", "post", "delete", "patch", "head", "options"];
/** Operations that read their JSON body themselves (server/cases/index.ts: the revision is checked first). */
const HAND_READ_BODIES = new Set(["POST /api/cases/{upn}/events"]);

/** The generated document, completed (see above). Does not change `generated`. */
export function completeOpenApiDocument(generated: Json): Json {
  const doc: Json = structuredClone(generated);
  doc.info = {
    ...doc.info,
    license: { name: "MIT", identifier: "MIT" },
  };
  doc.servers = [{ url: "/", description: "This server (relative to the document's own address)" }];
  doc.components ??= {};
  doc.components.schemas = { ...COMPONENT_SCHEMAS, ...doc.components.schemas };
  doc.components.securitySchemes = {
    cookieAuth: {
      type: "apiKey",
      in: "cookie",
      name: "rollcall_session",
      description: "A person's session: the HttpOnly cookie POST /api/auth/login sets. A state-changing request with it must come from this server's own origin (no foreign Origin, no Sec-Fetch-Site: cross-site).",
    },
    bearerAuth: {
      type: "http",
      scheme: "bearer",
      description: "An API token for a machine client (`Authorization: Bearer rct_…`), created by the administrator (POST /api/tokens) with one role. No Origin check: a browser never sends it on its own. Cannot manage users or tokens.",
    },
  };
  doc.tags = undefined;
  const usedIds = new Set<string>();
  for (const [path, item] of Object.entries(doc.paths as Json)) {
    const rolePath = path.replace(/\{(\w+)\}/g, ":$1");
    for (const method of METHODS) {
      const op: Json | undefined = item[method];
      if (!op) continue;
      const key = `${method.toUpperCase()} ${path}`;
      let id = op.operationId ?? OPERATION_IDS[key] ?? derivedOperationId(method, path);
      while (usedIds.has(id)) id = `${id}_`;
      usedIds.add(id);
      op.operationId = id;
      const open = OPEN_PATHS.has(path);
      const permission = permissionFor(method.toUpperCase(), rolePath);
      // Path parameters are always required; a coerced number is an integer on the wire.
      for (const p of (op.parameters ?? []) as Json[]) {
        if (p.in !== "path") continue;
        p.required = true;
        if (Array.isArray(p.schema?.type)) {
          const types = p.schema.type.filter((t: string) => t !== "null");
          p.schema.type = types.length === 1 ? types[0] : types;
        }
      }
      const responses: Json = (op.responses ??= {});
      const add = (status: string) => {
        if (!responses[status]) responses[status] = { description: STANDARD[status]!.description };
      };
      if (!open) {
        op.security = permission?.peopleOnly ? [{ cookieAuth: [] }] : [{ cookieAuth: [] }, { bearerAuth: [] }];
        add("401");
        add("403");
        if (permission) {
          op["x-rollcall-roles"] = [...permission.roles];
          const who = `Roles: ${permission.roles.join(", ")}${permission.peopleOnly ? " (signed in as a person; not with an API token)" : ""}.`;
          op.description = op.description ? `${op.description}\n\n${who}` : who;
        }
      } else {
        op.security = [];
      }
      const params = (op.parameters ?? []) as Json[];
      if (params.some((p) => p.in === "path")) add("404");
      if (op.requestBody) {
        add("413");
        add("422");
        // A JSON body the framework reads (not the events route, which reads its own: 422 for bad JSON).
        if (op.requestBody.content?.["application/json"] && !HAND_READ_BODIES.has(key)) {
          add("400");
          add("415");
        }
      } else if (params.some((p) => p.in !== "header" && canRefuse(p.schema))) {
        add("422");
      }
      // Every 4xx with its schema.
      for (const [status, response] of Object.entries(responses as Record<string, Json>)) {
        const standard = STANDARD[status];
        if (!standard || response.content) continue;
        response.content = ref(standard.schema);
      }
    }
  }
  if (doc.tags === undefined) delete doc.tags;
  return doc;
}
