import { describe, expect, it } from "vitest";
import {
  defaultFargateMemory,
  FARGATE_CPU_UNITS,
  fargateCpuProblem,
  fargateMemoryOptions,
  fargateMemoryProblem,
} from "../../../components/ecs/fargate-sizes";
import { credentialNamePattern, looksLikeAccessKeyId } from "../../../components/ecs/credential-names";
import { ecrRepositoryArnOf, isPinnedImage, parseImageReference } from "../../../components/ecs/image-reference";
import { secretKind, secretResourceArn } from "../../../components/ecs/secret-references";

describe("the Fargate size table", () => {
  it("matches AWS's CPU/memory pairs", () => {
    expect(FARGATE_CPU_UNITS).toEqual([256, 512, 1024, 2048, 4096, 8192, 16384]);
    expect(fargateMemoryOptions(256)).toEqual([512, 1024, 2048]);
    expect(fargateMemoryOptions(512)).toEqual([1024, 2048, 3072, 4096]);
    expect(fargateMemoryOptions(1024)).toEqual([2048, 3072, 4096, 5120, 6144, 7168, 8192]);
    expect(fargateMemoryOptions(2048)).toHaveLength(13);
    expect(fargateMemoryOptions(4096)).toEqual(Array.from({ length: 23 }, (_, i) => 8192 + i * 1024));
    expect(fargateMemoryOptions(8192)).toEqual(Array.from({ length: 12 }, (_, i) => 16384 + i * 4096));
    expect(fargateMemoryOptions(16384)).toEqual(Array.from({ length: 12 }, (_, i) => 32768 + i * 8192));
    expect(fargateMemoryOptions(300)).toEqual([]);
  });

  it("defaults memory to the smallest allowed value", () => {
    for (const cpu of FARGATE_CPU_UNITS) expect(defaultFargateMemory(cpu)).toBe(fargateMemoryOptions(cpu)[0]);
  });

  it("explains a bad pair in the words config errors use", () => {
    expect(fargateMemoryProblem(256, 3000)).toBe("must be one of 512, 1024, 2048 for cpu 256 (Fargate)");
    expect(fargateMemoryProblem(512, 512)).toBe("must be one of 1024, 2048, 3072, 4096 for cpu 512 (Fargate)");
    expect(fargateMemoryProblem(8192, 20000)).toBe(
      "must be a multiple of 4096 from 16384 to 61440 for cpu 8192 (Fargate)",
    );
    expect(fargateMemoryProblem(8192, 20480)).toBeUndefined();
    expect(fargateCpuProblem(300)).toMatch(/^must be one of 256, 512/);
    expect(fargateCpuProblem(4096)).toBeUndefined();
  });
});

describe("credential-looking names and values", () => {
  it.each([
    ["DB_PASSWORD", "*PASSWORD*"],
    ["jwt_secret", "*SECRET*"],
    ["GITHUB_TOKEN", "*TOKEN*"],
    ["OPENAI_API_KEY", "*API_KEY*"],
    ["SENDGRIDAPIKEY", "*APIKEY*"],
    ["MYSQL_PASSWD", "*PASSWD*"],
    ["SIGNING_PRIVATE_KEY", "*PRIVATE_KEY*"],
    ["AWS_ACCESS_KEY_ID", "AWS_ACCESS_KEY_ID"],
  ])("flags %s (%s)", (name, pattern) => {
    expect(credentialNamePattern(name)).toBe(pattern);
  });

  it("lets ordinary settings through", () => {
    for (const name of ["LOG_LEVEL", "S3_BUCKET_NAME", "DATABASE_HOST", "MAX_UPLOAD_MB", "KEYCLOAK_URL"]) {
      expect(credentialNamePattern(name), name).toBeUndefined();
    }
  });

  it("spots access key ids inside values", () => {
    expect(looksLikeAccessKeyId("AKIAIOSFODNN7EXAMPLE")).toBe(true);
    expect(looksLikeAccessKeyId("key=ASIAIOSFODNN7EXAMPLE;")).toBe(true);
    expect(looksLikeAccessKeyId("AKIA-not-a-key")).toBe(false);
  });
});

describe("image references", () => {
  it("derives the ECR repository ARN (any partition) of a private ECR image", () => {
    expect(ecrRepositoryArnOf("123456789012.dkr.ecr.us-east-1.amazonaws.com/starscreen/api:1.2.3")).toBe(
      "arn:aws:ecr:us-east-1:123456789012:repository/starscreen/api",
    );
    expect(ecrRepositoryArnOf("123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn/api@sha256:" + "a".repeat(64))).toBe(
      "arn:aws-cn:ecr:cn-north-1:123456789012:repository/api",
    );
    expect(ecrRepositoryArnOf("public.ecr.aws/docker/library/python:3.12")).toBeUndefined();
    expect(ecrRepositoryArnOf("python:3.12")).toBeUndefined();
  });

  it("tells Docker Hub paths from registry hosts", () => {
    expect(parseImageReference("starscreen/api:1")).toMatchObject({
      registry: undefined,
      repository: "starscreen/api",
      tag: "1",
    });
    expect(parseImageReference("localhost:5000/api")).toMatchObject({ registry: "localhost:5000", repository: "api" });
    expect(parseImageReference("Upper/Case")).toBeUndefined();
    expect(parseImageReference("api:")).toBeUndefined();
  });

  it("calls an image pinned only with a digest or a tag other than latest", () => {
    expect(isPinnedImage("api:1.0.0")).toBe(true);
    expect(isPinnedImage(`api@sha256:${"b".repeat(64)}`)).toBe(true);
    expect(isPinnedImage("api:latest")).toBe(false);
    expect(isPinnedImage("api")).toBe(false);
  });
});

describe("secret references", () => {
  const secret = "arn:aws:secretsmanager:us-east-1:123456789012:secret:starscreen/db-Ab12Cd";
  it("grants the secret itself for a JSON-key reference", () => {
    expect(secretKind(`${secret}:password::`)).toBe("secretsmanager");
    expect(secretResourceArn(`${secret}:password:AWSCURRENT:`)).toBe(secret);
    expect(secretResourceArn(secret)).toBe(secret);
  });

  it("recognises SSM parameters and rejects anything else", () => {
    expect(secretKind("arn:aws:ssm:us-east-1:123456789012:parameter/a/b")).toBe("ssm");
    expect(secretKind("arn:aws:secretsmanager:us-east-1:123456789012:secret:starscreen/database")).toBeUndefined();
    expect(secretKind("hunter2")).toBeUndefined();
  });
});
