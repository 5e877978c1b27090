import { describe, expect, it } from "vitest";
import { readStackFile } from "../../tools/stack-file";
import { startMockedRun } from "../helpers/pulumi-mocks";

describe("the program with bad compute config", () => {
  it("fails with the services key and registers no resource", async () => {
    const { config } = readStackFile("Pulumi.prod.yaml");
    const services = JSON.parse(config["starscreen:services"]);
    delete services.api.certificateArn;
    services.worker.memory = 3000;
    const broken = { ...config, "starscreen:services": JSON.stringify(services) };
    const run = await startMockedRun({ stack: "prod", config: broken });
    const failure = import("../../index");
    await expect(failure).rejects.toThrow(
      "starscreen:services.worker.memory must be a multiple of 1024 from 2048 to 8192 for cpu 1024 (Fargate), got 3000",
    );
    await expect(failure).rejects.toThrow("starscreen:services.api.certificateArn is required in prod");
    await run.settle();
    expect(run.resources()).toEqual([]);
  });
});
