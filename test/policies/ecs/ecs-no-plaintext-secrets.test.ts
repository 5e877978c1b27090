import { describe, expect, it } from "vitest";
import { ecsNoPlaintextSecrets } from "../../../policies/ecs/ecs-no-plaintext-secrets";
import { runPolicy } from "../../helpers/policy-harness";
import { containerDefinition, taskDefinition } from "../logging/our-stack";

// Test data only: shaped like AWS keys (AWS's documented example key pair), never real credentials.
const EXAMPLE_KEY_ID = "AKIAIOSFODNN7EXAMPLE";
const EXAMPLE_SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

function withEnv(environment: unknown, form: "string" | "array" = "string") {
  const container = { ...containerDefinition("dev", "api"), environment };
  return taskDefinition("dev", "api", {}, form === "string" ? JSON.stringify([container]) : [container]);
}

const messages = async (td: ReturnType<typeof withEnv>, config?: Record<string, unknown>) =>
  (await runPolicy(ecsNoPlaintextSecrets, td, config)).violations.map((v) => v.message);

describe("ecs-no-plaintext-secrets", () => {
  it("passes our task definitions (settings in environment, credentials in secrets/valueFrom)", async () => {
    expect(await messages(taskDefinition("dev", "api"))).toEqual([]);
    expect(await messages(taskDefinition("prod", "worker"))).toEqual([]);
  });

  const credentialNames = [
    "DB_PASSWORD",
    "db_passwd",
    "JWT_SECRET",
    "GITHUB_TOKEN",
    "OPENAI_API_KEY",
    "STRIPE_APIKEY",
    "SSH_PRIVATE_KEY",
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "ECS_ENGINE_AUTH_DATA",
  ];
  for (const name of credentialNames) {
    it(`reports a plain-text variable named ${name}`, async () => {
      const out = await messages(
        withEnv([
          { name: "USE_S3", value: "true" },
          { name, value: "hunter2-value" },
        ]),
      );
      expect(out).toHaveLength(1);
      expect(out[0]).toMatch(
        new RegExp(`environment variable "${name}" in plain text and its name looks like a credential`),
      );
      expect(out[0]).toMatch(/"secrets" with "valueFrom"/);
      expect(out[0]).not.toMatch(/hunter2/);
    });
  }

  it("reports a value that looks like an AWS access key id, without printing it", async () => {
    const out = await messages(withEnv([{ name: "LEGACY_ID", value: EXAMPLE_KEY_ID }], "array"));
    expect(out).toEqual([expect.stringMatching(/"LEGACY_ID": value looks like an AWS access key id/)]);
    expect(out[0]).not.toContain(EXAMPLE_KEY_ID);
    const temp = await messages(withEnv([{ name: "X", value: `prefix ASIA${"Z".repeat(16)} suffix` }]));
    expect(temp[0]).toMatch(/value looks like an AWS access key id/);
  });

  it("reports a secret-key-shaped value next to a key-ish name or an access key id, without printing it", async () => {
    const keyish = await messages(withEnv([{ name: "S3_KEY", value: EXAMPLE_SECRET }]));
    expect(keyish).toEqual([expect.stringMatching(/"S3_KEY": value looks like an AWS secret access key/)]);
    expect(keyish[0]).not.toContain(EXAMPLE_SECRET);
    const paired = await messages(
      withEnv([
        { name: "ID", value: EXAMPLE_KEY_ID },
        { name: "OTHER", value: EXAMPLE_SECRET },
      ]),
    );
    expect(paired).toHaveLength(2);
    expect(paired[1]).toMatch(/"OTHER": value looks like an AWS secret access key/);
  });

  it("does not flag ordinary 40-character values (git SHAs, lower-case ids) or non-credential names", async () => {
    const out = await messages(
      withEnv([
        { name: "GIT_SHA", value: "3f786850e387550fdab836ed7e6dc881de23001b" },
        { name: "S3_BUCKET_NAME", value: "starscreen-dev-resumes-a1b2c3" },
        { name: "BUILD", value: EXAMPLE_SECRET },
        { name: "TIMEOUT", value: 30 },
      ]),
    );
    expect(out).toEqual([]);
  });

  it("applies credentialNamePatterns and allowedNames from config", async () => {
    const td = withEnv([
      { name: "TOKEN_TTL_SECONDS", value: "3600" },
      { name: "SIGNING_SALT", value: "abc" },
    ]);
    expect(await messages(td)).toEqual([expect.stringMatching(/"TOKEN_TTL_SECONDS"/)]);
    expect(await messages(td, { allowedNames: ["token_ttl_seconds"] })).toEqual([]);
    expect(await messages(td, { credentialNamePatterns: ["*SALT*"], allowedNames: [] })).toEqual([
      expect.stringMatching(/"SIGNING_SALT" in plain text/),
    ]);
  });

  it("reads an environment map defensively and skips odd entries", async () => {
    expect(await messages(withEnv({ DB_PASSWORD: "x" }))).toEqual([expect.stringMatching(/"DB_PASSWORD"/)]);
    expect(await messages(withEnv([null, 3, { value: "x" }, { name: 5 }, "API_TOKEN=x"]))).toEqual([]);
    expect(await messages(withEnv("garbage"))).toEqual([]);
  });

  it("reports unreadable container definitions", async () => {
    const out = await messages(taskDefinition("dev", "api", {}, "nope"));
    expect(out[0]).toMatch(/cannot verify that no container passes credentials in plain text/);
  });

  it("honours a waiver", async () => {
    const td = withEnv([{ name: "DB_PASSWORD", value: "x" }]);
    const out = await messages(td, {
      waivers: [{ resource: td.urn, justification: "Local-only fixture database password, no real data." }],
    });
    expect(out).toEqual([]);
  });
});
