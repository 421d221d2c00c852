import { z } from "zod";

// The server's Content-Security-Policy forbids eval: zod validates without compiling code. Zod decides when a
// schema is declared, so this is imported first (the worker's bundle keeps that order; the page also loads
// public/zod-jitless.js before its modules, since shared chunks may run before the entry's own code).
z.config({ jitless: true });
