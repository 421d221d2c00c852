/** Runs a server in a child process for the kill test: `tsx test/server/runServerChild.ts <database url>`. */
import { startServer } from "../../server/main.ts";

const running = await startServer({ port: 0, databaseUrl: process.argv[2], adminPassword: "correct horse battery staple", demo: true, log: (line) => console.log(line) });
console.log(`ready ${running.url}`);
