-- Parents and carers (issue 15): who a pupil's letters go to and who a notice is addressed to. Versioned rows,
-- append-only (triggers): an edit is a new version of the same person (parent_id), a removal a version marked
-- removed, so who was held, and who changed what when, can always be shown.
CREATE TABLE `parents_carers` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`parent_id` integer NOT NULL,
	`version` integer NOT NULL,
	`upn` text NOT NULL,
	`name` text NOT NULL,
	`relationship` text NOT NULL,
	`parental_responsibility` integer NOT NULL,
	`lives_with_pupil` integer NOT NULL,
	`address_lines` text DEFAULT '[]' NOT NULL,
	`postcode` text,
	`phone` text,
	`email` text,
	`priority` integer NOT NULL,
	`correspondence` integer NOT NULL,
	`liable_for_notices` integer,
	`removed` integer DEFAULT 0 NOT NULL,
	`changed_by` text NOT NULL,
	`changed_at` text NOT NULL,
	`source` text NOT NULL,
	`reason` text,
	FOREIGN KEY (`upn`) REFERENCES `pupils`(`upn`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `parents_carers_parent_version_idx` ON `parents_carers` (`parent_id`,`version`);--> statement-breakpoint
CREATE INDEX `parents_carers_upn_idx` ON `parents_carers` (`upn`,`parent_id`,`version`);--> statement-breakpoint
CREATE TABLE `parents_carers_imports` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`sha256` text NOT NULL,
	`file_name` text NOT NULL,
	`rows` integer NOT NULL,
	`changed` integer NOT NULL,
	`recorded_at` text NOT NULL,
	`actor` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `parents_carers_imports_sha256_idx` ON `parents_carers_imports` (`sha256`);--> statement-breakpoint
CREATE TRIGGER `parents_carers_no_update` BEFORE UPDATE ON `parents_carers`
BEGIN SELECT RAISE(ABORT, 'parents_carers is append-only; record a new version'); END;
--> statement-breakpoint
CREATE TRIGGER `parents_carers_no_delete` BEFORE DELETE ON `parents_carers`
BEGIN SELECT RAISE(ABORT, 'parents_carers is append-only; record a removal'); END;
--> statement-breakpoint
CREATE TRIGGER `parents_carers_imports_no_update` BEFORE UPDATE ON `parents_carers_imports`
BEGIN SELECT RAISE(ABORT, 'parents_carers_imports is append-only'); END;
--> statement-breakpoint
CREATE TRIGGER `parents_carers_imports_no_delete` BEFORE DELETE ON `parents_carers_imports`
BEGIN SELECT RAISE(ABORT, 'parents_carers_imports is append-only'); END;
