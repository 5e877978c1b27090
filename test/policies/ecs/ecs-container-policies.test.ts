import { describe, expect, it } from "vitest";
import { ecsLoggingConfigured } from "../../../policies/ecs/ecs-logging-configured";
import { ecsNotPrivileged } from "../../../policies/ecs/ecs-not-privileged";
import { ecsReadonlyRootFilesystem } from "../../../policies/ecs/ecs-readonly-root-filesystem";
import { runPolicy, UNKNOWN } from "../../helpers/policy-harness";
import { containerDefinition, taskDefinition } from "../logging/our-stack";

/** A task definition whose api container gets `change` applied, as a JSON string or as an array. */
function withContainer(change: (c: Record<string, unknown>) => void, form: "string" | "array" = "string") {
  const container = containerDefinition("prod", "api");
  change(container);
  const sidecar = { ...containerDefinition("prod", "api"), name: "sidecar" };
  const list = [container, sidecar];
  return taskDefinition("prod", "api", {}, form === "string" ? JSON.stringify(list) : list);
}

describe("ecs-readonly-root-filesystem", () => {
  it("passes our task definitions, as a JSON string and as an array", async () => {
    expect(
      (
        await runPolicy(
          ecsReadonlyRootFilesystem,
          withContainer(() => {}),
        )
      ).violations,
    ).toEqual([]);
    expect(
      (
        await runPolicy(
          ecsReadonlyRootFilesystem,
          withContainer(() => {}, "array"),
        )
      ).violations,
    ).toEqual([]);
  });

  for (const form of ["string", "array"] as const) {
    it(`reports a container without a read-only root (${form})`, async () => {
      const run = await runPolicy(
        ecsReadonlyRootFilesystem,
        withContainer((c) => delete c.readonlyRootFilesystem, form),
      );
      expect(run.violations.map((v) => v.message)).toEqual([
        expect.stringMatching(/Container "api" has readonlyRootFilesystem unset: its root filesystem is writable/),
      ]);
    });
  }

  it("reports readonlyRootFilesystem false and names unnamed containers by position", async () => {
    const td = taskDefinition("dev", "worker", {}, [{ image: "x", readonlyRootFilesystem: false }]);
    const run = await runPolicy(ecsReadonlyRootFilesystem, td);
    expect(run.violations[0].message).toMatch(/Container "#0" has readonlyRootFilesystem false/);
  });

  it("reports unreadable container definitions instead of passing them", async () => {
    for (const bad of ["not json", "42", JSON.stringify({ containers: 1 }).slice(0, 5)]) {
      const run = await runPolicy(ecsReadonlyRootFilesystem, taskDefinition("dev", "api", {}, bad));
      expect(run.violations).toHaveLength(1);
      expect(run.violations[0].message).toMatch(/cannot verify that every container has a read-only root filesystem/);
    }
  });

  it("treats an unknown containerDefinitions as unknown", async () => {
    const run = await runPolicy(ecsReadonlyRootFilesystem, taskDefinition("dev", "api", {}, UNKNOWN));
    expect(run.unknown).toBeDefined();
    expect(run.violations).toEqual([]);
  });
});

describe("ecs-not-privileged", () => {
  it("passes our task definitions", async () => {
    expect(
      (
        await runPolicy(
          ecsNotPrivileged,
          withContainer(() => {}),
        )
      ).violations,
    ).toEqual([]);
  });

  it("reports a privileged container", async () => {
    const run = await runPolicy(
      ecsNotPrivileged,
      withContainer((c) => (c.privileged = true), "array"),
    );
    expect(run.violations.map((v) => v.message)).toEqual([
      expect.stringMatching(/Container "api" sets privileged: true/),
    ]);
  });

  it("reports added host-level capabilities (case-insensitive, CAP_ prefix tolerated) and allows others", async () => {
    const run = await runPolicy(
      ecsNotPrivileged,
      withContainer(
        (c) => (c.linuxParameters = { capabilities: { add: ["SYS_PTRACE", "cap_sys_admin", "NET_ADMIN"] } }),
      ),
    );
    expect(run.violations).toHaveLength(1);
    expect(run.violations[0].message).toMatch(/Container "api" adds Linux capabilities SYS_ADMIN, NET_ADMIN/);
  });

  it("reports ALL and honours a forbiddenCapabilities override", async () => {
    const td = withContainer((c) => (c.linuxParameters = { capabilities: { add: ["ALL"] } }));
    expect((await runPolicy(ecsNotPrivileged, td)).violations[0].message).toMatch(/adds Linux capability ALL/);
    const ptrace = withContainer((c) => (c.linuxParameters = { capabilities: { add: ["SYS_PTRACE"] } }));
    expect((await runPolicy(ecsNotPrivileged, ptrace)).violations).toEqual([]);
    const strict = await runPolicy(ecsNotPrivileged, ptrace, { forbiddenCapabilities: ["SYS_PTRACE"] });
    expect(strict.violations[0].message).toMatch(/adds Linux capability SYS_PTRACE/);
  });

  it("survives odd linuxParameters shapes", async () => {
    for (const lp of [
      null,
      "x",
      { capabilities: "ALL" },
      { capabilities: { add: "ALL" } },
      { capabilities: { add: [1, null] } },
    ]) {
      const run = await runPolicy(
        ecsNotPrivileged,
        withContainer((c) => (c.linuxParameters = lp)),
      );
      expect(run.violations.length).toBeLessThanOrEqual(1);
    }
    const single = await runPolicy(
      ecsNotPrivileged,
      withContainer((c) => (c.linuxParameters = { capabilities: { add: "ALL" } })),
    );
    expect(single.violations[0].message).toMatch(/capability ALL/);
  });
});

describe("ecs-logging-configured", () => {
  it("passes our task definitions", async () => {
    expect(
      (
        await runPolicy(
          ecsLoggingConfigured,
          withContainer(() => {}, "array"),
        )
      ).violations,
    ).toEqual([]);
  });

  it("reports a container without logConfiguration", async () => {
    const run = await runPolicy(
      ecsLoggingConfigured,
      withContainer((c) => delete c.logConfiguration),
    );
    expect(run.violations.map((v) => v.message)).toEqual([
      expect.stringMatching(/Container "api" has no logConfiguration/),
    ]);
  });

  it("reports a logConfiguration without a logDriver", async () => {
    const run = await runPolicy(
      ecsLoggingConfigured,
      withContainer((c) => (c.logConfiguration = { options: { "awslogs-group": "g" } }), "array"),
    );
    expect(run.violations[0].message).toMatch(/Container "api" has a logConfiguration without a logDriver/);
  });

  it("reports unreadable definitions", async () => {
    const run = await runPolicy(ecsLoggingConfigured, taskDefinition("dev", "api", {}, "{oops"));
    expect(run.violations[0].message).toMatch(/containerDefinitions is not valid JSON; cannot verify/);
  });
});
