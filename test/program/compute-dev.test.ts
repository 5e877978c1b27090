import { beforeAll, describe, expect, it } from "vitest";
import { runProgram, type ProgramRun } from "./run-program";

describe("the dev stack's compute (Pulumi.dev.yaml) under mocks", () => {
  let program: ProgramRun;
  beforeAll(async () => {
    program = await runProgram("dev");
  });

  it("runs without error; without a certificate the API URL is plain HTTP on the load balancer", () => {
    expect(program.error).toBeUndefined();
    const dns = program.run.outputs(program.run.one("aws:lb/loadBalancer:LoadBalancer")).dnsName;
    expect(program.outputs.apiUrl).toBe(`http://${dns}`);
  });

  it("has only an HTTP listener, which forwards; no WAF; no deletion protection", () => {
    const { run } = program;
    const listeners = run.resources("aws:lb/listener:Listener");
    expect(listeners.map((l) => l.name)).toEqual(["api-lb-http-listener"]);
    expect(run.inputs(listeners[0]).defaultActions[0].type).toBe("forward");
    expect(run.resources("aws:wafv2/webAcl:WebAcl")).toEqual([]);
    expect(run.inputs(run.one("aws:lb/loadBalancer:LoadBalancer")).enableDeletionProtection).toBe(false);
  });

  it("grants the task roles no KMS use (the dev bucket uses SSE-S3)", () => {
    const { run } = program;
    expect(
      run
        .json(run.one("aws:iam/rolePolicy:RolePolicy", "api-task-policy"), "policy")
        .Statement.map((s: { Sid: string }) => s.Sid),
    ).toEqual(["ReadWriteResumes"]);
    expect(
      run
        .json(run.one("aws:iam/rolePolicy:RolePolicy", "worker-task-policy"), "policy")
        .Statement.map((s: { Sid: string }) => s.Sid),
    ).toEqual(["ReadResumes"]);
  });

  it("is small and disposable: one NAT gateway, one task each, workers on Spot, nothing protected", () => {
    const { run } = program;
    expect(run.inputs(run.one("awsx:ec2:Vpc"))).toMatchObject({
      cidrBlock: "10.20.0.0/16",
      numberOfAvailabilityZones: 2,
      natGateways: { strategy: "Single" },
    });
    expect(run.inputs(run.one("aws:ecs/service:Service", "api-service")).desiredCount).toBe(1);
    expect(run.inputs(run.one("aws:ecs/service:Service", "worker-service")).capacityProviderStrategies).toEqual([
      { capacityProvider: "FARGATE_SPOT", weight: 1 },
    ]);
    expect(run.inputs(run.one("aws:kms/key:Key", "logs-key"))).toMatchObject({ deletionWindowInDays: 7 });
    expect(run.resources().filter((r) => r.protect)).toEqual([]);
  });

  it("still encrypts and expires the logs", () => {
    for (const group of program.run.resources("aws:cloudwatch/logGroup:LogGroup")) {
      const inputs = program.run.inputs(group);
      expect(inputs.kmsKeyId, group.name).toMatch(/^arn:aws:kms:us-east-1:123456789012:key\//);
      expect([14, 30]).toContain(inputs.retentionInDays);
    }
  });
});
