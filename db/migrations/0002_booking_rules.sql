ALTER TABLE `events` ADD `requires_approval` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `events` ADD `max_seats_per_order` integer DEFAULT 10 NOT NULL;--> statement-breakpoint
ALTER TABLE `orders` ADD `email_confirmed_at` integer;--> statement-breakpoint
ALTER TABLE `orders` ADD `email_code_hash` text;--> statement-breakpoint
ALTER TABLE `orders` ADD `email_code_attempts` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `orders` ADD `email_codes_sent` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `orders` ADD `approval` text;--> statement-breakpoint
ALTER TABLE `orders` ADD `awaiting_payment_since` integer;--> statement-breakpoint
CREATE INDEX `orders_buyer_email_status_idx` ON `orders` (`buyer_email`,`status`);