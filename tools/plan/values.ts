/** Wire values (engine analyzer form) as plain JSON for reports: secrets masked, unknowns named. */
import { SECRET_SIG, SIG_KEY, UNKNOWN } from "./engine-view";

export const SECRET_TEXT = "[secret]";
export const UNKNOWN_TEXT = "[unknown]";

export function plainValue(value: unknown, secrets: "mask" | "reveal" = "mask"): unknown {
  if (value === UNKNOWN) return UNKNOWN_TEXT;
  if (Array.isArray(value)) return value.map((v) => plainValue(v, secrets));
  if (value === null || typeof value !== "object") return value;
  const record = value as Record<string, unknown>;
  if (record[SIG_KEY] === SECRET_SIG) return secrets === "reveal" ? plainValue(record.value, secrets) : SECRET_TEXT;
  if (typeof record[SIG_KEY] === "string") {
    // assets / archives
    return { asset: record.path ?? record.uri ?? "(inline)" };
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(record)) out[k] = plainValue(v, secrets);
  return out;
}

export function plainProps(
  props: Record<string, unknown>,
  secrets: "mask" | "reveal" = "mask",
): Record<string, unknown> {
  return plainValue(props, secrets) as Record<string, unknown>;
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** One object or a list of them (IAM documents, provider blocks) as a list. */
export function asList(v: unknown): unknown[] {
  if (v === undefined || v === null) return [];
  return Array.isArray(v) ? v : [v];
}

/** A JSON-string property (policy documents, container definitions) parsed; undefined when not JSON. */
export function parseJson(v: unknown): unknown {
  if (typeof v !== "string") return isRecord(v) || Array.isArray(v) ? v : undefined;
  try {
    return JSON.parse(v);
  } catch {
    return undefined;
  }
}

/** `a.b.c` (numbers index arrays), tolerating single-object-or-list blocks. */
export function at(v: unknown, ...keys: (string | number)[]): unknown {
  let cur = v;
  for (const k of keys) {
    if (typeof k === "number") {
      cur = asList(cur)[k];
    } else {
      if (Array.isArray(cur)) cur = cur[0];
      cur = isRecord(cur) ? cur[k] : undefined;
    }
  }
  return cur;
}
