// Loaded before the app: the server's Content-Security-Policy forbids eval, so zod must validate without
// compiling code. Zod reads this shared config when each schema is declared, so it has to be set first.
globalThis.__zod_globalConfig = Object.assign(globalThis.__zod_globalConfig || {}, { jitless: true });
