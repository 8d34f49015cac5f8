/**
 * The database schema, the single source of truth for the SQL migrations in ./migrations
 * (generated with `npm run db:generate`). Instants are UTC `timestamptz`; wall-clock
 * times exist only together with their IANA zone.
 */
import { sql } from "drizzle-orm";
import {
  type AnyPgColumn,
  bigserial,
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";

const instant = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });
const createdAt = () => instant("created_at").notNull().defaultNow();

export const organizations = pgTable(
  "organizations",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    name: text("name").notNull(),
    logoText: text("logo_text").notNull(),
    primaryColor: text("primary_color").notNull().default("#1f6feb"),
    secondaryColor: text("secondary_color").notNull().default("#8957e5"),
    createdAt: createdAt(),
  },
  (t) => [
    check("organizations_primary_color_hex", sql`${t.primaryColor} ~ '^#[0-9a-fA-F]{6}$'`),
    check("organizations_secondary_color_hex", sql`${t.secondaryColor} ~ '^#[0-9a-fA-F]{6}$'`),
  ],
);

/** Account Options: one row per organization. */
export const orgOptions = pgTable(
  "org_options",
  {
    orgId: uuid("org_id")
      .primaryKey()
      .references(() => organizations.id, { onDelete: "cascade" }),
    integrationEnabled: boolean("integration_enabled").notNull().default(false),
    usersCanOverride: boolean("users_can_override").notNull().default(false),
    privacyLevel: text("privacy_level", { enum: ["minimal", "initials", "full"] })
      .notNull()
      .default("minimal"),
    seriesHorizonDays: integer("series_horizon_days").notNull().default(14),
    updatedAt: instant("updated_at").notNull().defaultNow(),
  },
  (t) => [check("org_options_horizon_range", sql`${t.seriesHorizonDays} between 1 and 90`)],
);

export const users = pgTable(
  "users",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    orgId: uuid("org_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    email: text("email").notNull(),
    passwordHash: text("password_hash").notNull(),
    licensed: boolean("licensed").notNull().default(false),
    active: boolean("active").notNull().default(true),
    /** IANA zone the user's calendar and dashboard are shown in. */
    timeZone: text("time_zone").notNull().default("UTC"),
    /** Brute-force protection: failed sign-ins in a row, and until when the account waits. */
    failedLogins: integer("failed_logins").notNull().default(0),
    lockedUntil: instant("locked_until"),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("users_email_unique").on(sql`lower(${t.email})`),
    index("users_org_idx").on(t.orgId),
  ],
);

export const userRoles = pgTable(
  "user_roles",
  {
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    role: text("role", { enum: ["account_admin", "scheduler"] }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.role] })],
);

/**
 * My Options and Account Users → Options. `null` means "not set": the effective value
 * then falls back (S-OPT-4), so a user's own value survives overriding being turned off.
 */
export const userOptions = pgTable("user_options", {
  userId: uuid("user_id")
    .primaryKey()
    .references(() => users.id, { onDelete: "cascade" }),
  integrationSelf: boolean("integration_self"),
  integrationAdmin: boolean("integration_admin"),
  updatedAt: instant("updated_at").notNull().defaultNow(),
});

