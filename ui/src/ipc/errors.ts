import type { AppError, ErrorCode } from "../bindings";

/**
 * Every error code, checked against the generated bindings: a code added in Rust fails the
 * typecheck here until it is listed (and a removed one fails as an unknown key).
 */
const KNOWN = {
  NOT_FOUND: true,
  INVALID_INPUT: true,
  INVALID_FILE: true,
  CONFLICT: true,
  DATABASE_TOO_NEW: true,
  DATABASE_UNREADABLE: true,
  DATABASE_READ_ONLY: true,
  DATABASE_BUSY: true,
  IO: true,
  DISK_FULL: true,
  SERVICE_UNAVAILABLE: true,
  SERVICE_REJECTED: true,
  SERVICE_FAILED: true,
  CANCELLED: true,
  INTERNAL: true,
} as const satisfies Record<ErrorCode, true>;

const CODES = Object.keys(KNOWN) as readonly ErrorCode[];

/** Whether a rejected command value is the app's `{ code, message }`. */
export function isAppError(value: unknown): value is AppError {
  if (typeof value !== "object" || value === null) return false;
  const { code, message } = value as Record<string, unknown>;
  return typeof message === "string" && CODES.includes(code as ErrorCode);
}

/** Any thrown value as an `AppError`, so every failure can be shown the same way. */
export function toAppError(value: unknown): AppError {
  if (isAppError(value)) return value;
  if (value instanceof Error) return { code: "INTERNAL", message: value.message };
  return { code: "INTERNAL", message: String(value) };
}
