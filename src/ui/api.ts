/**
 * The browser's only door to the JSON API: same-origin fetch with the session cookie,
 * the CSRF header on every change, responses checked against the contract's schemas, and
 * every failure thrown as an ApiError carrying the server's ErrorBody.
 */
import { MutationCache, QueryCache, QueryClient } from "@tanstack/react-query";
import { z } from "zod";
import {
  AccountSchedulingOptionsSchema,
  AccountUserListSchema,
  AccountUserSchema,
  AuditPageSchema,
  BrandingSchema,
  ErrorBodySchema,
  HostListSchema,
  LinkStartSchema,
  LinkStatusSchema,
  MeSchema,
  MySchedulingOptionsSchema,
  PrivacyOptionsSchema,
  RoomSchema,
  SeriesListSchema,
  SeriesOccurrenceListSchema,
  SeriesSchema,
  SessionListSchema,
  SessionSchema,
  UserSchedulingOptionsSchema,
  type AccountSchedulingPatchSchema,
  type AuditQuery,
  type CancelSeriesRequest,
  type BrandingPatchSchema,
  type CreateSeriesRequest,
  type CreateSessionRequest,
  type CreateUserRequest,
  type EditSeriesRequest,
  type ErrorBody,
  type LoginRequest,
  type MySchedulingPatchSchema,
  type Me,
  type PrivacyPatchSchema,
  type UpdateSessionRequest,
  type UpdateUserRequest,
  type UserSchedulingPatchSchema,
} from "../server/contract.ts";
import { CalendarSchema, OutlookStatusSchema } from "../server/calendarContract.ts";

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: ErrorBody,
    /** The whole parsed body, for answers that carry more than ErrorBody (CONFIRM_UNLINK). */
    readonly raw: unknown = body,
  ) {
    super(body.message);
    this.name = "ApiError";
  }
}

/** Cache keys, in one place so a change can invalidate exactly what it touched. */
export const queryKeys = {
  me: ["me"],
  sessions: ["sessions"],
  session: (id: string) => ["sessions", id],
  series: ["series"],
  oneSeries: (id: string) => ["series", id],
  hosts: ["hosts"],
  calendarLink: ["calendar-link"],
  calendar: (from: string, to: string) => ["calendar", from, to],
  accountScheduling: ["options", "account", "scheduling"],
  myScheduling: ["options", "me", "scheduling"],
  branding: ["options", "account", "branding"],
  privacy: ["options", "account", "privacy"],
  accountUsers: ["account-users"],
  userScheduling: (id: string) => ["account-users", id, "scheduling"],
  audit: (query: AuditQuery) => ["audit", query],
  room: (token: string) => ["room", token],
} as const;

/** A 401 anywhere means the sign-in ended: asking for Me again sends the person to sign in. */
function recheckSignIn(error: Error): void {
  if (error instanceof ApiError && error.status === 401) void queryClient.invalidateQueries({ queryKey: queryKeys.me });
}

export const queryClient: QueryClient = new QueryClient({
  queryCache: new QueryCache({ onError: (error, query) => query.queryKey[0] !== queryKeys.me[0] && recheckSignIn(error) }),
  mutationCache: new MutationCache({ onError: recheckSignIn }),
  defaultOptions: {
    queries: {
      // A 4xx will not change by asking again; a network hiccup or 5xx might.
      retry: (failureCount, error) => !(error instanceof ApiError && error.status >= 400 && error.status < 500) && failureCount < 2,
      refetchOnWindowFocus: true,
    },
  },
});

const UNREACHABLE: ErrorBody = { code: "NETWORK", message: "Could not reach CareRoom. Check your connection and try again." };
const UNEXPECTED: ErrorBody = { code: "BAD_RESPONSE", message: "CareRoom answered in a way this page does not understand. Reload the page and try again." };

type Method = "GET" | "POST" | "PATCH" | "PUT" | "DELETE";

async function request<T>(method: Method, path: string, schema: z.ZodType<T> | null, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: "application/json" };
  if (body !== undefined) headers["content-type"] = "application/json";
  if (method !== "GET" && path !== "/api/auth/login") {
    const me = queryClient.getQueryData<Me>(queryKeys.me);
    if (me) headers["x-csrf-token"] = me.csrfToken;
  }
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      credentials: "same-origin",
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, UNREACHABLE);
  }
  const json: unknown = await readJson(response);
  if (!response.ok) {
    const error = ErrorBodySchema.safeParse(json);
    throw new ApiError(
      response.status,
      error.success ? error.data : { code: `HTTP_${response.status}`, message: `CareRoom could not do that (error ${response.status}). Try again later.` },
      json,
    );
  }
  if (schema === null) return undefined as T;
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw new ApiError(response.status, UNEXPECTED);
  return parsed.data;
}

async function readJson(response: Response): Promise<unknown> {
  const text = await response.text();
  if (text === "") return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

export type AccountSchedulingPatch = z.input<typeof AccountSchedulingPatchSchema>;
export type MySchedulingPatch = z.input<typeof MySchedulingPatchSchema>;
export type UserSchedulingPatch = z.input<typeof UserSchedulingPatchSchema>;
export type BrandingPatch = z.input<typeof BrandingPatchSchema>;
export type PrivacyPatch = z.input<typeof PrivacyPatchSchema>;

const userPath = (id: string) => `/api/account/users/${encodeURIComponent(id)}`;

function auditPath(query: AuditQuery): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) if (value !== undefined) params.set(name, String(value));
  const search = params.toString();
  return search === "" ? "/api/account/audit" : `/api/account/audit?${search}`;
}

