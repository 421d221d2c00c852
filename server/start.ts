// `npm start`: the Hono server and the web app arrive with the API issue. Until then, say so plainly.
console.log("Rollcall: the server is not built yet. Try the engine from the command line:");
console.log("  npm run --silent cli -- --help");
