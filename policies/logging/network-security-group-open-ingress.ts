import type { PolicyResource } from "@pulumi/policy";
import { stackGuardrail } from "../lib/guardrail";
import { EC2 } from "../lib/resource-types";
import { asArray, asNumber, asString, isRecord } from "../lib/values";
import { isLoadBalancer } from "../elb/shared";
import { dependencyUrns, stringValues } from "./relations";

const DEFAULT_SECURITY_GROUP = "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup";
const DEFAULT_ALLOWED_PORTS = [80, 443];

/** Any `/0` block (`0.0.0.0/0`, `::/0`) admits every address of its family. */
function isOpenCidr(cidr: string): boolean {
  return cidr.trim().endsWith("/0");
}

function normalizeProtocol(value: unknown): string {
  const raw = typeof value === "number" ? String(value) : (asString(value) ?? "").trim().toLowerCase();
  switch (raw) {
    case "-1":
    case "all":
    case "":
      return "all";
    case "6":
      return "tcp";
    case "17":
      return "udp";
    case "1":
      return "icmp";
    case "58":
      return "icmpv6";
    default:
      return raw;
  }
}

interface OpenRule {
  /** The resource reported (the rule resource, or the security group for an inline rule). */
  readonly reportOn: PolicyResource;
  /** How the message names the rule. */
  readonly label: string;
  /** The security group for an inline rule; for a rule resource, resolved through `securityGroupId`. */
  readonly group?: PolicyResource;
  readonly cidrs: string[];
  readonly protocol: string;
  readonly fromPort: number | undefined;
  readonly toPort: number | undefined;
}

/** `undefined` when the rule only opens allowed ports over TCP/UDP; otherwise what it opens, for the message. */
function portProblem(rule: OpenRule, allowed: ReadonlySet<number>): string | undefined {
  if (rule.protocol === "all") return "all protocols and ports";
  if (rule.protocol !== "tcp" && rule.protocol !== "udp") return `protocol ${rule.protocol}`;
  const from = rule.fromPort ?? 0;
  const to = rule.toPort ?? 65535;
  const lo = Math.min(from, to);
  const hi = Math.max(from, to);
  const span = lo === hi ? `${rule.protocol} port ${lo}` : `${rule.protocol} ports ${lo}-${hi}`;
  if (hi - lo + 1 > allowed.size) return span;
  for (let p = lo; p <= hi; p++) if (!allowed.has(p)) return span;
  return undefined;
}

