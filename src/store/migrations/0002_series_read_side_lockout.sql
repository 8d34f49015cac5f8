CREATE TABLE "external_events" (
	"link_id" uuid NOT NULL,
	"remote_event_id" text NOT NULL,
	"subject" text NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"is_all_day" boolean DEFAULT false NOT NULL,
	"show_as" text DEFAULT 'busy' NOT NULL,
	"web_link" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "external_events_link_id_remote_event_id_pk" PRIMARY KEY("link_id","remote_event_id")
);
--> statement-breakpoint
CREATE TABLE "series" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"host_id" uuid NOT NULL,
	"created_by" uuid NOT NULL,
	"title" text NOT NULL,
	"notes" text,
	"time_zone" text NOT NULL,
	"duration_min" integer NOT NULL,
	"first_start_date" text NOT NULL,
	"first_start_time" text NOT NULL,
	"rule" jsonb NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"materialized_until" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "series_duration_range" CHECK ("series"."duration_min" between 5 and 720)
);
--> statement-breakpoint
CREATE TABLE "series_participants" (
	"series_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"name" text NOT NULL,
	"email" text,
	"phone" text,
	CONSTRAINT "series_participants_series_id_position_pk" PRIMARY KEY("series_id","position")
);
--> statement-breakpoint
ALTER TABLE "calendar_links" ADD COLUMN "delta_link" text;--> statement-breakpoint
ALTER TABLE "calendar_links" ADD COLUMN "next_read_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "calendar_links" ADD COLUMN "last_read_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "calendar_links" ADD COLUMN "read_error" text;--> statement-breakpoint
ALTER TABLE "calendar_links" ADD COLUMN "subscription_id" text;--> statement-breakpoint
ALTER TABLE "calendar_links" ADD COLUMN "subscription_client_state_hash" text;--> statement-breakpoint
ALTER TABLE "calendar_links" ADD COLUMN "subscription_expires_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "sessions" ADD COLUMN "series_id" uuid;--> statement-breakpoint
ALTER TABLE "sessions" ADD COLUMN "occurrence_index" integer;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "failed_logins" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "locked_until" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "external_events" ADD CONSTRAINT "external_events_link_id_calendar_links_id_fk" FOREIGN KEY ("link_id") REFERENCES "public"."calendar_links"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "series" ADD CONSTRAINT "series_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "series" ADD CONSTRAINT "series_host_id_users_id_fk" FOREIGN KEY ("host_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "series" ADD CONSTRAINT "series_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "series_participants" ADD CONSTRAINT "series_participants_series_id_series_id_fk" FOREIGN KEY ("series_id") REFERENCES "public"."series"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "external_events_link_starts_idx" ON "external_events" USING btree ("link_id","starts_at");--> statement-breakpoint
CREATE INDEX "series_org_idx" ON "series" USING btree ("org_id");--> statement-breakpoint
CREATE INDEX "series_due_idx" ON "series" USING btree ("materialized_until") WHERE "series"."status" = 'active';--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_series_id_series_id_fk" FOREIGN KEY ("series_id") REFERENCES "public"."series"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "calendar_links_read_due_idx" ON "calendar_links" USING btree ("next_read_at");--> statement-breakpoint
CREATE UNIQUE INDEX "calendar_links_subscription_unique" ON "calendar_links" USING btree ("subscription_id");--> statement-breakpoint
CREATE UNIQUE INDEX "sessions_series_occurrence_unique" ON "sessions" USING btree ("series_id","occurrence_index");