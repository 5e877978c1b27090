import * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import type { Principal } from "../iam/policy-document";

/**
 * Regions opened since August 2022 have no regional Elastic Load Balancing account: there the log-delivery
 * service principal writes access logs (AWS docs, "Enable access logs for your Application Load Balancer").
 */
export const SERVICE_PRINCIPAL_LOG_DELIVERY_REGIONS: readonly string[] = [
  "ap-east-2",
  "ap-south-2",
  "ap-southeast-3",
  "ap-southeast-4",
  "ap-southeast-5",
  "ap-southeast-6",
  "ap-southeast-7",
  "ca-west-1",
  "eu-central-2",
  "eu-south-2",
  "il-central-1",
  "me-central-1",
  "mx-central-1",
];

/** Who delivers a load balancer's access logs into a bucket in `region`: the regional ELB account or the service principal. */
export function loadBalancerLogDeliveryPrincipal(region: string, opts: pulumi.InvokeOutputOptions): Principal {
  if (SERVICE_PRINCIPAL_LOG_DELIVERY_REGIONS.includes(region)) {
    return { Service: "logdelivery.elasticloadbalancing.amazonaws.com" };
  }
  return { AWS: aws.elb.getServiceAccountOutput({}, opts).arn };
}
