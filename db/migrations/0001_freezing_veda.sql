CREATE TABLE `check_in_undos` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`nonce` text NOT NULL,
	`event_id` integer NOT NULL,
	`ticket_id` integer NOT NULL,
	`checked_in_at` integer NOT NULL,
	`admitted_by_user_id` integer,
	`admitted_device_id` text,
	`undone_by_user_id` integer,
	`undone_device_id` text,
	`undone_at` integer NOT NULL,
	FOREIGN KEY (`event_id`) REFERENCES `events`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`ticket_id`) REFERENCES `tickets`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`admitted_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`undone_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `check_in_undos_nonce_unique` ON `check_in_undos` (`nonce`);--> statement-breakpoint
CREATE INDEX `check_in_undos_event_idx` ON `check_in_undos` (`event_id`);--> statement-breakpoint
CREATE TABLE `door_conflicts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`event_id` integer NOT NULL,
	`ticket_id` integer NOT NULL,
	`first_at` integer NOT NULL,
	`first_user_id` integer,
	`first_device_id` text,
	`second_at` integer NOT NULL,
	`second_user_id` integer,
	`second_device_id` text,
	`nonce` text NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`event_id`) REFERENCES `events`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`ticket_id`) REFERENCES `tickets`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`first_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`second_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `door_conflicts_nonce_unique` ON `door_conflicts` (`nonce`);--> statement-breakpoint
CREATE INDEX `door_conflicts_event_idx` ON `door_conflicts` (`event_id`);--> statement-breakpoint
CREATE TABLE `door_sales` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`nonce` text NOT NULL,
	`order_id` integer NOT NULL,
	`event_id` integer NOT NULL,
	`payment` text NOT NULL,
	`amount_pence` integer NOT NULL,
	`currency` text DEFAULT 'GBP' NOT NULL,
	`sold_by_user_id` integer,
	`device_id` text,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`order_id`) REFERENCES `orders`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`event_id`) REFERENCES `events`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`sold_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `door_sales_nonce_unique` ON `door_sales` (`nonce`);--> statement-breakpoint
CREATE UNIQUE INDEX `door_sales_order_unique` ON `door_sales` (`order_id`);--> statement-breakpoint
CREATE INDEX `door_sales_event_idx` ON `door_sales` (`event_id`);--> statement-breakpoint
CREATE TABLE `door_scans` (
	`nonce` text PRIMARY KEY NOT NULL,
	`event_id` integer NOT NULL,
	`subject` text NOT NULL,
	`ticket_id` integer,
	`verdict` text NOT NULL,
	`staff_user_id` integer,
	`device_id` text,
	`scanned_at` integer NOT NULL,
	`offline` integer DEFAULT false NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`event_id`) REFERENCES `events`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`ticket_id`) REFERENCES `tickets`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`staff_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `door_scans_event_idx` ON `door_scans` (`event_id`,`created_at`);