export * from "./classAttendance.ts";
export * from "./weeklyCelebration.ts";
export * from "./prizeDraw.ts";
export * from "./certificates.ts";
export * from "./schoolTarget.ts";
