-- Who a task is with (issue 15): an optional assignee (a username), and every assignment kept, append-only.
ALTER TABLE `tasks` ADD `assignee` text;--> statement-breakpoint
CREATE INDEX `tasks_assignee_status_idx` ON `tasks` (`assignee`,`status`);--> statement-breakpoint
CREATE TABLE `task_assignments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`task_id` integer NOT NULL,
	`upn` text NOT NULL,
	`assignee` text,
	`previous` text,
	`assigned_by` text NOT NULL,
	`assigned_at` text NOT NULL,
	`how` text NOT NULL,
	FOREIGN KEY (`task_id`) REFERENCES `tasks`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `task_assignments_task_idx` ON `task_assignments` (`task_id`,`id`);--> statement-breakpoint
CREATE INDEX `task_assignments_upn_idx` ON `task_assignments` (`upn`,`id`);--> statement-breakpoint
CREATE TRIGGER `task_assignments_no_update` BEFORE UPDATE ON `task_assignments`
BEGIN SELECT RAISE(ABORT, 'task_assignments is append-only'); END;
--> statement-breakpoint
CREATE TRIGGER `task_assignments_no_delete` BEFORE DELETE ON `task_assignments`
BEGIN SELECT RAISE(ABORT, 'task_assignments is append-only'); END;
