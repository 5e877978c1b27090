import { describe, expect, it } from "vitest";
import {
  AUTHORISED_BY,
  editDistance,
  loadFullCatalogue,
  prepareCatalogue,
  supportsResourceLevelPermissions,
  type ActionLookup,
} from "../../../policies/iam/catalogue";

async function lookup(action: string): Promise<ActionLookup> {
  return (await prepareCatalogue([action])).lookup(action);
}

function ids(found: ActionLookup): string[] {
  return found.kind === "found" ? found.actions.map((a) => a.id) : [];
}

describe("IAM action catalogue", () => {
  it("finds literal actions case-insensitively and knows their resource types", async () => {
    const found = await lookup("S3:getobject");
    expect(found.kind).toBe("found");
    expect(ids(found)).toEqual(["s3:GetObject"]);
    if (found.kind === "found") {
      expect(found.actions[0].resourceTypes).toContain("object");
      expect(supportsResourceLevelPermissions(found.actions[0])).toBe(true);
    }
    const token = await lookup("ecr:GetAuthorizationToken");
    expect(token.kind === "found" && supportsResourceLevelPermissions(token.actions[0])).toBe(false);
  });

  it("expands patterns to the real actions they match", async () => {
    const found = await lookup("s3:Get*");
    expect(ids(found)).toContain("s3:GetObject");
    expect(ids(found)).not.toContain("s3:PutObject");
    expect(ids(await lookup("s3:?etObject"))).toEqual(["s3:GetObject"]);
    expect(ids(await lookup("kms:*")).length).toBeGreaterThan(30);
    expect((await lookup("s3:Head*")).kind).toBe("no-match");
  });

  it("expands a wildcard service part and the bare * over every service", async () => {
    const services = new Set(ids(await lookup("s3*:GetObject")).map((id) => id.split(":")[0]));
    expect(services.has("s3")).toBe(true);
    const everything = await lookup("*");
    expect(everything.kind === "found" && everything.actions.length).toBeGreaterThan(10_000);
  });

  it("names the actions that authorise well-known non-actions", async () => {
    const head = await lookup("s3:HeadObject");
    expect(head).toMatchObject({ kind: "unknown-action", service: "s3", authorisedBy: ["s3:GetObject"] });
    expect(await lookup("s3:CopyObject")).toMatchObject({ authorisedBy: ["s3:GetObject", "s3:PutObject"] });
  });

  it("suggests the closest real action or service by edit distance", async () => {
    expect(await lookup("s3:GetObjekt")).toMatchObject({ kind: "unknown-action", suggestion: "s3:GetObject" });
    expect(await lookup("kms:Decrpyt")).toMatchObject({ kind: "unknown-action", suggestion: "kms:Decrypt" });
    expect(await lookup("s4:GetObject")).toMatchObject({ kind: "unknown-service", service: "s4" });
    const far = await lookup("s3:CompletelyMadeUpThing");
    expect(far).toMatchObject({ kind: "unknown-action" });
    expect(far.kind === "unknown-action" && far.suggestion).toBeFalsy();
  });

  it("rejects malformed action strings without touching the file system", async () => {
    for (const bad of ["", "s3", "s3:", ":GetObject", "s3 :GetObject", "../../package:x", "..:x"]) {
      const found = await lookup(bad);
      expect(["malformed", "unknown-service"]).toContain(found.kind);
    }
  });

  it("keeps the curated table honest: keys are not actions, targets are", async () => {
    const catalogue = await loadFullCatalogue();
    for (const [nonAction, targets] of Object.entries(AUTHORISED_BY)) {
      expect(catalogue.lookup(nonAction).kind, nonAction).toBe("unknown-action");
      for (const target of targets) expect(catalogue.lookup(target).kind, target).toBe("found");
    }
  });

  it("reports the pinned iam-data version", async () => {
    const catalogue = await prepareCatalogue([]);
    expect(catalogue.version).toMatch(/^\d+\.\d+\.\d{9}$/);
  });

  it("computes edit distance with an early exit", () => {
    expect(editDistance("HeadObject", "headobject")).toBe(0);
    expect(editDistance("GetObjekt", "GetObject")).toBe(1);
    expect(editDistance("abc", "abcdefgh", 2)).toBe(3);
  });
});
