// The sign-in "session" of the emulated login page: a cookie naming the signed-in mailbox, so
// prompt=none and a second sign-in behave as they do against login.microsoftonline.com.

const COOKIE = "emulator_session";

export function sessionMailbox(cookieHeader: string | undefined): string | undefined {
  if (!cookieHeader) return undefined;
  for (const part of cookieHeader.split(";")) {
    const [name, ...rest] = part.trim().split("=");
    if (name === COOKIE) return decodeURIComponent(rest.join("="));
  }
  return undefined;
}

export function sessionCookie(address: string): string {
  return `${COOKIE}=${encodeURIComponent(address)}; Path=/; HttpOnly; SameSite=Lax`;
}

export function clearedSessionCookie(): string {
  return `${COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0`;
}
