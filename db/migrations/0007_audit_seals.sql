CREATE TABLE `audit_seals` (
	`name` text PRIMARY KEY NOT NULL,
	`rows` integer NOT NULL,
	`max_id` integer NOT NULL,
	`total` integer NOT NULL,
	`sealed_at` text NOT NULL,
	`key_id` text NOT NULL,
	`mac` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `case_heads` (
	`upn` text PRIMARY KEY NOT NULL,
	`seq` integer NOT NULL,
	`hash` text NOT NULL,
	`key_id` text NOT NULL,
	`mac` text NOT NULL
);
--> statement-breakpoint
ALTER TABLE `pupil_registers` ADD `seals` blob;--> statement-breakpoint
ALTER TABLE `pupil_registers` ADD `seal_key_id` text;