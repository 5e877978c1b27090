import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ecsGuardrails } from "../../../policies/ecs";
import { elbGuardrails } from "../../../policies/elb";
import { loggingGuardrails } from "../../../policies/logging";
import { runPolicy, type FakeResource } from "../../helpers/policy-harness";
import { T } from "./our-stack";

const TYPES = [
  ...Object.values(T),
  "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup",
  "aws:wafregional/webAclAssociation:WebAclAssociation",
];
const KEYS = [
  "containerDefinitions",
  "networkConfiguration",
  "assignPublicIp",
  "settings",
  "deploymentCircuitBreaker",
  "deploymentController",
  "taskRoleArn",
  "executionRoleArn",
  "pidMode",
  "ipcMode",
  "networkMode",
  "requiresCompatibilities",
  "protocol",
  "port",
  "defaultActions",
  "sslPolicy",
  "loadBalancerType",
  "internal",
  "dropInvalidHeaderFields",
  "accessLogs",
  "securityGroups",
  "enableDeletionProtection",
  "arn",
  "id",
  "resourceArn",
  "ingress",
  "type",
  "cidrBlocks",
  "ipv6CidrBlocks",
  "cidrIpv4",
  "cidrIpv6",
  "fromPort",
  "toPort",
  "ipProtocol",
  "securityGroupId",
  "vpcId",
  "trafficType",
  "serviceName",
  "vpcEndpointType",
  "policy",
  "vpcEndpointId",
  "retentionInDays",
  "kmsKeyId",
  "name",
  "value",
  "environment",
  "privileged",
  "linuxParameters",
  "capabilities",
  "add",
  "logConfiguration",
  "logDriver",
  "readonlyRootFilesystem",
  "redirect",
  "enable",
  "rollback",
  "enabled",
  "bucket",
];

/** Nested garbage built from the keys the policies read, so the fuzz reaches the code paths. */
const value: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  leaf: fc.oneof(
    fc.constantFrom(
      "0.0.0.0/0",
      "::/0",
      "HTTP",
      "HTTPS",
      "host",
      "FARGATE",
      "-1",
      "tcp",
      "redirect",
      "true",
      "enabled",
      "ALL",
      "*",
      "",
      "AKIAIOSFODNN7EXAMPLE",
    ),
    fc.string(),
    fc.integer({ min: -5, max: 70000 }),
    fc.boolean(),
    fc.constant(null),
  ),
  node: fc.oneof({ depthSize: "small" }, tie("leaf"), tie("array"), tie("object"), tie("json")),
  array: fc.array(tie("node"), { maxLength: 4 }),
  object: fc.dictionary(fc.constantFrom(...KEYS), tie("node"), { maxKeys: 6 }),
  json: tie("array").map((v) => JSON.stringify(v)),
})).node;

const resource: fc.Arbitrary<FakeResource> = fc.record({
  type: fc.constantFrom(...TYPES),
  name: fc.constantFrom("a", "b", "c", "d"),
  props: fc.dictionary(fc.constantFrom(...KEYS), value, { maxKeys: 10 }),
});

describe("the ECS, ELB, network and logging guardrails never throw on odd input", () => {
  for (const policy of [...ecsGuardrails, ...elbGuardrails, ...loggingGuardrails]) {
    it(policy.name, async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(resource, { maxLength: 8 }), async (resources) => {
          const run = await runPolicy(policy, resources);
          for (const v of run.violations) expect(typeof v.message).toBe("string");
        }),
        { numRuns: 150 },
      );
    });
  }
});
