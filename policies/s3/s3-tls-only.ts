import { stackGuardrail } from "../lib/guardrail";
import { isPublicPrincipal, statementLabel, type NormalizedStatement } from "../lib/iam-document";
import { asNumber } from "../lib/values";
import { BucketGraph } from "./bucket-graph";
import { forEachDeferringUnknown, globMatches, sentence, show } from "./shared";

/**
 * The object actions a TLS-only statement must at least cover when it does not deny `s3:*`: reading, writing and
 * deleting object data and versions, and their ACL/tagging variants are covered by the usual `s3:*` form.
 */
export const CORE_OBJECT_ACTIONS: readonly string[] = [
  "s3:GetObject",
  "s3:GetObjectVersion",
  "s3:PutObject",
  "s3:DeleteObject",
  "s3:DeleteObjectVersion",
  "s3:RestoreObject",
];

/** True when the statement's condition is true for a request that does not use TLS (or uses TLS below 1.2). */
export function deniesInsecureTransport(s: NormalizedStatement): boolean {
  if (s.effect !== "Deny") return false;
  for (const [operator, entries] of Object.entries(s.conditions)) {
    const op = operator.toLowerCase();
    for (const [key, values] of Object.entries(entries)) {
      const k = key.toLowerCase();
      if ((op === "bool" || op === "boolifexists") && k === "aws:securetransport") {
        if (values.length > 0 && values.every((v) => v.toLowerCase() === "false")) return true;
      }
      // s3:TlsVersion is absent on plain-HTTP requests: only the IfExists form also denies those.
      if (op === "numericlessthanifexists" && k === "s3:tlsversion") {
        const min = values.map(asNumber).filter((n): n is number => n !== undefined);
        if (min.length > 0 && Math.min(...min) >= 1.2) return true;
      }
    }
  }
  return false;
}

function coversAllObjectActions(s: NormalizedStatement): boolean {
  if (s.actions.length > 0) {
    if (s.actions.some((a) => a === "*" || a.toLowerCase() === "s3:*")) return true;
    return CORE_OBJECT_ACTIONS.every((needed) => s.actions.some((a) => globMatches(a, needed)));
  }
  // Deny with NotAction denies everything else: it covers the object actions it does not exempt.
  if (s.notActions.length > 0)
    return CORE_OBJECT_ACTIONS.every((needed) => !s.notActions.some((a) => globMatches(a, needed)));
  return false;
}

/** `*`, `arn:...:s3:::<bucket or bucket pattern ending in *>`, or `arn:...:s3:::<bucket>/*`: every object. */
function coversAllObjects(resource: string): boolean {
  if (resource === "*") return true;
  const m = /^arn:[^:]*:s3:::([^/]*)(?:\/(.*))?$/.exec(resource);
  if (!m) return false;
  if (m[1].endsWith("*")) return true;
  return m[2] === "*";
}

function shortfalls(s: NormalizedStatement): string[] {
  const out: string[] = [];
  if (!isPublicPrincipal(s.principals) || s.notPrincipals) {
    const found = s.notPrincipals
      ? `NotPrincipal ${JSON.stringify(s.notPrincipals)}`
      : `Principal ${JSON.stringify(s.principals ?? null)}`;
    out.push(`applies only to ${found} (needs Principal "*")`);
  }
  if (!coversAllObjectActions(s))
    out.push(
      `covers only actions ${show(s.actions.length ? s.actions : s.notActions)} (needs "s3:*" or every object action)`,
    );
  if (s.notResources.length > 0 || !s.resources.some(coversAllObjects)) {
    out.push(
      `covers only resources ${show(s.resources.length ? s.resources : s.notResources)} (needs "<bucket ARN>/*")`,
    );
  }
  return out;
}

/**
 * TLS-only (FSBP S3.5): the bucket policy denies, to everyone, requests that do not use TLS: a Deny with
 * `Bool aws:SecureTransport = "false"` (or the stronger `NumericLessThanIfExists s3:TlsVersion >= 1.2`) on
 * `s3:*` (or every object action) for the bucket's objects (and ideally the bucket).
 */
export const s3TlsOnly = stackGuardrail(
  {
    name: "s3-tls-only",
    description:
      'Every S3 bucket has a bucket policy that denies, for Principal "*", any request on its objects (s3:* or every object action) when aws:SecureTransport is false.',
    enforcementLevel: "mandatory",
    severity: "high",
    service: "s3",
    controls: { awsFsbp: ["S3.5"], cis: ["2.1.1"], cdkNag: ["AwsSolutions-S10"] },
    remediationSteps:
      'Add to the bucket policy: { Sid: "DenyInsecureTransport", Effect: "Deny", Principal: "*", Action: "s3:*", Resource: [<bucket ARN>, "<bucket ARN>/*"], Condition: { Bool: { "aws:SecureTransport": "false" } } }. Denying TLS below 1.2 needs NumericLessThanIfExists on s3:TlsVersion (plain NumericLessThan does not match HTTP requests).',
  },
  (resources, _context, report) => {
    const graph = BucketGraph.of(resources);
    forEachDeferringUnknown(graph.buckets, (node) => {
      const docs = graph.policyDocuments(node);
      const label = sentence(node.label);
      if (docs.length === 0) {
        report(
          `${label} has no bucket policy, so requests over plain HTTP are allowed: add a Deny statement for Principal "*" on "s3:*" with condition Bool aws:SecureTransport = "false".`,
          node.resource.urn,
        );
        return;
      }
      const partial: string[] = [];
      const unreadable: string[] = [];
      for (const doc of docs) {
        if (!doc.statements) {
          unreadable.push(doc.label);
          continue;
        }
        for (const s of doc.statements) {
          if (!deniesInsecureTransport(s)) continue;
          const gaps = shortfalls(s);
          if (gaps.length === 0) return;
          partial.push(`${doc.label} ${statementLabel(s)} denies insecure transport but ${gaps.join(" and ")}`);
        }
      }
      if (partial.length > 0) {
        report(`${label} is not TLS-only: ${partial.join("; ")}.`, node.resource.urn);
      } else if (unreadable.length > 0) {
        report(
          `${label} has a bucket policy that cannot be read as a policy document (${unreadable.join(", ")}), so it cannot be shown to deny requests without TLS.`,
          node.resource.urn,
        );
      } else {
        report(
          `${label} has a bucket policy (${docs.map((d) => d.label).join(", ")}) with no Deny statement conditioned on aws:SecureTransport = "false": requests over plain HTTP are not denied.`,
          node.resource.urn,
        );
      }
    });
  },
);