/** Server-side sign-in sessions; the cookie holds a random token whose SHA-256 is the key. */
export const authSessions = pgTable(
  "auth_sessions",
  {
    tokenHash: text("token_hash").primaryKey(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    csrfToken: text("csrf_token").notNull(),
    createdAt: createdAt(),
    expiresAt: instant("expires_at").notNull(),
  },
  (t) => [index("auth_sessions_user_idx").on(t.userId)],
);

export const sessions = pgTable(
  "sessions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    orgId: uuid("org_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    hostId: uuid("host_id")
      .notNull()
      .references(() => users.id),
    createdBy: uuid("created_by")
      .notNull()
      .references(() => users.id),
    title: text("title").notNull(),
    startsAt: instant("starts_at").notNull(),
    durationMin: integer("duration_min").notNull(),
    timeZone: text("time_zone").notNull(),
    /** This session as an item of the calendar page's answer, kept by the database (migration 0008_calendar_items). */
    calendarItem: text("calendar_item").generatedAlwaysAs(sql`calendar_session_item(id, title, starts_at, duration_min)`),
    notes: text("notes"),
    status: text("status", { enum: ["scheduled", "cancelled", "completed"] })
      .notNull()
      .default("scheduled"),
    hostJoinToken: text("host_join_token").notNull(),
    participantJoinToken: text("participant_join_token").notNull(),
    createdAt: createdAt(),
    updatedAt: instant("updated_at").notNull().defaultNow(),
    /**
     * Deleting a session only marks it: its Outlook events must still be found and removed
     * by the worker, which needs the row (and its mirror items) until then.
     */
    deletedAt: instant("deleted_at"),
    /** Set for sessions materialised from a recurring series: which series and which occurrence. */
    seriesId: uuid("series_id").references((): AnyPgColumn => series.id),
    occurrenceIndex: integer("occurrence_index"),
    /**
     * A series session edited on its own ("this session only"): later edits of the series
     * leave it alone, and it keeps its occurrence so that occurrence is never made again.
     */
    seriesException: boolean("series_exception").notNull().default(false),
  },
  (t) => [
    check("sessions_duration_range", sql`${t.durationMin} between 5 and 720`),
    // One session per series occurrence, whoever materialises it, however often.
    uniqueIndex("sessions_series_occurrence_unique").on(t.seriesId, t.occurrenceIndex),
    uniqueIndex("sessions_host_join_token_unique").on(t.hostJoinToken),
    uniqueIndex("sessions_participant_join_token_unique").on(t.participantJoinToken),
    index("sessions_org_starts_idx").on(t.orgId, t.startsAt),
    index("sessions_host_starts_idx").on(t.hostId, t.startsAt),
  ],
);

/**
 * A participant, in a session or in a series' template: protected health information, of
 * which only `name` may ever leave the product.
 */
const participantColumns = () => ({
  position: integer("position").notNull(),
  name: text("name").notNull(),
  email: text("email"),
  phone: text("phone"),
});

export const sessionParticipants = pgTable(
  "session_participants",
  {
    sessionId: uuid("session_id")
      .notNull()
      .references(() => sessions.id, { onDelete: "cascade" }),
    ...participantColumns(),
  },
  (t) => [primaryKey({ columns: [t.sessionId, t.position] })],
);

/** Sessions shown on a user's dashboard although they do not host them. */
export const sessionShares = pgTable(
  "session_shares",
  {
    sessionId: uuid("session_id")
      .notNull()
      .references(() => sessions.id, { onDelete: "cascade" }),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
  },
  (t) => [primaryKey({ columns: [t.sessionId, t.userId] }), index("session_shares_user_idx").on(t.userId)],
);

/**
 * A recurring series: a rule (see domain/recurrence.ts) and the template its sessions are
 * materialised from, a fixed horizon ahead. Wall-clock start and zone, never an instant.
 */
export const series = pgTable(
  "series",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    orgId: uuid("org_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    hostId: uuid("host_id")
      .notNull()
      .references(() => users.id),
    createdBy: uuid("created_by")
      .notNull()
      .references(() => users.id),
    title: text("title").notNull(),
    notes: text("notes"),
    timeZone: text("time_zone").notNull(),
    durationMin: integer("duration_min").notNull(),
    /** "YYYY-MM-DD" and "HH:mm", wall clock in `time_zone`. */
    firstStartDate: text("first_start_date").notNull(),
    firstStartTime: text("first_start_time").notNull(),
    rule: jsonb("rule").$type<Record<string, unknown>>().notNull(),
    /**
     * Sessions store `occurrence_index_base + index`: a change of the whole series' schedule
     * re-anchors the rule at its next occurrence, and the base keeps every stored occurrence
     * where it was, so no occurrence is ever made twice.
     */
    occurrenceIndexBase: integer("occurrence_index_base").notNull().default(0),
    /** `ended`: the rule has no occurrence left to materialise; `cancelled`: a person cancelled the whole series. */
    status: text("status", { enum: ["active", "ended", "cancelled"] }).notNull().default("active"),
    /** Occurrences starting before this instant have been materialised. */
    materializedUntil: instant("materialized_until"),
    createdAt: createdAt(),
    updatedAt: instant("updated_at").notNull().defaultNow(),
  },
  (t) => [
    check("series_duration_range", sql`${t.durationMin} between 5 and 720`),
    index("series_org_idx").on(t.orgId),
    index("series_due_idx").on(t.materializedUntil).where(sql`${t.status} = 'active'`),
  ],
);

