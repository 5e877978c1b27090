/**
 * Which flow logs cover which VPC, for `vpc-flow-logs` and `vpc-flow-logs-all-traffic`. A VPC is either an
 * `aws:ec2/vpc:Vpc` or an awsx `awsx:ec2:Vpc` component (whose `vpcId` output is the VPC id). In a real
 * deployment the component's child `aws:ec2/vpc:Vpc` is visible too (under mocks it is not): the pair is one VPC,
 * reported once on the component, and a flow log related to either covers both.
 */
import type { PolicyResource } from "@pulumi/policy";
import { EC2 } from "../lib/resource-types";
import { asString } from "../lib/values";
import { relate, stringValues } from "./relations";

export interface VpcCoverage {
  /** The VPC as reported: the awsx component, or a plain VPC. */
  readonly vpc: PolicyResource;
  /** Upper-cased trafficType of every flow log related to this VPC. */
  readonly trafficTypes: string[];
}

function parentUrn(r: PolicyResource): string | undefined {
  return r.parent?.urn ?? r.opts?.parent;
}

export function vpcFlowLogCoverage(resources: readonly PolicyResource[]): VpcCoverage[] {
  const awsxVpcs = new Map<string, PolicyResource>();
  const plainVpcs: PolicyResource[] = [];
  const flowLogs: PolicyResource[] = [];
  for (const r of resources) {
    if (r.type === EC2.awsxVpc) awsxVpcs.set(r.urn, r);
    else if (r.type === EC2.vpc) plainVpcs.push(r);
    else if (r.type === EC2.flowLog) flowLogs.push(r);
  }
  if (awsxVpcs.size === 0 && plainVpcs.length === 0) return [];
  // unit: VPC URN → the URN the VPC is reported under.
  const unit = new Map<string, string>();
  const members = new Map<string, PolicyResource[]>();
  for (const urn of awsxVpcs.keys()) {
    unit.set(urn, urn);
    members.set(urn, []);
  }
  const targets: PolicyResource[] = [...awsxVpcs.values()];
  for (const vpc of plainVpcs) {
    const parent = parentUrn(vpc);
    if (parent !== undefined && awsxVpcs.has(parent)) {
      unit.set(vpc.urn, parent);
      members.get(parent)!.push(vpc);
    } else {
      unit.set(vpc.urn, vpc.urn);
      targets.push(vpc);
    }
  }
  const related = relate({
    targets,
    children: flowLogs,
    childProp: "vpcId",
    canonical: (urn) => unit.get(urn),
    // Which traffic a VPC's flow logs record depends on all of them: one related by dependency must not hide
    // another that only matches by value.
    everyChild: true,
    targetKeys: (target) =>
      target.type === EC2.awsxVpc
        ? [
            ...stringValues(target.props.vpcId),
            ...(members.get(target.urn) ?? []).flatMap((child) => stringValues(child.props.id)),
          ]
        : stringValues(target.props.id),
  });
  return targets.map((vpc) => ({
    vpc,
    trafficTypes: (related.get(vpc.urn) ?? []).map(
      (log) => asString(log.props.trafficType)?.trim().toUpperCase() ?? "",
    ),
  }));
}
