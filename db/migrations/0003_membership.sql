CREATE TABLE `membership_claims` (
	`user_id` integer PRIMARY KEY NOT NULL,
	`plan_id` integer NOT NULL,
	`concession_kind` text NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `membership_history` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`membership_id` integer NOT NULL,
	`at` integer NOT NULL,
	`kind` text NOT NULL,
	`details` text,
	FOREIGN KEY (`membership_id`) REFERENCES `memberships`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `membership_history_membership_idx` ON `membership_history` (`membership_id`,`at`);--> statement-breakpoint
CREATE TABLE `unmatched_payment_events` (
	`stripe_event_id` text PRIMARY KEY NOT NULL,
	`type` text NOT NULL,
	`stripe_customer_id` text,
	`stripe_subscription_id` text,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL
);
--> statement-breakpoint
ALTER TABLE `membership_plans` ADD `benefits_en` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `membership_plans` ADD `benefits_ru` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `membership_plans` ADD `monthly_price_pence` integer;--> statement-breakpoint
ALTER TABLE `membership_plans` ADD `yearly_price_pence` integer;--> statement-breakpoint
ALTER TABLE `membership_plans` ADD `concession_monthly_price_pence` integer;--> statement-breakpoint
ALTER TABLE `membership_plans` ADD `concession_yearly_price_pence` integer;--> statement-breakpoint
ALTER TABLE `membership_plans` ADD `member_discount_percent` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `membership_plans` ADD `presale_lead_hours` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `membership_plans` ADD `admits_members_only` integer DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE `membership_plans` ADD `stripe_price_ids` text DEFAULT '{}' NOT NULL;--> statement-breakpoint
ALTER TABLE `membership_plans` ADD `position` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `memberships` ADD `source` text DEFAULT 'stripe' NOT NULL;--> statement-breakpoint
ALTER TABLE `memberships` ADD `interval` text;--> statement-breakpoint
ALTER TABLE `memberships` ADD `amount_pence` integer;--> statement-breakpoint
ALTER TABLE `memberships` ADD `concession` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `memberships` ADD `concession_kind` text;--> statement-breakpoint
ALTER TABLE `memberships` ADD `card_id` text;--> statement-breakpoint
ALTER TABLE `memberships` ADD `payment_failed_at` integer;--> statement-breakpoint
ALTER TABLE `memberships` ADD `ends_at` integer;--> statement-breakpoint
ALTER TABLE `memberships` ADD `reason` text;--> statement-breakpoint
ALTER TABLE `memberships` ADD `granted_by_user_id` integer REFERENCES users(id);--> statement-breakpoint
ALTER TABLE `memberships` ADD `started_at` integer;--> statement-breakpoint
ALTER TABLE `memberships` ADD `ended_at` integer;--> statement-breakpoint
CREATE UNIQUE INDEX `memberships_card_unique` ON `memberships` (`card_id`);