/** The series' participants, copied into each materialised session. */
export const seriesParticipants = pgTable(
  "series_participants",
  {
    seriesId: uuid("series_id")
      .notNull()
      .references(() => series.id, { onDelete: "cascade" }),
    ...participantColumns(),
  },
  (t) => [primaryKey({ columns: [t.seriesId, t.position] })],
);

/**
 * One user's link to one Microsoft mailbox. The lease columns let any number of workers
 * share the work: one holder per link at a time.
 */
export const calendarLinks = pgTable(
  "calendar_links",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    orgId: uuid("org_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    provider: text("provider", { enum: ["microsoft"] }).notNull().default("microsoft"),
    /** The provider's stable id of the mailbox (Graph user id). */
    mailboxId: text("mailbox_id").notNull(),
    mailboxAddress: text("mailbox_address").notNull(),
    /** Sealed with AES-256-GCM (see secretBox); erased when the link ends. */
    refreshTokenSealed: text("refresh_token_sealed"),
    /**
     * The last access token Microsoft gave for this link and when it expires, sealed like
     * the refresh token (linkTokens.ts): a worker that starts, or takes the link over, uses
     * it instead of asking Microsoft for a new one. Erased with the refresh token.
     */
    accessTokenSealed: text("access_token_sealed"),
    state: text("state", { enum: ["active", "needs_relink", "unlinking"] }).notNull().default("active"),
    leasedBy: text("leased_by"),
    leaseUntil: instant("lease_until"),
    /**
     * When a worker should next claim the link: never later than its earliest due mirror
     * item or its link-level work, so claiming is one index probe. A trigger on mirror_items
     * brings it forward; releasing the link sets it from what is left (claimLink.ts).
     */
    nextWorkAt: instant("next_work_at").defaultNow(),
    /** Work was marked while the link was held: its release must not push `next_work_at` back. */
    workMarked: boolean("work_marked").notNull().default(false),
    /** When link-level work (reconciliation, clean-up) is next due. */
    nextReconcileAt: instant("next_reconcile_at").notNull().defaultNow(),
    lastError: text("last_error"),
    lastReconciledAt: instant("last_reconciled_at"),
    linkedAt: instant("linked_at").notNull().defaultNow(),
    /** Read side (S-CAL-5): the delta link of the rolling window, and when to read next. */
    deltaLink: text("delta_link"),
    nextReadAt: instant("next_read_at").notNull().defaultNow(),
    lastReadAt: instant("last_read_at"),
    readError: text("read_error"),
    /** Change-notification subscription; only a hash of its clientState secret is kept. */
    subscriptionId: text("subscription_id"),
    subscriptionClientStateHash: text("subscription_client_state_hash"),
    subscriptionExpiresAt: instant("subscription_expires_at"),
  },
  (t) => [
    uniqueIndex("calendar_links_user_unique").on(t.userId),
    uniqueIndex("calendar_links_mailbox_unique").on(t.provider, t.mailboxId),
    index("calendar_links_work_idx").on(t.nextWorkAt).where(sql`${t.nextWorkAt} is not null`),
    index("calendar_links_read_due_idx").on(t.nextReadAt),
    uniqueIndex("calendar_links_subscription_unique").on(t.subscriptionId),
  ],
);

/**
 * The read-side cache of a link's own Outlook events (S-CAL-3), for the calendar page.
 * Never holds events the product created: those carry our property and are skipped.
 */
