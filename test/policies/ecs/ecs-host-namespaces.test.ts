import { describe, expect, it } from "vitest";
import { ecsHostNamespaces } from "../../../policies/ecs/ecs-host-namespaces";
import { runPolicy, UNKNOWN } from "../../helpers/policy-harness";
import { taskDefinition } from "../logging/our-stack";

describe("ecs-host-namespaces", () => {
  it("passes our Fargate awsvpc task definitions", async () => {
    expect(
      (await runPolicy(ecsHostNamespaces, [taskDefinition("dev", "api"), taskDefinition("prod", "worker")])).violations,
    ).toEqual([]);
  });

  it("passes an EC2 task definition in bridge mode with task PID/IPC namespaces", async () => {
    const td = taskDefinition("dev", "api", {
      requiresCompatibilities: ["EC2"],
      networkMode: "bridge",
      pidMode: "task",
      ipcMode: "task",
    });
    expect((await runPolicy(ecsHostNamespaces, td)).violations).toEqual([]);
  });

  it("reports pidMode host", async () => {
    const run = await runPolicy(ecsHostNamespaces, taskDefinition("dev", "api", { pidMode: "host" }));
    expect(run.violations.map((v) => v.message)).toEqual([
      expect.stringMatching(/sets pidMode to "host": its containers share the host's process namespace/),
    ]);
  });

  it("reports ipcMode host", async () => {
    const run = await runPolicy(ecsHostNamespaces, taskDefinition("dev", "api", { ipcMode: "HOST" }));
    expect(run.violations[0].message).toMatch(/sets ipcMode to "host": .*IPC namespace/);
  });

  it("reports networkMode host, for EC2 task definitions too", async () => {
    const run = await runPolicy(
      ecsHostNamespaces,
      taskDefinition("dev", "api", { networkMode: "host", requiresCompatibilities: ["EC2"] }),
    );
    expect(run.violations.map((v) => v.message)).toEqual([expect.stringMatching(/sets networkMode to "host"/)]);
  });

  it("reports a Fargate task definition that is not awsvpc, or has no networkMode", async () => {
    const bridge = await runPolicy(ecsHostNamespaces, taskDefinition("dev", "api", { networkMode: "bridge" }));
    expect(bridge.violations[0].message).toMatch(/Fargate task definition "dev-api-task" has networkMode "bridge"/);
    const unset = await runPolicy(
      ecsHostNamespaces,
      taskDefinition("dev", "api", { networkMode: undefined, requiresCompatibilities: "fargate" }),
    );
    expect(unset.violations[0].message).toMatch(/has networkMode unset: Fargate tasks must use "awsvpc"/);
  });

  it("reports every problem of one task definition", async () => {
    const run = await runPolicy(
      ecsHostNamespaces,
      taskDefinition("dev", "api", { pidMode: "host", ipcMode: "host", networkMode: "host" }),
    );
    expect(run.violations).toHaveLength(3);
  });

  it("propagates unknown values", async () => {
    const run = await runPolicy(ecsHostNamespaces, taskDefinition("dev", "api", { networkMode: UNKNOWN }));
    expect(run.unknown).toMatch(/networkMode/);
  });

  it("survives odd shapes", async () => {
    const run = await runPolicy(
      ecsHostNamespaces,
      taskDefinition("dev", "api", { pidMode: 7, networkMode: ["host"], requiresCompatibilities: { x: 1 } }),
    );
    expect(run.violations).toEqual([]);
  });
});
