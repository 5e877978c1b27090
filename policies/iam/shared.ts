/**
 * Helpers shared by the IAM and KMS guardrails: principal and condition readings that several rules need the same
 * way. Everything here is pure and never throws on odd input.
 */
import type { NormalizedStatement, PrincipalMap } from "../lib/iam-document";

/** Every principal identifier of a statement as `Type:id` pairs (`AWS:*`, `Service:s3.amazonaws.com`). */
export function principalEntries(principals: PrincipalMap | undefined): { type: string; id: string }[] {
  if (!principals) return [];
  return Object.entries(principals).flatMap(([type, ids]) => ids.map((id) => ({ type, id })));
}

/**
 * True when the principal block admits anyone: `"*"`, or `"*"` under any principal type (`{AWS: "*"}`,
 * `{Federated: "*"}`, ...). IAM has no partial wildcards in principals, so only the whole `*` counts.
 */
export function hasWildcardPrincipal(principals: PrincipalMap | undefined): boolean {
  return principalEntries(principals).some((p) => p.id.trim() === "*");
}

/** How a principal block reads in messages: `"*"`, `{AWS: "*"}`, `{Service: "s3.amazonaws.com"}`. */
export function describePrincipal(principals: PrincipalMap | undefined): string {
  if (!principals) return "(none)";
  if (principals["*"]) return `"*"`;
  const parts = Object.entries(principals).map(([type, ids]) => {
    const list = ids.length === 1 ? `"${ids[0]}"` : `[${ids.map((i) => `"${i}"`).join(", ")}]`;
    return `${type}: ${list}`;
  });
  return `{${parts.join(", ")}}`;
}

/**
 * Condition operators that can narrow who is allowed: positive matches only. Negated operators (`StringNotEquals`)
 * and `Null` widen instead; `...IfExists` and `ForAllValues:` are true when the key is absent from the request, so
 * they do not narrow a statement that admits everyone.
 */
export function isNarrowingOperator(operator: string): boolean {
  const op = operator.toLowerCase();
  if (op.includes("not") || op === "null" || op.endsWith("ifexists") || op.startsWith("forallvalues:")) return false;
  return /(stringequals|stringlike|arnequals|arnlike|stringequalsignorecase)$/.test(op);
}

/**
 * The condition keys (lower case) of a statement that narrow it: a positive operator, at least one value, and no
 * value that is only wildcards.
 */
export function narrowingConditionKeys(statement: NormalizedStatement): Set<string> {
  const keys = new Set<string>();
  for (const [operator, entries] of Object.entries(statement.conditions)) {
    if (!isNarrowingOperator(operator)) continue;
    for (const [key, values] of Object.entries(entries)) {
      if (values.length === 0 || values.some((v) => /^[*?]+$/.test(v.trim()))) continue;
      keys.add(key.toLowerCase());
    }
  }
  return keys;
}

/** True when one of `keys` (any case) narrows the statement. */
export function isNarrowedBy(statement: NormalizedStatement, keys: readonly string[]): boolean {
  const present = narrowingConditionKeys(statement);
  return keys.some((k) => present.has(k.toLowerCase()));
}

/**
 * A resource entry that covers every resource: `*`, or an ARN whose service and resource parts are wildcards
 * (`arn:aws:*:*:*:*`, `arn:*:*:*:*:*`). Narrower ARNs such as `arn:aws:s3:::*` (every bucket) are not counted:
 * the action catalogue cannot tell whether they fit the action.
 */
export function isAllResources(resource: string): boolean {
  const r = resource.trim();
  if (/^\*+$/.test(r)) return true;
  const parts = r.split(":");
  if (parts[0] !== "arn" || parts.length < 3) return false;
  return parts[2] === "*" && parts.slice(3).every((p) => p === "" || /^\*+$/.test(p)) && parts[parts.length - 1] !== "";
}
