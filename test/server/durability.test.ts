import { spawn } from "node:child_process";
import { createClient } from "@libsql/client";
import { describe, expect, it } from "vitest";
import { Client, schoolFiles, tempDatabase, testServer } from "./support.ts";

describe("cases that last", () => {
  it("after a restart every case is exactly where it was; altering a history row by hand makes audit/verify fail", async () => {
    const db = tempDatabase();
    try {
      const school = schoolFiles(14, 15, 50);
      let server = await testServer(db.url);
      let client = new Client(server.url);
      await client.login();
      await client.json("POST", "/api/imports/pupils", { csv: school.pupils });
      await client.json("POST", "/api/imports/marks", { csv: school.marks });
      const before = (await client.json("GET", "/api/cases?limit=100")).body.rows;
      await server.close();

      server = await testServer(db.url);
      client = new Client(server.url);
      await client.login();
      const after = (await client.json("GET", "/api/cases?limit=100")).body.rows;
      expect(after).toEqual(before);
      expect((await client.json("GET", "/api/audit/verify")).body.ok).toBe(true);
      await server.close();

      const raw = createClient({ url: db.url });
      const row = (await raw.execute("SELECT upn, seq FROM case_history WHERE seq = 2 ORDER BY upn LIMIT 1")).rows[0]!;
      const tamper = { sql: "UPDATE case_history SET to_state = 'enforce' WHERE upn = ? AND seq = ?", args: [row.upn, row.seq] };
      // The database itself refuses to rewrite history...
      await expect(raw.execute(tamper)).rejects.toThrow(/append-only/);
      // ...so someone editing the file directly would first drop the trigger: the hash chain still catches it.
      await raw.execute("DROP TRIGGER case_history_no_update");
      await raw.execute(tamper);
      raw.close();

      server = await testServer(db.url);
      client = new Client(server.url);
      await client.login();
      const verify = (await client.json("GET", "/api/audit/verify")).body;
      expect(verify.ok).toBe(false);
      expect(verify.firstBrokenAt).toMatchObject({ upn: row.upn, seq: Number(row.seq) });
      await server.close();
    } finally {
      db.cleanup();
    }
  });

  it("a process killed in the middle of a large import leaves the database consistent, and audit/verify ok on restart", async () => {
    const db = tempDatabase();
    try {
      const child = spawn(process.execPath, ["--import", "tsx", "test/server/runServerChild.ts", db.url], { stdio: ["ignore", "pipe", "pipe"] });
      let output = "";
      await new Promise<void>((resolve, reject) => {
        child.stdout.on("data", (chunk: Buffer) => {
          output += chunk.toString();
          // A year of marks for 1,500 pupils takes seconds: 400 ms in, the import is well under way.
          if (output.includes("importing marks")) setTimeout(resolve, 400);
        });
        child.once("exit", () => reject(new Error(`the child exited before it was killed:\n${output}`)));
      });
      child.kill("SIGKILL");
      await new Promise((resolve) => child.once("exit", resolve));
      expect(output).not.toContain("import finished");

      const server = await testServer(db.url);
      const client = new Client(server.url);
      expect((await client.login()).status).toBe(200);
      const verify = (await client.json("GET", "/api/audit/verify")).body;
      expect(verify).toMatchObject({ ok: true, firstBrokenAt: null });
      // Start-up caught every case up with whatever of the register was committed: all at the same day, or none.
      const cases = (await client.json("GET", "/api/cases?limit=500")).body;
      const views = await Promise.all(cases.rows.slice(0, 20).map((r: { upn: string }) => client.json("GET", `/api/cases/${r.upn}`)));
      expect(new Set(views.map((v) => v.body.processedThrough)).size).toBeLessThanOrEqual(1);
      await server.close();
    } finally {
      db.cleanup();
    }
  });
});
