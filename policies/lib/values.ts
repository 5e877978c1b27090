/**
 * Small readers for resource props that never throw on odd shapes. They do not catch UnknownValueError: reading
 * an unknown value must reach the policy runtime, which turns it into a "can't run during preview" advisory.
 */

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The value as an array: arrays as they are, `undefined`/`null` as empty, anything else as one element. */
export function asArray<T = unknown>(value: unknown): T[] {
  if (Array.isArray(value)) return value as T[];
  if (value === undefined || value === null) return [];
  return [value as T];
}

/** The first element when the provider models a singleton block as a one-element list (inline Bucket args). */
export function firstBlock(value: unknown): Record<string, unknown> | undefined {
  const first = Array.isArray(value) ? value[0] : value;
  return isRecord(first) ? first : undefined;
}

/** `true`/`"true"` as true; everything else false. Provider inputs sometimes arrive as strings. */
export function isTrue(value: unknown): boolean {
  return value === true || value === "true";
}

/** A number from a number or numeric string; `undefined` otherwise. */
export function asNumber(value: unknown): number | undefined {
  if (typeof value === "number" && Number.isFinite(value)) return value;
  if (typeof value === "string" && value.trim() !== "" && Number.isFinite(Number(value))) return Number(value);
  return undefined;
}

export function asString(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}
