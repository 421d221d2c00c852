ALTER TABLE `tasks` ADD `raised_again` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `tasks` ADD `last_raised_on` text;