export const externalEvents = pgTable(
  "external_events",
  {
    linkId: uuid("link_id")
      .notNull()
      .references(() => calendarLinks.id, { onDelete: "cascade" }),
    remoteEventId: text("remote_event_id").notNull(),
    subject: text("subject").notNull(),
    startsAt: instant("starts_at").notNull(),
    endsAt: instant("ends_at").notNull(),
    isAllDay: boolean("is_all_day").notNull().default(false),
    showAs: text("show_as").notNull().default("busy"),
    webLink: text("web_link"),
    updatedAt: instant("updated_at").notNull().defaultNow(),
    /** This event as an item of the calendar page's answer, kept by the database (migration 0008_calendar_items). */
    calendarItem: text("calendar_item").generatedAlwaysAs(sql`calendar_outlook_item(remote_event_id, subject, starts_at, ends_at, is_all_day, web_link)`),
  },
  (t) => [primaryKey({ columns: [t.linkId, t.remoteEventId] }), index("external_events_link_starts_idx").on(t.linkId, t.startsAt)],
);

/**
 * The record of one session's event in one link's mailbox: exactly one row per pair, which
 * is what makes duplicates impossible on our side. `change_seq` grows with every marking,
 * so a worker recording a result can tell whether the session changed while it pushed.
 */
export const mirrorItems = pgTable(
  "mirror_items",
  {
    linkId: uuid("link_id")
      .notNull()
      .references(() => calendarLinks.id, { onDelete: "cascade" }),
    sessionId: uuid("session_id")
      .notNull()
      .references(() => sessions.id, { onDelete: "restrict" }),
    remoteEventId: text("remote_event_id"),
    pushedHash: text("pushed_hash"),
    /** Microsoft's changeKey after our last write: a different one means someone edited it in Outlook. */
    remoteChangeKey: text("remote_change_key"),
    /** A create was sent but its outcome is unknown: look the event up before creating again. */
    createInDoubt: boolean("create_in_doubt").notNull().default(false),
    /** Bumped whenever a fresh event must be created, so its transactionId is fresh too. */
    generation: integer("generation").notNull().default(0),
    dirty: boolean("dirty").notNull().default(true),
    changeSeq: integer("change_seq").notNull().default(0),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: instant("next_attempt_at").notNull().defaultNow(),
    /** The worker pushing this item right now; its claim is released at once if it dies. */
    claimedBy: text("claimed_by"),
    lastError: text("last_error"),
    syncedAt: instant("synced_at"),
  },
  (t) => [
    primaryKey({ columns: [t.linkId, t.sessionId] }),
    // A link's due items, in the order they fell due: claims, releases and the read side's check.
    index("mirror_items_link_due_idx").on(t.linkId, t.nextAttemptAt).where(sql`${t.dirty}`),
    index("mirror_items_session_idx").on(t.sessionId),
    // The calendar's anti-join ("is this Outlook event one of ours?") looks events up by id.
    index("mirror_items_link_remote_idx").on(t.linkId, t.remoteEventId),
  ],
);

/** A pending OAuth authorization: single use, bound to the user who started it. */
export const oauthStates = pgTable("oauth_states", {
  stateHash: text("state_hash").primaryKey(),
  userId: uuid("user_id")
    .notNull()
    .references(() => users.id, { onDelete: "cascade" }),
  codeVerifierSealed: text("code_verifier_sealed").notNull(),
  createdAt: createdAt(),
  expiresAt: instant("expires_at").notNull(),
});

/** Append-only: the application never updates or deletes a row. */
export const auditLog = pgTable(
  "audit_log",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    orgId: uuid("org_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    actorId: uuid("actor_id").references(() => users.id, { onDelete: "set null" }),
    kind: text("kind").notNull(),
    subjectUserId: uuid("subject_user_id").references(() => users.id, { onDelete: "set null" }),
    details: jsonb("details").$type<Record<string, unknown>>().notNull().default({}),
    at: instant("at").notNull().defaultNow(),
  },
  (t) => [index("audit_log_org_at_idx").on(t.orgId, t.at)],
);
