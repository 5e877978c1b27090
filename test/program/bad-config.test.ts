import { describe, expect, it } from "vitest";
import { readStackFile } from "../../tools/stack-file";
import { startMockedRun } from "../helpers/pulumi-mocks";

describe("the program with bad config", () => {
  it("fails with the config key and registers no resource", async () => {
    const { config } = readStackFile("Pulumi.prod.yaml");
    const storage = JSON.parse(config["starscreen:storage"]);
    const broken = { ...config, "starscreen:storage": JSON.stringify({ ...storage, retentionDays: -5 }) };
    const run = await startMockedRun({ stack: "prod", config: broken });
    // Loading the program module runs it; it must throw before registering anything.
    await expect(import("../../index")).rejects.toThrow(
      "starscreen:storage.retentionDays must be an integer >= 1, got -5",
    );
    await run.settle();
    expect(run.resources()).toEqual([]);
  });
});
