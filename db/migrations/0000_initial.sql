CREATE TABLE `access_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` integer,
	`at` text NOT NULL,
	`action` text NOT NULL,
	`upn` text,
	`detail` text,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `access_log_upn_idx` ON `access_log` (`upn`,`at`);--> statement-breakpoint
CREATE INDEX `access_log_at_idx` ON `access_log` (`at`);--> statement-breakpoint
CREATE TABLE `case_history` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`upn` text NOT NULL,
	`seq` integer NOT NULL,
	`school_date` text NOT NULL,
	`recorded_at` text NOT NULL,
	`actor` text NOT NULL,
	`event_type` text NOT NULL,
	`event` text NOT NULL,
	`from_state` text NOT NULL,
	`to_state` text NOT NULL,
	`rule` text,
	`reason` text,
	`tasks` text NOT NULL,
	`policy_id` text NOT NULL,
	`policy_version` integer NOT NULL,
	`revision_after` integer NOT NULL,
	`prev_hash` text NOT NULL,
	`hash` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `case_history_upn_seq_idx` ON `case_history` (`upn`,`seq`);--> statement-breakpoint
CREATE TABLE `cases` (
	`upn` text PRIMARY KEY NOT NULL,
	`policy_id` text NOT NULL,
	`policy_version` integer NOT NULL,
	`stage` text NOT NULL,
	`state` text NOT NULL,
	`value` text NOT NULL,
	`context` text NOT NULL,
	`revision` integer DEFAULT 1 NOT NULL,
	`processed_through` text,
	`opened_on` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`upn`) REFERENCES `pupils`(`upn`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`policy_id`,`policy_version`) REFERENCES `policies`(`id`,`version`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `cases_stage_idx` ON `cases` (`stage`);--> statement-breakpoint
CREATE TABLE `contacts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`upn` text NOT NULL,
	`date` text NOT NULL,
	`kind` text NOT NULL,
	`with_whom` text NOT NULL,
	`summary` text NOT NULL,
	`recorded_by` text NOT NULL,
	`recorded_at` text NOT NULL,
	FOREIGN KEY (`upn`) REFERENCES `pupils`(`upn`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `contacts_upn_idx` ON `contacts` (`upn`,`date`);--> statement-breakpoint
CREATE TABLE `imports` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`sha256` text NOT NULL,
	`file_name` text NOT NULL,
	`rows` integer NOT NULL,
	`changed` integer DEFAULT 0 NOT NULL,
	`recorded_at` text NOT NULL,
	`actor` text NOT NULL,
	CONSTRAINT "imports_kind_check" CHECK("imports"."kind" in ('pupils', 'marks'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `imports_kind_sha256_idx` ON `imports` (`kind`,`sha256`);--> statement-breakpoint
CREATE TABLE `mark_amendments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`upn` text NOT NULL,
	`date` text NOT NULL,
	`session` text NOT NULL,
	`old_mark` text,
	`new_mark` text NOT NULL,
	`import_id` integer NOT NULL,
	`recorded_at` text NOT NULL,
	FOREIGN KEY (`import_id`) REFERENCES `imports`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "mark_amendments_session_check" CHECK("mark_amendments"."session" in ('AM', 'PM'))
);
--> statement-breakpoint
CREATE INDEX `mark_amendments_upn_date_idx` ON `mark_amendments` (`upn`,`date`);--> statement-breakpoint
CREATE INDEX `mark_amendments_import_idx` ON `mark_amendments` (`import_id`);--> statement-breakpoint
CREATE TABLE `policies` (
	`id` text NOT NULL,
	`version` integer NOT NULL,
	`name` text NOT NULL,
	`document` text NOT NULL,
	`published_at` text NOT NULL,
	`published_by` text NOT NULL,
	PRIMARY KEY(`id`, `version`)
);
--> statement-breakpoint
CREATE TABLE `pupil_registers` (
	`upn` text NOT NULL,
	`school_year` integer NOT NULL,
	`marks` blob NOT NULL,
	PRIMARY KEY(`upn`, `school_year`)
);
--> statement-breakpoint
CREATE INDEX `pupil_registers_year_idx` ON `pupil_registers` (`school_year`,`upn`);--> statement-breakpoint
CREATE TABLE `pupils` (
	`upn` text PRIMARY KEY NOT NULL,
	`forename` text NOT NULL,
	`surname` text NOT NULL,
	`year_group` text NOT NULL,
	`date_of_birth` text,
	`sex` text,
	`pupil_premium` integer DEFAULT false NOT NULL,
	`send` integer DEFAULT false NOT NULL,
	`eal` integer DEFAULT false NOT NULL,
	`social_worker` integer DEFAULT false NOT NULL,
	`looked_after` integer DEFAULT false NOT NULL,
	`young_carer` integer DEFAULT false NOT NULL,
	`class` text,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `pupils_name_idx` ON `pupils` (`surname`,`forename`);--> statement-breakpoint
CREATE INDEX `pupils_year_group_idx` ON `pupils` (`year_group`);--> statement-breakpoint
CREATE TABLE `school_days` (
	`date` text PRIMARY KEY NOT NULL
);
--> statement-breakpoint
CREATE TABLE `sessions` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` integer NOT NULL,
	`created_at` text NOT NULL,
	`expires_at` text NOT NULL,
	`revoked_at` text,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `sessions_user_idx` ON `sessions` (`user_id`);--> statement-breakpoint
CREATE TABLE `tasks` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`upn` text NOT NULL,
	`kind` text NOT NULL,
	`title` text NOT NULL,
	`rule` text NOT NULL,
	`template` text,
	`created_on` text NOT NULL,
	`due_on` text,
	`status` text DEFAULT 'open' NOT NULL,
	`outcome` text,
	`completed_by` text,
	`completed_at` text,
	`history_seq` integer,
	FOREIGN KEY (`upn`) REFERENCES `pupils`(`upn`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "tasks_status_check" CHECK("tasks"."status" in ('open', 'done', 'cancelled'))
);
--> statement-breakpoint
CREATE INDEX `tasks_status_due_idx` ON `tasks` (`status`,`due_on`);--> statement-breakpoint
CREATE INDEX `tasks_upn_idx` ON `tasks` (`upn`);--> statement-breakpoint
CREATE TABLE `users` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`username` text NOT NULL,
	`password_hash` text NOT NULL,
	`role` text NOT NULL,
	`created_at` text NOT NULL,
	`disabled` integer DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `users_username_unique` ON `users` (`username`);