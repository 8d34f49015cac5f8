/**
 * The JSON API's request and response shapes, shared by the server (which parses every
 * request with them and documents them as OpenAPI) and the browser UI (which trusts them).
 * Imports nothing but zod, so the UI bundle can use it.
 */
import { z } from "zod";

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
    })
    .nullable(),
});
export type LinkStatus = z.infer<typeof LinkStatusSchema>;

export const LinkStartSchema = z.object({ authorizeUrl: z.string() });