export const api = {
  login: (body: LoginRequest) => request("POST", "/api/auth/login", MeSchema, body),
  logout: () => request("POST", "/api/auth/logout", null),
  me: () => request("GET", "/api/me", MeSchema),

  hosts: () => request("GET", "/api/hosts", HostListSchema),
  sessions: () => request("GET", "/api/sessions", SessionListSchema),
  session: (id: string) => request("GET", `/api/sessions/${encodeURIComponent(id)}`, SessionSchema),
  createSession: (body: CreateSessionRequest) => request("POST", "/api/sessions", SessionSchema, body),
  updateSession: (id: string, body: UpdateSessionRequest) =>
    request("PATCH", `/api/sessions/${encodeURIComponent(id)}`, SessionSchema, body),
  cancelSession: (id: string) => request("POST", `/api/sessions/${encodeURIComponent(id)}/cancel`, SessionSchema),
  completeSession: (id: string) => request("POST", `/api/sessions/${encodeURIComponent(id)}/complete`, SessionSchema),

  seriesList: () => request("GET", "/api/series", SeriesListSchema),
  series: (id: string) => request("GET", `/api/series/${encodeURIComponent(id)}`, SeriesSchema),
  createSeries: (body: CreateSeriesRequest) => request("POST", "/api/series", SeriesSchema, body),
  editSeries: (id: string, body: EditSeriesRequest) => request("PATCH", `/api/series/${encodeURIComponent(id)}`, SeriesSchema, body),
  cancelSeries: (id: string, body: CancelSeriesRequest) =>
    request("POST", `/api/series/${encodeURIComponent(id)}/cancel`, SeriesSchema, body),
  /** Occurrences no session stands for yet: the calendar's "scheduled to be created". */
  seriesOccurrences: (range: { from: string; to: string }) =>
    request("GET", `/api/series/occurrences?from=${encodeURIComponent(range.from)}&to=${encodeURIComponent(range.to)}`, SeriesOccurrenceListSchema),

  room: (token: string) => request("GET", `/api/rooms/${encodeURIComponent(token)}`, RoomSchema),

  accountScheduling: () => request("GET", "/api/account/options/scheduling", AccountSchedulingOptionsSchema),
  patchAccountScheduling: (body: AccountSchedulingPatch) =>
    request("PATCH", "/api/account/options/scheduling", AccountSchedulingOptionsSchema, body),
  myScheduling: () => request("GET", "/api/me/options/scheduling", MySchedulingOptionsSchema),
  patchMyScheduling: (body: MySchedulingPatch) =>
    request("PATCH", "/api/me/options/scheduling", MySchedulingOptionsSchema, body),

  branding: () => request("GET", "/api/account/options/branding", BrandingSchema),
  patchBranding: (body: BrandingPatch) => request("PATCH", "/api/account/options/branding", BrandingSchema, body),
  privacy: () => request("GET", "/api/account/options/privacy", PrivacyOptionsSchema),
  patchPrivacy: (body: PrivacyPatch) => request("PATCH", "/api/account/options/privacy", PrivacyOptionsSchema, body),

  accountUsers: () => request("GET", "/api/account/users", AccountUserListSchema),
  createUser: (body: CreateUserRequest) => request("POST", "/api/account/users", AccountUserSchema, body),
  updateUser: (id: string, body: UpdateUserRequest) => request("PATCH", userPath(id), AccountUserSchema, body),
  userScheduling: (id: string) => request("GET", `${userPath(id)}/options/scheduling`, UserSchedulingOptionsSchema),
  patchUserScheduling: (id: string, body: UserSchedulingPatch) =>
    request("PATCH", `${userPath(id)}/options/scheduling`, UserSchedulingOptionsSchema, body),

  audit: (query: AuditQuery) => request("GET", auditPath(query), AuditPageSchema),

  calendarLink: () => request("GET", "/api/me/calendar-link", LinkStatusSchema),
  startCalendarLink: () => request("POST", "/api/me/calendar-link/start", LinkStartSchema),
  unlinkCalendar: () => request("DELETE", "/api/me/calendar-link", null),
  checkCalendarNow: () => request("POST", "/api/me/calendar-link/reconcile", LinkStatusSchema),

  calendar: (range: { from: string; to: string }) =>
    request("GET", `/api/calendar?from=${encodeURIComponent(range.from)}&to=${encodeURIComponent(range.to)}`, CalendarSchema),
  refreshCalendar: () => request("POST", "/api/calendar/refresh", OutlookStatusSchema),
};

/** The sentence to show for anything a call threw. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.body.message;
  return "Something went wrong. Reload the page and try again.";
}

/** Per-field messages of a failed call, keyed like "participants.0.email". */
export function fieldErrors(error: unknown): Record<string, string> {
  return error instanceof ApiError ? (error.body.fields ?? {}) : {};
}
