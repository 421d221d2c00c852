ALTER TABLE `pupils` ADD `celebration_exclusion` text;--> statement-breakpoint
ALTER TABLE `pupils` ADD `celebration_exclusion_by` text;--> statement-breakpoint
ALTER TABLE `pupils` ADD `celebration_exclusion_at` text;