CREATE TABLE `term_dates` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`sha256` text NOT NULL,
	`file_name` text NOT NULL,
	`text` text NOT NULL,
	`school_days` text NOT NULL,
	`first_day` text NOT NULL,
	`last_day` text NOT NULL,
	`recorded_at` text NOT NULL,
	`actor` text NOT NULL
);
