import { defineConfig } from "drizzle-kit";

// `npm run db:generate` writes SQL migrations for db/schema.ts into db/migrations/ (commit them);
// db/client.ts applies them when a database is opened.
export default defineConfig({
  dialect: "sqlite",
  schema: "./db/schema.ts",
  out: "./db/migrations",
});
