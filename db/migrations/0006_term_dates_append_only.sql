-- Term dates are kept as uploaded: a new upload is a new row (the latest is in force), never a rewrite.
CREATE TRIGGER `term_dates_no_update` BEFORE UPDATE ON `term_dates`
BEGIN SELECT RAISE(ABORT, 'term_dates is append-only; upload the term dates again'); END;
--> statement-breakpoint
CREATE TRIGGER `term_dates_no_delete` BEFORE DELETE ON `term_dates`
BEGIN SELECT RAISE(ABORT, 'term_dates is append-only; upload the term dates again'); END;
