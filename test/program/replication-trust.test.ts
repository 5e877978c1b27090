import { describe, expect, it } from "vitest";
import { parseStackConfig } from "../../config";
import { buildStack } from "../../stack";
import { readStackFile } from "../../tools/stack-file";
import { startMockedRun } from "../helpers/pulumi-mocks";

describe("the replication role's trust", () => {
  it("names the source bucket when its name is fixed in config", async () => {
    const { config } = readStackFile("Pulumi.prod.yaml");
    const storage = { ...JSON.parse(config["starscreen:storage"]), bucketName: "starscreen-prod-resumes" };
    const fixed = { ...config, "starscreen:storage": JSON.stringify(storage) };
    const run = await startMockedRun({ stack: "prod", config: fixed });
    buildStack(parseStackConfig(fixed));
    await run.settle();
    const trust = run.json(run.one("aws:iam/role:Role", "replication-role"), "assumeRolePolicy");
    expect(trust.Statement[0].Condition).toEqual({
      StringEquals: { "aws:SourceAccount": "123456789012" },
      ArnLike: { "aws:SourceArn": "arn:aws:s3:::starscreen-prod-resumes" },
    });
  });
});
