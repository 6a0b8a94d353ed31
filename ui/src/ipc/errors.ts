import type { AppError, ErrorCode } from "../bindings";

const CODES: readonly ErrorCode[] = [
  "NOT_FOUND",
  "INVALID_INPUT",
  "INVALID_FILE",
  "CONFLICT",
  "DATABASE_TOO_NEW",
  "DATABASE_UNREADABLE",
  "DATABASE_READ_ONLY",
  "DATABASE_BUSY",
  "IO",
  "DISK_FULL",
  "SERVICE_UNAVAILABLE",
  "SERVICE_REJECTED",
  "SERVICE_FAILED",
  "CANCELLED",
  "INTERNAL",
];

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
