/**
 * Readers shared by the load-balancer guardrails. `@pulumi/aws` registers ELBv2 resources under two tokens: the
 * `aws:lb/...` modules and the older `aws:alb/...` aliases. Both are matched everywhere.
 */
import { ELB } from "../lib/resource-types";
import { asString } from "../lib/values";

export const LOAD_BALANCER_TYPES: readonly string[] = [ELB.loadBalancer, ELB.loadBalancerAlb];
export const LISTENER_TYPES: readonly string[] = [ELB.listener, ELB.listenerAlb];

/** WAF association tokens: WAFv2 and the older WAF Classic regional association (both take `resourceArn`). */
export const WAF_ASSOCIATION_TYPES: readonly string[] = [
  "aws:wafv2/webAclAssociation:WebAclAssociation",
  "aws:wafregional/webAclAssociation:WebAclAssociation",
];

export function isLoadBalancer(type: string): boolean {
  return LOAD_BALANCER_TYPES.includes(type);
}

export function isListener(type: string): boolean {
  return LISTENER_TYPES.includes(type);
}

/** `application`, `network`, `gateway` (lower case); an absent type is `application`, the provider's default. */
export function loadBalancerKind(props: Record<string, unknown>): string {
  const type = asString(props.loadBalancerType)?.trim().toLowerCase();
  return type === undefined || type === "" ? "application" : type;
}

/** Upper-cased listener protocol, or `undefined` when absent. */
export function listenerProtocol(props: Record<string, unknown>): string | undefined {
  const protocol = asString(props.protocol)?.trim().toUpperCase();
  return protocol === "" ? undefined : protocol;
}

/**
 * The TLS security policies that accept only TLS 1.2 and later, from the Application and Network Load Balancer
 * security-policy tables (checked 2026-09). Excluded on purpose: ELBSecurityPolicy-2016-08 (the API default),
 * -2015-05, -TLS-1-0-2015-04, -TLS-1-1-2017-01, -FS-2018-06, -FS-1-1-2019-08 and every -TLS13-1-0-* / -TLS13-1-1-*
 * policy: they still negotiate TLS 1.0 or 1.1.
 */
export const TLS12_PLUS_POLICIES: readonly string[] = [
  "ELBSecurityPolicy-TLS-1-2-2017-01",
  "ELBSecurityPolicy-TLS-1-2-Ext-2018-06",
  "ELBSecurityPolicy-FS-1-2-2019-08",
  "ELBSecurityPolicy-FS-1-2-Res-2019-08",
  "ELBSecurityPolicy-FS-1-2-Res-2020-10",
  "ELBSecurityPolicy-TLS13-1-2-2021-06",
  "ELBSecurityPolicy-TLS13-1-2-Res-2021-06",
  "ELBSecurityPolicy-TLS13-1-2-Ext1-2021-06",
  "ELBSecurityPolicy-TLS13-1-2-Ext2-2021-06",
  "ELBSecurityPolicy-TLS13-1-3-2021-06",
  "ELBSecurityPolicy-TLS13-1-2-FIPS-2023-04",
  "ELBSecurityPolicy-TLS13-1-2-Res-FIPS-2023-04",
  "ELBSecurityPolicy-TLS13-1-2-Ext0-FIPS-2023-04",
  "ELBSecurityPolicy-TLS13-1-2-Ext1-FIPS-2023-04",
  "ELBSecurityPolicy-TLS13-1-2-Ext2-FIPS-2023-04",
  "ELBSecurityPolicy-TLS13-1-3-FIPS-2023-04",
  "ELBSecurityPolicy-TLS13-1-2-RFC9151-FIPS-2023-07",
  "ELBSecurityPolicy-TLS13-1-2-Ext0-RFC9151-FIPS-2023-07",
  "ELBSecurityPolicy-TLS13-1-2-RFC9151-INTEROP1-FIPS-2023-07",
  "ELBSecurityPolicy-TLS13-1-2-RFC9151-INTEROP2-FIPS-2023-07",
  "ELBSecurityPolicy-TLS13-1-2-RFC9151-INTEROP3-FIPS-2023-07",
  "ELBSecurityPolicy-TLS13-1-2-RFC9151-INTEROP4-FIPS-2023-07",
  "ELBSecurityPolicy-TLS13-1-3-RFC9151-FIPS-2023-07",
  "ELBSecurityPolicy-TLS13-1-2-PQ-2025-09",
  "ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09",
  "ELBSecurityPolicy-TLS13-1-2-Ext1-PQ-2025-09",
  "ELBSecurityPolicy-TLS13-1-2-Ext2-PQ-2025-09",
  "ELBSecurityPolicy-TLS13-1-3-PQ-2025-09",
  "ELBSecurityPolicy-TLS13-1-2-FIPS-PQ-2025-09",
  "ELBSecurityPolicy-TLS13-1-2-Res-FIPS-PQ-2025-09",
  "ELBSecurityPolicy-TLS13-1-2-Ext0-FIPS-PQ-2025-09",
  "ELBSecurityPolicy-TLS13-1-2-Ext1-FIPS-PQ-2025-09",
  "ELBSecurityPolicy-TLS13-1-2-Ext2-FIPS-PQ-2025-09",
  "ELBSecurityPolicy-TLS13-1-3-FIPS-PQ-2025-09",
];

/** The policy AWS applies to an HTTPS/TLS listener created through the API without one. */
export const API_DEFAULT_SSL_POLICY = "ELBSecurityPolicy-2016-08";
