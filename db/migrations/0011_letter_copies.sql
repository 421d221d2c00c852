-- Letters that stay as printed (issue 15). The first print, download or PDF of a letter freezes it: its exact
-- merged text, date and figures are kept here, with a SHA-256 digest that also goes into the case's hash-chained
-- history (a `letterPrinted` entry). One copy per letter, never rewritten: every later print serves this copy.
CREATE TABLE `letter_copies` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`task_id` integer NOT NULL,
	`upn` text NOT NULL,
	`printed_on` text NOT NULL,
	`printed_at` text NOT NULL,
	`printed_by` text NOT NULL,
	`how` text NOT NULL,
	`letter` text NOT NULL,
	`digest` text NOT NULL,
	`history_seq` integer,
	FOREIGN KEY (`task_id`) REFERENCES `tasks`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `letter_copies_task_idx` ON `letter_copies` (`task_id`);--> statement-breakpoint
CREATE INDEX `letter_copies_upn_idx` ON `letter_copies` (`upn`);--> statement-breakpoint
-- When and how a letter was sent, kept apart from the letter (whose own date never changes). Append-only: a
-- letter reopened and sent again has a second row; the newest is the one in force.
CREATE TABLE `letter_sendings` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`task_id` integer NOT NULL,
	`upn` text NOT NULL,
	`sent_on` text NOT NULL,
	`sent_by` text NOT NULL,
	`how` text NOT NULL,
	`recorded_at` text NOT NULL,
	FOREIGN KEY (`task_id`) REFERENCES `tasks`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `letter_sendings_task_idx` ON `letter_sendings` (`task_id`,`id`);--> statement-breakpoint
CREATE TRIGGER `letter_copies_no_update` BEFORE UPDATE ON `letter_copies`
BEGIN SELECT RAISE(ABORT, 'letter_copies is append-only: a printed letter stays as printed'); END;
--> statement-breakpoint
CREATE TRIGGER `letter_copies_no_delete` BEFORE DELETE ON `letter_copies`
BEGIN SELECT RAISE(ABORT, 'letter_copies is append-only: a printed letter stays as printed'); END;
--> statement-breakpoint
CREATE TRIGGER `letter_sendings_no_update` BEFORE UPDATE ON `letter_sendings`
BEGIN SELECT RAISE(ABORT, 'letter_sendings is append-only'); END;
--> statement-breakpoint
CREATE TRIGGER `letter_sendings_no_delete` BEFORE DELETE ON `letter_sendings`
BEGIN SELECT RAISE(ABORT, 'letter_sendings is append-only'); END;
