import react from "@vitejs/plugin-react";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

const repo = fileURLToPath(new URL(".", import.meta.url));

/**
 * The web app (web/): `npm run dev:web` serves it with hot reload and sends /api to the server that
 * `npm start` runs (API_URL, default http://127.0.0.1:8787); `npm run build:web` builds it into dist/web,
 * which the server serves at /.
 */
export default defineConfig({
  root: fileURLToPath(new URL("./web", import.meta.url)),
  base: "/",
  plugins: [react()],
  // machines/ reads CSV with csv-parse; its browser build carries its own Buffer.
  resolve: { alias: [{ find: /^csv-parse\/sync$/, replacement: "csv-parse/browser/esm/sync" }] },
  build: {
    outDir: fileURLToPath(new URL("./dist/web", import.meta.url)),
    emptyOutDir: true,
    chunkSizeWarningLimit: 2000,
  },
  worker: { format: "es" },
  server: {
    port: 5173,
    strictPort: false,
    // The app imports machines/ and the example school from outside web/.
    fs: { allow: [repo] },
    proxy: { "/api": { target: process.env.API_URL ?? "http://127.0.0.1:8787", changeOrigin: false } },
  },
});
