import { describe, expect, it } from "vitest";
import { ecsContainerInsights } from "../../../policies/ecs/ecs-container-insights";
import { ecsDeploymentCircuitBreaker } from "../../../policies/ecs/ecs-deployment-circuit-breaker";
import { ecsDeploymentRollback } from "../../../policies/ecs/ecs-deployment-rollback";
import { runPolicy, UNKNOWN } from "../../helpers/policy-harness";
import { cluster, ecsService } from "../logging/our-stack";

describe("ecs-container-insights", () => {
  it('passes "enabled" (dev) and "enhanced" (prod)', async () => {
    expect((await runPolicy(ecsContainerInsights, [cluster("dev"), cluster("prod")])).violations).toEqual([]);
    const upper = cluster("dev", { settings: { name: "ContainerInsights", value: "ENABLED" } });
    expect((await runPolicy(ecsContainerInsights, upper)).violations).toEqual([]);
  });

  it("reports a cluster without the setting", async () => {
    const run = await runPolicy(ecsContainerInsights, cluster("dev", { settings: undefined }));
    expect(run.violations.map((v) => v.message)).toEqual([
      expect.stringMatching(/ECS cluster "dev-cluster" has no containerInsights setting/),
    ]);
  });

  it("reports containerInsights disabled", async () => {
    const run = await runPolicy(
      ecsContainerInsights,
      cluster("dev", { settings: [{ name: "containerInsights", value: "disabled" }] }),
    );
    expect(run.violations[0].message).toMatch(/sets containerInsights to "disabled": Container Insights is off/);
  });

  it("survives odd settings and propagates unknown values", async () => {
    const odd = await runPolicy(ecsContainerInsights, cluster("dev", { settings: [null, 1, { name: 3 }] }));
    expect(odd.violations[0].message).toMatch(/has no containerInsights setting/);
    const unknown = await runPolicy(
      ecsContainerInsights,
      cluster("dev", { settings: [{ name: "containerInsights", value: UNKNOWN }] }),
    );
    expect(unknown.unknown).toBeDefined();
  });
});

describe("ecs-deployment-circuit-breaker", () => {
  it("passes our services", async () => {
    expect(
      (await runPolicy(ecsDeploymentCircuitBreaker, [ecsService("dev", "api"), ecsService("prod", "worker")]))
        .violations,
    ).toEqual([]);
  });

  it("reports a service without a circuit breaker", async () => {
    const run = await runPolicy(
      ecsDeploymentCircuitBreaker,
      ecsService("dev", "api", { deploymentCircuitBreaker: undefined }),
    );
    expect(run.violations.map((v) => v.message)).toEqual([
      expect.stringMatching(/ECS service "dev-api-service" has no deploymentCircuitBreaker/),
    ]);
  });

  it("reports a disabled circuit breaker (object or one-element list)", async () => {
    const off = await runPolicy(
      ecsDeploymentCircuitBreaker,
      ecsService("dev", "api", { deploymentCircuitBreaker: { enable: false, rollback: true } }),
    );
    expect(off.violations[0].message).toMatch(/sets deploymentCircuitBreaker.enable to false/);
    const list = await runPolicy(
      ecsDeploymentCircuitBreaker,
      ecsService("dev", "api", { deploymentCircuitBreaker: [{ rollback: true }] }),
    );
    expect(list.violations[0].message).toMatch(/enable to null/);
  });

  it("skips services deployed by CodeDeploy or an external controller", async () => {
    for (const type of ["CODE_DEPLOY", "EXTERNAL"]) {
      const run = await runPolicy(
        ecsDeploymentCircuitBreaker,
        ecsService("dev", "api", { deploymentCircuitBreaker: undefined, deploymentController: { type } }),
      );
      expect(run.violations).toEqual([]);
    }
    const ecs = await runPolicy(
      ecsDeploymentCircuitBreaker,
      ecsService("dev", "api", { deploymentCircuitBreaker: undefined, deploymentController: { type: "ECS" } }),
    );
    expect(ecs.violations).toHaveLength(1);
  });

  it("propagates unknown values", async () => {
    const run = await runPolicy(
      ecsDeploymentCircuitBreaker,
      ecsService("dev", "api", { deploymentCircuitBreaker: { enable: UNKNOWN } }),
    );
    expect(run.unknown).toMatch(/enable/);
  });
});

describe("ecs-deployment-rollback (advisory)", () => {
  it("is advisory and passes our services", async () => {
    expect(ecsDeploymentRollback.enforcementLevel).toBe("advisory");
    expect((await runPolicy(ecsDeploymentRollback, ecsService("prod", "api"))).violations).toEqual([]);
  });

  it("reports an enabled breaker without rollback", async () => {
    const run = await runPolicy(
      ecsDeploymentRollback,
      ecsService("dev", "api", { deploymentCircuitBreaker: { enable: true, rollback: false } }),
    );
    expect(run.violations[0].message).toMatch(/has a deployment circuit breaker without rollback/);
  });

  it("leaves a missing or disabled breaker to the mandatory policy", async () => {
    const run = await runPolicy(ecsDeploymentRollback, [
      ecsService("dev", "api", { deploymentCircuitBreaker: undefined }),
      ecsService("dev", "worker", { deploymentCircuitBreaker: { enable: false } }),
    ]);
    expect(run.violations).toEqual([]);
  });
});
