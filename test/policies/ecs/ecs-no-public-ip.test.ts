import { describe, expect, it } from "vitest";
import { ecsNoPublicIp } from "../../../policies/ecs/ecs-no-public-ip";
import { runPolicy, UNKNOWN } from "../../helpers/policy-harness";
import { ecsService, res, T } from "../logging/our-stack";

describe("ecs-no-public-ip", () => {
  it("passes our services (assignPublicIp false)", async () => {
    const run = await runPolicy(ecsNoPublicIp, [ecsService("prod", "api"), ecsService("dev", "worker")]);
    expect(run.violations).toEqual([]);
  });

  it("passes a service without networkConfiguration (bridge/host tasks get no task-level public IP)", async () => {
    const run = await runPolicy(ecsNoPublicIp, ecsService("dev", "api", { networkConfiguration: undefined }));
    expect(run.violations).toEqual([]);
  });

  it("reports a service that assigns public IPs", async () => {
    const service = ecsService("prod", "api");
    (service.props.networkConfiguration as Record<string, unknown>).assignPublicIp = true;
    const run = await runPolicy(ecsNoPublicIp, service);
    expect(run.violations).toHaveLength(1);
    expect(run.violations[0].message).toMatch(
      /ECS service "prod-api-service" sets networkConfiguration.assignPublicIp to true/,
    );
    expect(run.violations[0].urn).toBe(service.urn);
  });

  it('reads the one-element-list shape and the "ENABLED" spelling', async () => {
    const service = ecsService("dev", "api", {
      networkConfiguration: [{ subnets: ["subnet-1"], assignPublicIp: "ENABLED" }],
    });
    const run = await runPolicy(ecsNoPublicIp, service);
    expect(run.violations.map((v) => v.message)).toEqual([expect.stringMatching(/assignPublicIp to "ENABLED"/)]);
  });

  it("reports a task set that assigns public IPs", async () => {
    const taskSet = res(T.taskSet, "blue", {
      cluster: "c",
      service: "s",
      taskDefinition: "td",
      networkConfiguration: { subnets: ["subnet-1"], assignPublicIp: true },
    });
    const run = await runPolicy(ecsNoPublicIp, taskSet);
    expect(run.violations[0].message).toMatch(/ECS task set "blue" sets networkConfiguration.assignPublicIp to true/);
  });

  it("does not pass an unknown assignPublicIp silently", async () => {
    const run = await runPolicy(
      ecsNoPublicIp,
      ecsService("dev", "api", { networkConfiguration: { assignPublicIp: UNKNOWN } }),
    );
    expect(run.violations).toEqual([]);
    expect(run.unknown).toMatch(/assignPublicIp/);
  });

  it("ignores other resource types and odd shapes without throwing", async () => {
    const run = await runPolicy(ecsNoPublicIp, [
      res(T.cluster, "c", { networkConfiguration: { assignPublicIp: true } }),
      ecsService("dev", "api", { networkConfiguration: "garbage" }),
      ecsService("dev", "worker", { networkConfiguration: [null, 3] }),
    ]);
    expect(run.violations).toEqual([]);
  });

  it("honours a waiver with a justification", async () => {
    const service = ecsService("dev", "api", { networkConfiguration: { assignPublicIp: true } });
    const run = await runPolicy(ecsNoPublicIp, service, {
      waivers: [{ resource: "dev-api-service", justification: "Temporary public test task, removed by 2026-10-01." }],
    });
    expect(run.violations).toEqual([]);
  });
});
