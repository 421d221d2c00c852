/**
 * Rollcall's storage layer (libSQL through drizzle). Every repository function takes a `Db`: the drizzle
 * database (`rdb.orm`) or a transaction from `inTransaction(rdb, async (tx) => …)`.
 */
export * as schema from "./schema.ts";
export * from "./client.ts";
export { isTransaction, unwrapQueryError, writeStatement, writesHandedOver, writeTransaction, type Db, type Tx } from "./tx.ts";
export * from "./json.ts";
export * from "./pupils.ts";
export * from "./register.ts";
export * from "./imports.ts";
export * from "./policies.ts";
export * from "./cases.ts";
export * from "./history.ts";
export * from "./tasks.ts";
export * from "./letterCopies.ts";
export * from "./contacts.ts";
export * from "./parentsCarers.ts";
export * from "./users.ts";
export * from "./termDates.ts";
