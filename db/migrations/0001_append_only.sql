-- Append-only and immutable tables: refuse UPDATE and DELETE so no code path can rewrite the record.
-- (The case history is also hash-chained, so a change made by other means is detected: db/history.ts.)
CREATE TRIGGER `case_history_no_update` BEFORE UPDATE ON `case_history`
BEGIN SELECT RAISE(ABORT, 'case_history is append-only'); END;
--> statement-breakpoint
CREATE TRIGGER `case_history_no_delete` BEFORE DELETE ON `case_history`
BEGIN SELECT RAISE(ABORT, 'case_history is append-only'); END;
--> statement-breakpoint
CREATE TRIGGER `mark_amendments_no_update` BEFORE UPDATE ON `mark_amendments`
BEGIN SELECT RAISE(ABORT, 'mark_amendments is append-only'); END;
--> statement-breakpoint
CREATE TRIGGER `mark_amendments_no_delete` BEFORE DELETE ON `mark_amendments`
BEGIN SELECT RAISE(ABORT, 'mark_amendments is append-only'); END;
--> statement-breakpoint
CREATE TRIGGER `policies_no_update` BEFORE UPDATE ON `policies`
BEGIN SELECT RAISE(ABORT, 'a published policy is immutable; publish a new version'); END;
--> statement-breakpoint
CREATE TRIGGER `policies_no_delete` BEFORE DELETE ON `policies`
BEGIN SELECT RAISE(ABORT, 'a published policy is immutable; publish a new version'); END;
