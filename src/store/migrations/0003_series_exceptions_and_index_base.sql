ALTER TABLE "series" ADD COLUMN "occurrence_index_base" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "sessions" ADD COLUMN "series_exception" boolean DEFAULT false NOT NULL;