/**
 * The JSON API's request and response shapes, shared by the server (which parses every
 * request with them and documents them as OpenAPI) and the browser UI (which trusts them).
 * Imports nothing but zod, so the UI bundle can use it.
 */
import { z } from "zod";
// The repeat rule's schema imports nothing but zod either.
import { RecurrenceRuleSchema, SeriesScheduleSchema } from "../domain/recurrence/rule.ts";

export const TITLE_MAX = 120;
export const NAME_MAX = 120;
export const NOTES_MAX = 4000;
export const PARTICIPANTS_MAX = 20;

const uuid = z.uuid({ error: "must be an id" });
const isoInstant = z.iso.datetime({ offset: true, error: "must be a date and time such as 2026-12-01T09:00:00Z" });
const hexColor = z.string().regex(/^#[0-9a-fA-F]{6}$/, { error: "must be a colour such as #1f6feb" });

export const RoleSchema = z.enum(["account_admin", "scheduler"]);
export const SessionStatusSchema = z.enum(["scheduled", "cancelled", "completed"]);
export const LinkStateSchema = z.enum(["active", "needs_relink", "unlinking"]);
export const SyncStateSchema = z.enum(["not_linked", "pending", "synced", "failed"]);

// ---- errors ---------------------------------------------------------------------------

/** Every 4xx and 5xx body. `message` is a sentence for a person; `code` is for programs. */
export const ErrorBodySchema = z.object({
  code: z.string(),
  message: z.string(),
  /** Field-level problems, keyed by the field's path ("participants.0.email"). */
  fields: z.record(z.string(), z.string()).optional(),
});
export type ErrorBody = z.infer<typeof ErrorBodySchema>;

// ---- sign-in --------------------------------------------------------------------------

export const LoginRequestSchema = z.object({
  email: z.string().trim().min(1, { error: "Enter your e-mail address." }).max(320),
  password: z.string().min(1, { error: "Enter your password." }).max(1024),
});
export type LoginRequest = z.infer<typeof LoginRequestSchema>;

export const BrandingSchema = z.object({
  logoText: z.string(),
  primaryColor: hexColor,
  secondaryColor: hexColor,
});
export type Branding = z.infer<typeof BrandingSchema>;

/** Who is signed in, what they may do, and the CSRF token every change must carry. */
export const MeSchema = z.object({
  user: z.object({
    id: uuid,
    name: z.string(),
    email: z.string(),
    licensed: z.boolean(),
    roles: z.array(RoleSchema),
    timeZone: z.string(),
  }),
  organization: z.object({ id: uuid, name: z.string(), branding: BrandingSchema }),
  csrfToken: z.string(),
});
export type Me = z.infer<typeof MeSchema>;

// ---- sessions -------------------------------------------------------------------------

export const ParticipantSchema = z
  .object({
    name: z.string().trim().min(1, { error: "Enter the participant's name." }).max(NAME_MAX),
    email: z.email({ error: "must be an e-mail address" }).max(320).nullable().default(null),
    phone: z
      .string()
      .trim()
      .regex(/^\+?[0-9 ()-]{5,20}$/, { error: "must be a phone number" })
      .nullable()
      .default(null),
  })
  .strict();
export type Participant = z.infer<typeof ParticipantSchema>;

const sessionFields = {
  title: z
    .string()
    .trim()
    .min(1, { error: "Enter a title." })
    .max(TITLE_MAX, { error: `must be at most ${TITLE_MAX} characters` }),
  hostId: uuid,
  startsAt: isoInstant,
  durationMin: z
    .number({ error: "must be a number of minutes" })
    .int({ error: "must be whole minutes" })
    .min(5, { error: "must be at least 5 minutes" })
    .max(720, { error: "must be at most 12 hours" }),
  /** IANA time zone name, e.g. America/New_York; validated on the server. */
  timeZone: z.string().min(1).max(64),
  notes: z.string().max(NOTES_MAX, { error: `must be at most ${NOTES_MAX} characters` }).nullable(),
  participants: z.array(ParticipantSchema).max(PARTICIPANTS_MAX, { error: `must be at most ${PARTICIPANTS_MAX} participants` }),
};

export const CreateSessionRequestSchema = z
  .object({
    ...sessionFields,
    notes: sessionFields.notes.default(null),
    participants: sessionFields.participants.default([]),
  })
  .strict();
export type CreateSessionRequest = z.input<typeof CreateSessionRequestSchema>;

/**
 * Any subset: reschedule (startsAt, durationMin, timeZone), change host, edit details.
 * No defaults here: a field left out stays as it is.
 */
export const UpdateSessionRequestSchema = z
  .object({
    title: sessionFields.title.optional(),
    hostId: sessionFields.hostId.optional(),
    startsAt: sessionFields.startsAt.optional(),
    durationMin: sessionFields.durationMin.optional(),
    timeZone: sessionFields.timeZone.optional(),
    notes: sessionFields.notes.optional(),
    participants: sessionFields.participants.optional(),
  })
  .strict()
  .refine((body) => Object.keys(body).length > 0, { error: "Change at least one field." });
export type UpdateSessionRequest = z.input<typeof UpdateSessionRequestSchema>;

export const SessionSchema = z.object({
  id: uuid,
  title: z.string(),
  host: z.object({ id: uuid, name: z.string() }),
  /** True when the signed-in user hosts it (only these are copied to their Outlook). */
  hostedByMe: z.boolean(),
  startsAt: z.string(),
  endsAt: z.string(),
  durationMin: z.number(),
  timeZone: z.string(),
  notes: z.string().nullable(),
  status: SessionStatusSchema,
  participants: z.array(z.object({ name: z.string(), email: z.string().nullable(), phone: z.string().nullable() })),
  hostJoinUrl: z.string().nullable(),
  participantJoinUrl: z.string(),
  sync: z.object({ state: SyncStateSchema, message: z.string().nullable() }),
  /** Set for a session materialised from a recurring series ("Repeats" on the dashboard). */
  series: z.object({ id: uuid }).nullable(),
});
export type SessionView = z.infer<typeof SessionSchema>;

export const SessionListSchema = z.object({ sessions: z.array(SessionSchema) });

/** Licensed users of the organization who can host a session. */
export const HostListSchema = z.object({ hosts: z.array(z.object({ id: uuid, name: z.string(), email: z.string() })) });

// ---- options --------------------------------------------------------------------------

export const AccountSchedulingOptionsSchema = z.object({
  integrationEnabled: z.boolean(),
  usersCanOverride: z.boolean(),
});
export const AccountSchedulingPatchSchema = AccountSchedulingOptionsSchema.partial()
  .extend({
    /** S-OPT-6: a change that unlinks linked users must be confirmed by the client. */
    confirmUnlink: z.boolean().optional(),
  })
  .strict();

/** Answer to a change that would unlink users before it was confirmed (HTTP 409). */
export const UnlinkConfirmationSchema = z.object({
  code: z.literal("CONFIRM_UNLINK"),
  message: z.string(),
  linkedUsers: z.number().int(),
});

/** My Options → Scheduling: `null` clears the user's own value (the organization's counts again). */
export const MySchedulingPatchSchema = z
  .object({
    integrationSelf: z.boolean().nullable(),
    /** S-OPT-6: turning it off while linked unlinks the calendar, so it must be confirmed. */
    confirmUnlink: z.boolean().optional(),
  })
  .strict();

export const MySchedulingOptionsSchema = z.object({
  /** The user's own value, null when not set. */
  integrationSelf: z.boolean().nullable(),
  /** Whether the user may change it now (overriding allowed, or they are an admin). */
  editable: z.boolean(),
  /** Why it is read-only, when it is. */
  readOnlyReason: z.string().nullable(),
  effective: z.boolean(),
});

// ---- account users, branding, privacy, audit ------------------------------------------

export const PASSWORD_MIN = 8;
export const PrivacyLevelSchema = z.enum(["minimal", "initials", "full"]);
export const UserIdParamsSchema = z.object({ id: uuid });

/** A 409 that is either a question (CONFIRM_UNLINK) or a refusal such as USER_LAST_ADMIN. */
export const ConfirmOrConflictSchema = z.union([UnlinkConfirmationSchema, ErrorBodySchema]);

/** One row of Account Users, link state included (S-SYNC-7: administrators see "needs relink"). */
export const AccountUserSchema = z.object({
  id: uuid,
  name: z.string(),
  email: z.string(),
  roles: z.array(RoleSchema),
  licensed: z.boolean(),
  active: z.boolean(),
  link: z.object({ state: LinkStateSchema, mailboxAddress: z.string() }).nullable(),
});
export type AccountUser = z.infer<typeof AccountUserSchema>;
export const AccountUserListSchema = z.object({ users: z.array(AccountUserSchema) });

export const CreateUserRequestSchema = z
  .object({
    name: z.string().trim().min(1, { error: "Enter the user's name." }).max(NAME_MAX),
    email: z.email({ error: "must be an e-mail address" }).max(320),
    password: z
      .string()
      .min(PASSWORD_MIN, { error: `must be at least ${PASSWORD_MIN} characters` })
      .max(1024),
    roles: z.array(RoleSchema).max(2).default([]),
    licensed: z.boolean().default(false),
  })
  .strict();
export type CreateUserRequest = z.input<typeof CreateUserRequestSchema>;

/** Any subset; a change that ends linked users' integration needs `confirmUnlink` (S-OPT-6). */
export const UpdateUserRequestSchema = z
  .object({
    roles: z.array(RoleSchema).max(2).optional(),
    licensed: z.boolean().optional(),
    active: z.boolean().optional(),
    confirmUnlink: z.boolean().optional(),
  })
  .strict()
  .refine((body) => body.roles !== undefined || body.licensed !== undefined || body.active !== undefined, {
    error: "Change the roles, the licence or whether the account is active.",
  });
export type UpdateUserRequest = z.input<typeof UpdateUserRequestSchema>;

/** Account Users → Options → Scheduling (S-OPT-3): the administrator's value for one user. */
export const UserSchedulingOptionsSchema = z.object({
  user: z.object({ id: uuid, name: z.string(), licensed: z.boolean(), active: z.boolean() }),
  /** Null when not set: the user's own value or the organization's then counts. */
  integrationAdmin: z.boolean().nullable(),
  effective: z.boolean(),
});
export const UserSchedulingPatchSchema = z
  .object({ integrationAdmin: z.boolean().nullable(), confirmUnlink: z.boolean().optional() })
  .strict();

export const BrandingPatchSchema = z
  .object({
    logoText: z.string().trim().min(1, { error: "Enter the logo text." }).max(60).optional(),
    primaryColor: hexColor.optional(),
    secondaryColor: hexColor.optional(),
  })
  .strict()
  .refine((body) => Object.values(body).some((value) => value !== undefined), { error: "Change at least one field." });

/** Account Options → Privacy: "What Outlook events show" (S-SYNC-3). */
export const PrivacyOptionsSchema = z.object({ privacyLevel: PrivacyLevelSchema });
export const PrivacyPatchSchema = PrivacyOptionsSchema.strict();

export const AUDIT_PAGE_MAX = 100;
export const AuditQuerySchema = z
  .object({
    /** Entries made by or about this user. */
    userId: uuid.optional(),
    kind: z
      .string()
      .regex(/^[a-z_.]{1,80}$/, { error: "must be one of the kinds in the list" })
      .optional(),
    /** Keyset paging: entries older than this id. */
    before: z.coerce.number({ error: "must be a number" }).int().positive().optional(),
    limit: z.coerce.number({ error: "must be a number" }).int().min(1).max(AUDIT_PAGE_MAX).default(50),
  })
  .strict();
export type AuditQuery = z.input<typeof AuditQuerySchema>;

const personRef = z.object({ id: uuid, name: z.string() }).nullable();
export const AuditEntrySchema = z.object({
  id: z.number().int(),
  at: z.string(),
  kind: z.string(),
  /** The kind in words. */
  what: z.string(),
  /** Null for the product itself (the sync worker), or a user since deleted. */
  actor: personRef,
  subjectUser: personRef,
  details: z.record(z.string(), z.unknown()),
});
export type AuditEntry = z.infer<typeof AuditEntrySchema>;
export const AuditPageSchema = z.object({
  entries: z.array(AuditEntrySchema),
  /** Pass as `before` for the next (older) page; null on the last page. */
  nextBefore: z.number().int().nullable(),
  /** Every kind with its words, for the filter. */
  kinds: z.array(z.object({ kind: z.string(), what: z.string() })),
});

// ---- public room page -----------------------------------------------------------------

/** What a join link's placeholder room page may show: nothing about the participants. */
export const RoomSchema = z.object({
  title: z.literal("Video session"),
  startsAt: z.string(),
  durationMin: z.number().int(),
  timeZone: z.string(),
  role: z.enum(["host", "participant"]),
});
export type Room = z.infer<typeof RoomSchema>;

// ---- calendar link --------------------------------------------------------------------

export const LinkStatusSchema = z.object({
  /** Whether "Link Microsoft Calendar" is offered (S-OPT-5). */
  canLink: z.boolean(),
  link: z
    .object({
      state: LinkStateSchema,
      mailboxAddress: z.string(),
      copied: z.number().int(),
      total: z.number().int(),
      lastError: z.string().nullable(),
      /** The last comparison with what Outlook really holds (S-SYNC-2). */
      lastCheck: z.object({
        at: z.string().nullable(),
        /** Events it restored, reverted or removed; null before the first comparison. */
        fixed: z.number().int().nullable(),
        /** A comparison is due and not done yet. */
        pending: z.boolean(),
      }),
    })
    .nullable(),
});
export type LinkStatus = z.infer<typeof LinkStatusSchema>;

export const LinkStartSchema = z.object({ authorizeUrl: z.string() });

// ---- recurring series -------------------------------------------------------------------

const startTime = SeriesScheduleSchema.shape.firstStart.shape.time;

export const CreateSeriesRequestSchema = z
  .object({
    title: sessionFields.title,
    hostId: sessionFields.hostId,
    durationMin: sessionFields.durationMin,
    timeZone: sessionFields.timeZone,
    notes: sessionFields.notes.default(null),
    participants: sessionFields.participants.default([]),
    rule: RecurrenceRuleSchema,
    /** Wall clock in `timeZone`: "YYYY-MM-DD" and "HH:mm". */
    firstStart: SeriesScheduleSchema.shape.firstStart,
  })
  .strict();
export type CreateSeriesRequest = z.input<typeof CreateSeriesRequestSchema>;

/** What an edit of several sessions may change; a field left out stays as it is. */
const seriesChanges = {
  title: sessionFields.title.optional(),
  hostId: sessionFields.hostId.optional(),
  durationMin: sessionFields.durationMin.optional(),
  timeZone: sessionFields.timeZone.optional(),
  notes: sessionFields.notes.optional(),
  participants: sessionFields.participants.optional(),
  rule: RecurrenceRuleSchema.optional(),
  /** The new wall-clock start time of every changed session. */
  startTime: startTime.optional(),
};

/**
 * "Whole series" (`series`) or "this and following" (`following`, from `sessionId`, which may
 * also move to `startDate`). "This session only" is the session's own PATCH.
 */
export const EditSeriesRequestSchema = z.discriminatedUnion(
  "scope",
  [
    z.object({ scope: z.literal("series"), ...seriesChanges }).strict(),
    z
      .object({ scope: z.literal("following"), sessionId: uuid, startDate: SeriesScheduleSchema.shape.firstStart.shape.date.optional(), ...seriesChanges })
      .strict(),
  ],
  { error: "must be series or following" },
);
export type EditSeriesRequest = z.input<typeof EditSeriesRequestSchema>;

/** Cancelling the whole series, or this and the following sessions. */
export const CancelSeriesRequestSchema = z.discriminatedUnion(
  "scope",
  [z.object({ scope: z.literal("series") }).strict(), z.object({ scope: z.literal("following"), sessionId: uuid }).strict()],
  { error: "must be series or following" },
);
export type CancelSeriesRequest = z.input<typeof CancelSeriesRequestSchema>;

export const SeriesSchema = z.object({
  id: uuid,
  title: z.string(),
  host: z.object({ id: uuid, name: z.string() }),
  hostedByMe: z.boolean(),
  rule: RecurrenceRuleSchema,
  /** The rule in words: "Every week on Monday and Thursday". */
  description: z.string(),
  firstStart: SeriesScheduleSchema.shape.firstStart,
  timeZone: z.string(),
  durationMin: z.number().int(),
  notes: z.string().nullable(),
  participants: z.array(z.object({ name: z.string(), email: z.string().nullable(), phone: z.string().nullable() })),
  status: z.enum(["active", "ended", "cancelled"]),
  nextSessions: z.array(z.object({ id: uuid, startsAt: z.string() })),
});
export type SeriesView = z.infer<typeof SeriesSchema>;
export const SeriesListSchema = z.object({ series: z.array(SeriesSchema) });

export const SERIES_WINDOW_MAX_DAYS = 100;
export const SeriesOccurrencesQuerySchema = z.object({ from: isoInstant, to: isoInstant }).strict();
/** Occurrences no session stands for yet: the calendar's "scheduled to be created" (S-CAL-3). */
export const SeriesOccurrenceListSchema = z.object({
  occurrences: z.array(
    z.object({ seriesId: uuid, title: z.string(), occurrenceIndex: z.number().int(), startsAt: z.string(), endsAt: z.string() }),
  ),
});
