DROP INDEX "calendar_links_due_idx";--> statement-breakpoint
DROP INDEX "mirror_items_due_idx";--> statement-breakpoint
ALTER TABLE "calendar_links" ADD COLUMN "next_work_at" timestamp with time zone DEFAULT now();--> statement-breakpoint
ALTER TABLE "calendar_links" ADD COLUMN "work_marked" boolean DEFAULT false NOT NULL;--> statement-breakpoint
CREATE INDEX "calendar_links_work_idx" ON "calendar_links" USING btree ("next_work_at") WHERE "calendar_links"."next_work_at" is not null;--> statement-breakpoint
CREATE INDEX "mirror_items_link_due_idx" ON "mirror_items" USING btree ("link_id","next_attempt_at") WHERE "mirror_items"."dirty";--> statement-breakpoint
-- Links whose work is already due or scheduled keep it: the same rule releaseLink applies.
UPDATE "calendar_links" l SET "next_work_at" = CASE l."state"
    WHEN 'active' THEN least(l."next_reconcile_at",
      (SELECT min(m."next_attempt_at") FROM "mirror_items" m WHERE m."link_id" = l."id" AND m."dirty"))
    WHEN 'unlinking' THEN l."next_reconcile_at"
  END;
--> statement-breakpoint
-- Any statement that leaves a mirror item due and unclaimed brings its link's next claim
-- forward, whoever wrote it: the queue of links cannot miss a change. The mark tells a
-- worker holding the link that work arrived after it looked (see releaseLink). The row is
-- written even when nothing seems to change: a release running at the same moment must
-- wait for this write and see it, or it could set a later time from an older snapshot.
CREATE FUNCTION mirror_items_wake_links() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE calendar_links l
     SET next_work_at = least(l.next_work_at, d.due),
         work_marked = l.work_marked OR d.due <= now()
    FROM (SELECT link_id, min(next_attempt_at) AS due FROM changed_items
           WHERE dirty AND claimed_by IS NULL GROUP BY link_id) d
   WHERE l.id = d.link_id AND l.state = 'active';
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER mirror_items_wake_links_on_insert AFTER INSERT ON mirror_items
  REFERENCING NEW TABLE AS changed_items FOR EACH STATEMENT EXECUTE FUNCTION mirror_items_wake_links();
--> statement-breakpoint
CREATE TRIGGER mirror_items_wake_links_on_update AFTER UPDATE ON mirror_items
  REFERENCING NEW TABLE AS changed_items FOR EACH STATEMENT EXECUTE FUNCTION mirror_items_wake_links();
--> statement-breakpoint
-- Link-level work (a reconciliation, an unlink's clean-up) brings the next claim forward
-- the same way, whichever statement schedules it.
CREATE FUNCTION calendar_links_wake_on_schedule() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.next_work_at := least(NEW.next_work_at, NEW.next_reconcile_at);
  NEW.work_marked := NEW.work_marked OR NEW.next_reconcile_at <= now();
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER calendar_links_wake_on_schedule BEFORE UPDATE OF next_reconcile_at ON calendar_links
  FOR EACH ROW EXECUTE FUNCTION calendar_links_wake_on_schedule();
