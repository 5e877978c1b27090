/**
 * The policy pack as the Pulumi CLI loads it: a separate process in policies/, started through @pulumi/pulumi's
 * run-policy-pack (ts-node with type-checking), answering the analyzer protocol. Checks the packaging (name,
 * version, every guardrail of policies/guardrails.ts served with its metadata) and that a pack which does not
 * compile or throws at start-up is reported in one line.
 */
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { guardrails } from "../../../policies/guardrails";
import { guardrailMetadata } from "../../../policies/lib/guardrail";
import { AnalyzerConnection, type AnalyzerInfo } from "../../../tools/plan/analyzer-client";
import { PackProcess, PackStartError } from "../../../tools/plan/pack-process";
import { ROOT } from "./helpers";

describe("the real pack, started the way the CLI starts it", () => {
  let pack: PackProcess;
  let connection: AnalyzerConnection;
  let info: AnalyzerInfo;

  beforeAll(async () => {
    pack = PackProcess.start({
      packDir: path.join(ROOT, "policies"),
      environment: { project: "starscreen-infra", stack: "prod" },
    });
    connection = await AnalyzerConnection.connect(await pack.port);
    info = await connection.getAnalyzerInfo();
  }, 180_000);

  afterAll(async () => {
    connection?.close();
    await pack?.stop();
  });

  it("serves the pack named and versioned by policies/package.json, with config support", () => {
    const pkg = JSON.parse(readFileSync(path.join(ROOT, "policies", "package.json"), "utf8"));
    expect(info).toMatchObject({ name: "starscreen-guardrails", version: pkg.version, supportsConfig: true });
  });

  it("serves exactly the guardrails of policies/guardrails.ts, with their levels, severities and control tags", () => {
    expect(info.policies.map((p) => p.name)).toEqual(guardrails.map((g) => g.name));
    for (const g of guardrails) {
      const meta = guardrailMetadata(g);
      const served = info.policies.find((p) => p.name === g.name)!;
      expect(served.enforcementLevel, g.name).toBe(meta.enforcementLevel);
      expect(served.severity, g.name).toBe(meta.severity);
      expect(served.tags[0], g.name).toBe(meta.service);
      for (const id of meta.controls.awsFsbp ?? []) expect(served.tags, g.name).toContain(`aws-fsbp:${id}`);
      // Every guardrail takes waivers except waivers-in-effect, which reports them and so must not be waivable.
      if (meta.waivable === false) expect(served.configSchema?.properties.waivers, g.name).toBeUndefined();
      else expect(served.configSchema?.properties.waivers, `${g.name} takes waivers`).toBeDefined();
    }
  });

  it("answers GetPluginInfo, Handshake (unimplemented, as the CLI tolerates) and a resource Analyze", async () => {
    const policyVersion = JSON.parse(
      readFileSync(path.join(ROOT, "node_modules", "@pulumi", "policy", "package.json"), "utf8"),
    ).version;
    expect(await connection.getPluginVersion()).toBe(String(policyVersion).replace(/^v/, ""));
    expect(await connection.handshake("127.0.0.1:0", path.join(ROOT, "policies"))).toBe(false);
    const result = await connection.analyze({
      urn: "urn:pulumi:prod::starscreen-infra::aws:kms/key:Key::k",
      type: "aws:kms/key:Key",
      name: "k",
      properties: { enableKeyRotation: false, deletionWindowInDays: 30 },
      options: {
        protect: false,
        ignoreChanges: [],
        additionalSecretOutputs: [],
        aliases: [],
        customTimeouts: { create: 0, update: 0, delete: 0 },
      },
    });
    expect(result.diagnostics.map((d) => [d.policyName, d.enforcementLevel])).toContainEqual([
      "kms-key-rotation",
      "mandatory",
    ]);
  });

  it("took its start-up time from spawn to the port line", () => {
    expect(pack.startMs).toBeGreaterThan(0);
  });
});

const made: string[] = [];
afterAll(() => {
  // rm does not follow the node_modules symlink: only the temporary pack goes.
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

function brokenPack(index: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), "broken-pack-"));
  made.push(dir);
  symlinkSync(path.join(ROOT, "node_modules"), path.join(dir, "node_modules"), "dir");
  writeFileSync(path.join(dir, "PulumiPolicy.yaml"), "runtime: nodejs\n");
  writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "broken", version: "0.0.1", main: "index.ts" }));
  writeFileSync(
    path.join(dir, "tsconfig.json"),
    JSON.stringify({
      compilerOptions: { strict: true, module: "commonjs", moduleResolution: "node", target: "ES2020", types: [] },
    }),
  );
  writeFileSync(path.join(dir, "index.ts"), index);
  return dir;
}

describe("a pack that cannot start", () => {
  it("does not compile: the TypeScript error, in one line", async () => {
    const pack = PackProcess.start({
      packDir: brokenPack(
        'import { PolicyPack } from "@pulumi/policy";\nconst n: string = 42;\nnew PolicyPack("broken", { policies: [] });\n',
      ),
      environment: { project: "p", stack: "s" },
    });
    const error = await pack.port.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(PackStartError);
    expect((error as Error).message).toMatch(
      /^policy pack failed to start \(exit \d+\): TypeScript error in the pack: .*index\.ts\(2,7\): error TS2322/,
    );
    expect((error as Error).message).not.toContain("\n");
  }, 120_000);

  it("throws while loading: the error message", async () => {
    const pack = PackProcess.start({
      packDir: brokenPack('throw new Error("the pack refused to load");\n'),
      environment: { project: "p", stack: "s" },
    });
    const error = await pack.port.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect((error as Error).message).toMatch(
      /^policy pack failed to start \(exit \d+\): Error: the pack refused to load$/,
    );
  }, 120_000);
});