/** Security groups accept internet traffic only on the web ports of a load balancer. */
export const networkSecurityGroupOpenIngress = stackGuardrail(
  {
    name: "network-security-group-open-ingress",
    description:
      "Security groups allow ingress from 0.0.0.0/0 or ::/0 only over TCP/UDP on ports 80 and 443, and only on a load balancer's security group (one listed in a load balancer's securityGroups); every other service is reached through the load balancer or private addresses.",
    enforcementLevel: "mandatory",
    severity: "critical",
    service: "network",
    controls: {
      awsFsbp: ["EC2.18", "EC2.19", "EC2.53", "EC2.54"],
      cdkNag: ["AwsSolutions-EC23"],
      checkov: ["CKV_AWS_24", "CKV_AWS_25", "CKV_AWS_277"],
    },
    remediationSteps:
      "Open only ports 80/443 to the internet, only on the load balancer's security group; let application security groups accept traffic from the load balancer's security group (`referencedSecurityGroupId` / `sourceSecurityGroupId`) and reach administration through SSM Session Manager instead of open SSH/RDP.",
    configProperties: {
      allowedPorts: {
        type: "array",
        items: { type: "number" },
        default: DEFAULT_ALLOWED_PORTS,
        description: "TCP/UDP ports a load balancer's security group may open to 0.0.0.0/0 or ::/0.",
      },
    },
  },
  (resources, context, report) => {
    const configured = asArray(context.config.allowedPorts).flatMap((p) => {
      const n = asNumber(p);
      return n === undefined ? [] : [n];
    });
    const allowed = new Set(configured);
    const groupsByUrn = new Map<string, PolicyResource>();
    const loadBalancers: PolicyResource[] = [];
    const ruleResources: PolicyResource[] = [];
    for (const r of resources) {
      if (r.type === EC2.securityGroup || r.type === DEFAULT_SECURITY_GROUP) groupsByUrn.set(r.urn, r);
      else if (r.type === EC2.securityGroupRule || r.type === EC2.ingressRule) ruleResources.push(r);
      else if (isLoadBalancer(r.type)) loadBalancers.push(r);
    }

    const open: OpenRule[] = [];
    for (const group of groupsByUrn.values()) {
      asArray(group.props.ingress).forEach((entry, index) => {
        if (!isRecord(entry)) return;
        const cidrs = [...stringValues(entry.cidrBlocks), ...stringValues(entry.ipv6CidrBlocks)].filter(isOpenCidr);
        if (cidrs.length === 0) return;
        open.push({
          reportOn: group,
          label: `Security group "${group.name}" inline ingress rule #${index + 1}`,
          group,
          cidrs,
          protocol: normalizeProtocol(entry.protocol),
          fromPort: asNumber(entry.fromPort),
          toPort: asNumber(entry.toPort),
        });
      });
    }
    for (const rule of ruleResources) {
      const props = rule.props;
      let cidrs: string[];
      let protocol: unknown;
      if (rule.type === EC2.securityGroupRule) {
        if (asString(props.type)?.trim().toLowerCase() !== "ingress") continue;
        cidrs = [...stringValues(props.cidrBlocks), ...stringValues(props.ipv6CidrBlocks)].filter(isOpenCidr);
        if (cidrs.length === 0) continue;
        protocol = props.protocol;
      } else {
        cidrs = [...stringValues(props.cidrIpv4), ...stringValues(props.cidrIpv6)].filter(isOpenCidr);
        if (cidrs.length === 0) continue;
        protocol = props.ipProtocol;
      }
      const groupUrn = dependencyUrns(rule, "securityGroupId").find((u) => groupsByUrn.has(u));
      open.push({
        reportOn: rule,
        label: `Security group rule "${rule.name}"`,
        group: groupUrn === undefined ? undefined : groupsByUrn.get(groupUrn),
        cidrs,
        protocol: normalizeProtocol(protocol),
        fromPort: asNumber(props.fromPort),
        toPort: asNumber(props.toPort),
      });
    }
    if (open.length === 0) return;

    // "A load balancer's group": named in some load balancer's securityGroups, by dependency (URN) or by value (id).
    const lbGroupUrns = new Set(loadBalancers.flatMap((lb) => dependencyUrns(lb, "securityGroups")));
    let lbGroupIds: Set<string> | undefined;
    const lbGroupIdValues = () =>
      (lbGroupIds ??= new Set(loadBalancers.flatMap((lb) => stringValues(lb.props.securityGroups))));
    const isLoadBalancerGroup = (rule: OpenRule): boolean => {
      if (rule.group && lbGroupUrns.has(rule.group.urn)) return true;
      if (loadBalancers.length === 0) return false;
      const ids = lbGroupIdValues();
      if (ids.size === 0) return false;
      if (rule.reportOn !== rule.group && stringValues(rule.reportOn.props.securityGroupId).some((id) => ids.has(id)))
        return true;
      return rule.group !== undefined && stringValues(rule.group.props.id).some((id) => ids.has(id));
    };

    const allowedList = [...allowed].sort((a, b) => a - b).join(", ") || "none";
    for (const rule of open) {
      const source = rule.cidrs.join(", ");
      const problem = portProblem(rule, allowed);
      if (problem) {
        report(
          `${rule.label} allows ingress from ${source} on ${problem}: only ${allowed.size === 1 ? "port" : "ports"} ` +
            `${allowedList} may be open to the internet, and only on a load balancer's security group.`,
          rule.reportOn.urn,
        );
        continue;
      }
      if (!isLoadBalancerGroup(rule)) {
        const group = rule.group ? `security group "${rule.group.name}"` : "its security group";
        report(
          `${rule.label} allows ingress from ${source} on ${portProblemLabel(rule)}, but ${group} is not a load balancer's security group: ` +
            "only a load balancer's security group may accept traffic from the internet. Accept traffic from the load balancer's security group instead.",
          rule.reportOn.urn,
        );
      }
    }
  },
);

function portProblemLabel(rule: OpenRule): string {
  const from = rule.fromPort ?? 0;
  const to = rule.toPort ?? from;
  return from === to
    ? `${rule.protocol} port ${from}`
    : `${rule.protocol} ports ${Math.min(from, to)}-${Math.max(from, to)}`;
}
