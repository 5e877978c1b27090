import { describe, expect, it } from "vitest";
import { ecsTaskRoles } from "../../../policies/ecs/ecs-task-roles";
import { runPolicy, UNKNOWN } from "../../helpers/policy-harness";
import { taskDefinition } from "../logging/our-stack";

describe("ecs-task-roles", () => {
  it("passes our task definitions (distinct task and execution roles)", async () => {
    expect(
      (await runPolicy(ecsTaskRoles, [taskDefinition("dev", "api"), taskDefinition("prod", "worker")])).violations,
    ).toEqual([]);
  });

  it("reports a missing task role", async () => {
    const td = taskDefinition("dev", "api");
    delete td.props.taskRoleArn;
    const run = await runPolicy(ecsTaskRoles, td);
    expect(run.violations.map((v) => v.message)).toEqual([expect.stringMatching(/"dev-api-task" has no taskRoleArn/)]);
  });

  it("reports a missing or empty execution role", async () => {
    const td = taskDefinition("dev", "api", { executionRoleArn: "" });
    expect((await runPolicy(ecsTaskRoles, td)).violations[0].message).toMatch(/has no executionRoleArn/);
    delete td.props.executionRoleArn;
    expect((await runPolicy(ecsTaskRoles, td)).violations[0].message).toMatch(/has no executionRoleArn/);
  });

  it("reports both missing", async () => {
    const td = taskDefinition("dev", "api");
    delete td.props.taskRoleArn;
    delete td.props.executionRoleArn;
    expect((await runPolicy(ecsTaskRoles, td)).violations).toHaveLength(2);
  });

  it("reports the same role used for both", async () => {
    const td = taskDefinition("dev", "api");
    td.props.executionRoleArn = td.props.taskRoleArn;
    const run = await runPolicy(ecsTaskRoles, td);
    expect(run.violations.map((v) => v.message)).toEqual([
      expect.stringMatching(/uses the same role for taskRoleArn and executionRoleArn/),
    ]);
  });

  it("reports a missing role even while the other is unknown, then stops on the unknown one", async () => {
    const td = taskDefinition("dev", "api", { taskRoleArn: UNKNOWN });
    delete td.props.executionRoleArn;
    const run = await runPolicy(ecsTaskRoles, td);
    expect(run.violations.map((v) => v.message)).toEqual([expect.stringMatching(/has no executionRoleArn/)]);
    expect(run.unknown).toMatch(/taskRoleArn/);
  });

  it("does not compare roles that are unknown during preview", async () => {
    const run = await runPolicy(ecsTaskRoles, taskDefinition("dev", "api", { executionRoleArn: UNKNOWN }));
    expect(run.violations).toEqual([]);
    expect(run.unknown).toBeDefined();
  });

  it("treats non-string roles as missing", async () => {
    const run = await runPolicy(ecsTaskRoles, taskDefinition("dev", "api", { taskRoleArn: 5, executionRoleArn: null }));
    expect(run.violations).toHaveLength(2);
  });
});
