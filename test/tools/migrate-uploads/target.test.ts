import { promises as fs } from "node:fs";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { FatalError, UsageError } from "../../../tools/migrate-uploads/errors";
import { defaultTargetDeps, resolveTarget, targetFromOutputs } from "../../../tools/migrate-uploads/target";
import { removeTempDirs, tempDir } from "./fixtures";

afterAll(removeTempDirs);

const KEY = "arn:aws:kms:us-west-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";

describe("resolveTarget", () => {
  it("uses SSE-KMS with the key given by flags", async () => {
    const target = await resolveTarget({ bucket: "b-1", region: "us-west-2", kmsKeyArn: KEY });
    expect(target).toEqual({ bucket: "b-1", region: "us-west-2", encryption: { mode: "aws:kms", kmsKeyArn: KEY } });
  });

  it("uses SSE-S3 when no key is given", async () => {
    const target = await resolveTarget({ bucket: "b-1", region: "us-west-2" });
    expect(target.encryption).toEqual({ mode: "AES256" });
  });

  it("reads bucket, region and key from the stack's outputs", async () => {
    const asked: string[] = [];
    const target = await resolveTarget(
      { stack: "org/starscreen/prod" },
      {
        readStackOutputs: async (stack) => {
          asked.push(stack);
          return {
            resumesBucketName: "prod-resumes",
            region: "us-west-2",
            resumesKmsKeyArn: KEY,
            replicaBucketName: "r",
          };
        },
      },
    );
    expect(asked).toEqual(["org/starscreen/prod"]);
    expect(target).toEqual({
      bucket: "prod-resumes",
      region: "us-west-2",
      encryption: { mode: "aws:kms", kmsKeyArn: KEY },
    });
  });

  it("reads the names index.ts exports, and takes a null key as SSE-S3", () => {
    const outputs = { bucketName: "b-4", bucketRegion: "eu-west-3", kmsKeyArn: KEY, replicaBucketName: "r-4" };
    expect(targetFromOutputs(outputs, { stack: "prod" })).toEqual({
      bucket: "b-4",
      region: "eu-west-3",
      encryption: { mode: "aws:kms", kmsKeyArn: KEY },
    });
    expect(targetFromOutputs({ ...outputs, kmsKeyArn: null }, { stack: "dev" }).encryption).toEqual({ mode: "AES256" });
  });

  it("reads a saved `pulumi stack output --json` file", async () => {
    const file = path.join(tempDir("outputs-"), "dev.json");
    await fs.writeFile(file, JSON.stringify({ bucketName: "dev-resumes", region: "eu-central-1" }));
    const target = await resolveTarget({ stack: file }, defaultTargetDeps);
    expect(target).toEqual({ bucket: "dev-resumes", region: "eu-central-1", encryption: { mode: "AES256" } });
  });

  it("rejects a file that is not JSON", async () => {
    const file = path.join(tempDir("outputs-"), "broken.json");
    await fs.writeFile(file, "Current stack outputs (3):");
    await expect(resolveTarget({ stack: file }, defaultTargetDeps)).rejects.toThrow(UsageError);
  });

  it("fails with one line when the pulumi CLI cannot be run", async () => {
    const saved = process.env.PATH;
    process.env.PATH = tempDir("empty-path-");
    try {
      const err = await resolveTarget({ stack: "no-such-stack-name" }, defaultTargetDeps).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(FatalError);
      expect((err as Error).message).toMatch(/pulumi CLI is not installed/);
    } finally {
      process.env.PATH = saved;
    }
  });
});

describe("targetFromOutputs", () => {
  it("looks under a storage object and lets --region fill a missing region", () => {
    const target = targetFromOutputs(
      { storage: { bucketName: "b-2", kmsKeyArn: KEY } },
      { stack: "dev", region: "us-east-2" },
    );
    expect(target).toEqual({ bucket: "b-2", region: "us-east-2", encryption: { mode: "aws:kms", kmsKeyArn: KEY } });
  });

  it("prefers the stack's region over --region", () => {
    expect(
      targetFromOutputs({ bucketName: "b-2", region: "ap-south-1" }, { stack: "dev", region: "us-east-2" }).region,
    ).toBe("ap-south-1");
  });

  it("names what it looked for when the bucket output is missing", () => {
    expect(() => targetFromOutputs({ replicaBucketName: "r", region: "us-east-1" }, { stack: "dev" })).toThrow(
      /no bucket output \(looked for bucketName, resumesBucketName.*found: replicaBucketName, region/,
    );
  });

  it("refuses secret outputs and missing regions", () => {
    expect(() => targetFromOutputs({ bucketName: "[secret]" }, { stack: "dev" })).toThrow(/is a secret/);
    expect(() => targetFromOutputs({ bucketName: "b-3" }, { stack: "dev" })).toThrow(/no region output.*pass --region/);
    expect(() => targetFromOutputs([1, 2], { stack: "dev" })).toThrow(/not a JSON object/);
  });
});
