/**
 * A guard in the words a school uses, for the chart's arrows and the history: "attendance below 95%". Each guard
 * kind's words live in its module in machines/guards/; the statutory gates' in machines/gates/.
 */
export { describeGuard } from "../guards/index.ts";
export { PERIOD_WORDS } from "../guards/periodAttendance.ts";
