/**
 * One reading of IAM policy documents for every guardrail. Documents reach the pack as JSON strings (the usual
 * `pulumi.jsonStringify` / `getPolicyDocument().json` output) or as objects (typed `aws.iam.PolicyDocument`
 * args), with `Statement`, `Action`, `Resource` and `Principal` as a single value or an array. Parsing never
 * throws: an unreadable document yields `undefined`, and guardrails decide what that means.
 */

import { isRecord } from "./values";

export type Effect = "Allow" | "Deny";

/** A principal block flattened: `"*"` becomes `{ "*": ["*"] }`, `{AWS: "x"}` becomes `{ AWS: ["x"] }`. */
export type PrincipalMap = Record<string, string[]>;

/** Condition operator → condition key → values, all values as strings. */
export type ConditionMap = Record<string, Record<string, string[]>>;

export interface NormalizedStatement {
  readonly sid?: string;
  readonly effect: Effect;
  readonly actions: string[];
  readonly notActions: string[];
  readonly resources: string[];
  readonly notResources: string[];
  /** `undefined` when the statement has no Principal (identity policies). */
  readonly principals?: PrincipalMap;
  readonly notPrincipals?: PrincipalMap;
  readonly conditions: ConditionMap;
  /** The index of the statement in the document, for messages. */
  readonly index: number;
}

/** A string, or every string in an array; anything else is dropped. */
export function stringList(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (typeof value === "number" || typeof value === "boolean") return [String(value)];
  if (Array.isArray(value))
    return value.flatMap((v) =>
      typeof v === "string" || typeof v === "number" || typeof v === "boolean" ? [String(v)] : [],
    );
  return [];
}

function principalMap(value: unknown): PrincipalMap | undefined {
  if (value === undefined || value === null) return undefined;
  if (value === "*") return { "*": ["*"] };
  if (!isRecord(value)) return {};
  const out: PrincipalMap = {};
  for (const [type, ids] of Object.entries(value)) out[type] = stringList(ids);
  return out;
}

function conditionMap(value: unknown): ConditionMap {
  const out: ConditionMap = {};
  if (!isRecord(value)) return out;
  for (const [operator, entries] of Object.entries(value)) {
    if (!isRecord(entries)) continue;
    out[operator] = {};
    for (const [key, values] of Object.entries(entries)) out[operator][key] = stringList(values);
  }
  return out;
}

/** The document as an object, or `undefined` when it is neither an object nor parseable JSON text. */
export function documentObject(document: unknown): Record<string, unknown> | undefined {
  if (typeof document === "string") {
    try {
      const parsed: unknown = JSON.parse(document);
      return isRecord(parsed) ? parsed : undefined;
    } catch {
      return undefined;
    }
  }
  return isRecord(document) ? document : undefined;
}

/** Every statement of a policy document, normalised; `undefined` when the document cannot be read. */
export function parsePolicyDocument(document: unknown): NormalizedStatement[] | undefined {
  const doc = documentObject(document);
  if (!doc) return undefined;
  const raw = doc.Statement;
  const statements = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
  const out: NormalizedStatement[] = [];
  statements.forEach((s, index) => {
    if (!isRecord(s)) return;
    out.push({
      sid: typeof s.Sid === "string" ? s.Sid : undefined,
      // IAM treats anything but "Allow" as invalid; reading it as Deny would hide grants, so only "Deny" is Deny.
      effect: s.Effect === "Deny" ? "Deny" : "Allow",
      actions: stringList(s.Action),
      notActions: stringList(s.NotAction),
      resources: stringList(s.Resource),
      notResources: stringList(s.NotResource),
      principals: principalMap(s.Principal),
      notPrincipals: principalMap(s.NotPrincipal),
      conditions: conditionMap(s.Condition),
      index,
    });
  });
  return out;
}

/** `*`, `service:*`, or a partial wildcard such as `s3:Get*` or `s3:?etObject`. */
export function isWildcardAction(action: string): boolean {
  return action.includes("*") || action.includes("?");
}

/** True when the principal block admits everyone: `"*"` or `{AWS: "*"}` (in any list). */
export function isPublicPrincipal(principals: PrincipalMap | undefined): boolean {
  if (!principals) return false;
  return Object.entries(principals).some(([type, ids]) => (type === "*" || type === "AWS") && ids.includes("*"));
}

/** How a statement's label reads in messages: its Sid, or its position. */
export function statementLabel(statement: NormalizedStatement): string {
  return statement.sid ? `statement "${statement.sid}"` : `statement #${statement.index + 1}`;
}

/** True when the statement has at least one condition entry. */
export function hasConditions(statement: NormalizedStatement): boolean {
  return Object.values(statement.conditions).some((entries) => Object.keys(entries).length > 0);
}
