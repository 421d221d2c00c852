export * from "./codes.ts";
export * from "./schoolDate.ts";
export * from "./calendar.ts";
export * from "./inputProblem.ts";
export * from "./csvTable.ts";
export * from "./marksCsv.ts";
export * from "./register.ts";
export * from "./metrics.ts";
