/**
 * The process's structured logger (pino, JSON lines). Secrets and patients' contact details
 * are redacted by path as a safety net; the code never logs them on purpose.
 */
import { pino, type Logger } from "pino";

const REDACTED_PATHS = [
  "req.headers.authorization",
  "req.headers.cookie",
  'res.headers["set-cookie"]',
  "*.password",
  "*.refreshToken",
  "*.accessToken",
  "*.refresh_token",
  "*.access_token",
  "*.code",
  "*.codeVerifier",
  "*.csrfToken",
  "*.email",
  "*.phone",
  "*.participants",
];

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  const options = { level, redact: { paths: REDACTED_PATHS, censor: "[redacted]" } };
  return destination ? pino(options, destination) : pino(options);
}
