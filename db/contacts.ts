import { asc, eq } from "drizzle-orm";
import { contacts } from "./schema.ts";
import { writeStatement, type Db } from "./tx.ts";

/** A call, home visit, meeting or conversation with a family or professional. */
export interface ContactRecord {
  id: number;
  upn: string;
  date: string;
  kind: string;
  withWhom: string;
  summary: string;
  recordedBy: string;
  recordedAt: string;
}

export async function addContact(db: Db, contact: Omit<ContactRecord, "id">): Promise<ContactRecord> {
  const [row] = await writeStatement(db, (d) => d.insert(contacts).values(contact).returning());
  return row!;
}

/** One pupil's contacts, oldest first. */
export async function listContacts(db: Db, upn: string): Promise<ContactRecord[]> {
  return db.select().from(contacts).where(eq(contacts.upn, upn)).orderBy(asc(contacts.date), asc(contacts.id));
}
