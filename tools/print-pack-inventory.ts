/**
 * Prints the pack inventory (every guardrail's name, enforcement level, severity, scope and control IDs, in pack
 * order) as the TypeScript literal that test/policies/pack-inventory.test.ts pins.
 *
 *   npx tsx tools/print-pack-inventory.ts           # print the table
 *   npx tsx tools/print-pack-inventory.ts --write   # re-pin: replace the table in the test file
 *
 * Re-pin only on purpose (a policy added, renamed, re-levelled or re-mapped), and review the diff: the point of
 * the pinned table is that an accidental change fails the test.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Policies } from "@pulumi/policy";
import { guardrails } from "../policies/guardrails";
import { guardrailMetadata } from "../policies/lib/guardrail";
import type { ControlMapping } from "../policies/lib/controls";

export interface InventoryRow {
  readonly name: string;
  readonly enforcementLevel: string;
  readonly severity: string;
  readonly scope: "all" | "prod-only";
  /** `<framework>:<id>`, frameworks in the order FSBP, CIS, cdk-nag, Checkov, IDs as the policy lists them. */
  readonly controls: readonly string[];
}

const FRAMEWORK_PREFIX: readonly [keyof ControlMapping, string][] = [
  ["awsFsbp", "aws-fsbp"],
  ["cis", "cis"],
  ["cdkNag", "cdk-nag"],
  ["checkov", "checkov"],
];

/** Every control ID of a mapping, prefixed with its framework (`aws-fsbp:S3.8`, `checkov:CKV_AWS_53`). */
export function controlIds(controls: ControlMapping): string[] {
  return FRAMEWORK_PREFIX.flatMap(([key, prefix]) => (controls[key] ?? []).map((id) => `${prefix}:${id}`));
}

/** The inventory row of each policy, in pack order. */
export function inventoryRows(policies: Policies = guardrails): InventoryRow[] {
  return policies.map((policy) => {
    const meta = guardrailMetadata(policy);
    return {
      name: meta.name,
      enforcementLevel: meta.enforcementLevel,
      severity: meta.severity,
      scope: meta.scope ?? "all",
      controls: controlIds(meta.controls),
    };
  });
}

const BEGIN = "// BEGIN PINNED INVENTORY (npx tsx tools/print-pack-inventory.ts --write)";
const END = "// END PINNED INVENTORY";

/** The table as TypeScript source: one row per line. */
export function renderInventory(rows: readonly InventoryRow[] = inventoryRows()): string {
  const q = (s: string) => JSON.stringify(s);
  const lines = rows.map(
    (r) =>
      `  { name: ${q(r.name)}, enforcementLevel: ${q(r.enforcementLevel)}, severity: ${q(r.severity)}, ` +
      `scope: ${q(r.scope)}, controls: [${r.controls.map(q).join(", ")}] },`,
  );
  return [`const PINNED: InventoryRow[] = [`, ...lines, `];`].join("\n");
}

export const INVENTORY_TEST = join(__dirname, "..", "test", "policies", "pack-inventory.test.ts");

async function writeIntoTest(): Promise<void> {
  const source = readFileSync(INVENTORY_TEST, "utf8");
  const start = source.indexOf(BEGIN);
  const end = source.indexOf(END);
  if (start < 0 || end < start) throw new Error(`${INVENTORY_TEST} has no "${BEGIN}" ... "${END}" markers`);
  const next = `${source.slice(0, start)}${BEGIN}\n${renderInventory()}\n${source.slice(end)}`;
  // Keep the test file as prettier would write it (the table rows are longer than the print width).
  const prettier = await import("prettier");
  const options = (await prettier.resolveConfig(INVENTORY_TEST)) ?? {};
  writeFileSync(INVENTORY_TEST, await prettier.format(next, { ...options, filepath: INVENTORY_TEST }));
  console.log(`re-pinned ${inventoryRows().length} policies in ${INVENTORY_TEST}; review the diff.`);
}

if (require.main === module) {
  if (process.argv.includes("--write")) {
    writeIntoTest().catch((e: unknown) => {
      console.error(e instanceof Error ? e.message : e);
      process.exitCode = 1;
    });
  } else {
    console.log(`${BEGIN}\n${renderInventory()}\n${END}`);
  }
}
