/**
 * Locates the Pulumi project the way the CLI does (the nearest `Pulumi.yaml` at or above the working directory)
 * and reads what a plan needs from it: the project name (the config namespace and URN part) and `main`.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { readStackFile, StackFileError, type StackFileConfig } from "../stack-file";

export interface ProjectInfo {
  /** Directory holding Pulumi.yaml. */
  readonly dir: string;
  /** `name:` from Pulumi.yaml. */
  readonly name: string;
  /** Absolute path of the program the CLI would run (`main:`, default index.ts). */
  readonly main: string;
  /** The policy pack directory (`policies/`). */
  readonly packDir: string;
}

/** A plan input that cannot be read or is invalid: exit code 2, one line. */
export class PlanInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PlanInputError";
  }
}

export function findProjectDir(from: string): string {
  let dir = path.resolve(from);
  for (;;) {
    if (existsSync(path.join(dir, "Pulumi.yaml"))) return dir;
    const up = path.dirname(dir);
    if (up === dir) throw new PlanInputError(`no Pulumi.yaml found in ${from} or any parent directory`);
    dir = up;
  }
}

export function readProject(dir: string): ProjectInfo {
  const file = path.join(dir, "Pulumi.yaml");
  let doc: unknown;
  try {
    doc = parse(readFileSync(file, "utf8"));
  } catch (e) {
    throw new PlanInputError(`cannot read ${file}: ${(e as Error).message.split("\n")[0]}`);
  }
  const record = (doc ?? {}) as Record<string, unknown>;
  if (typeof record.name !== "string" || record.name === "") throw new PlanInputError(`${file} has no project name`);
  const main = typeof record.main === "string" && record.main ? record.main : "index.ts";
  return { dir, name: record.name, main: path.resolve(dir, main), packDir: path.join(dir, "policies") };
}

/** Pulumi.<stack>.yaml next to Pulumi.yaml, or the given file (relative to the working directory). */
export function stackFilePath(project: ProjectInfo, stack: string, configFile?: string): string {
  return configFile ? path.resolve(configFile) : path.join(project.dir, `Pulumi.${stack}.yaml`);
}

/** The given policy config, else policies/config/<stack>.json when it exists, else none (pack defaults). */
export function policyConfigPath(project: ProjectInfo, stack: string, policyConfig?: string): string | undefined {
  if (policyConfig) return path.resolve(policyConfig);
  const candidate = path.join(project.packDir, "config", `${stack}.json`);
  return existsSync(candidate) ? candidate : undefined;
}

/** A path as shown in reports: relative to the project when inside it. */
export function displayPath(project: ProjectInfo, file: string): string {
  const rel = path.relative(project.dir, file);
  return rel && !rel.startsWith("..") && !path.isAbsolute(rel) ? rel.split(path.sep).join("/") : file;
}

/** Stack names that have a Pulumi.<stack>.yaml next to Pulumi.yaml. */
export function listStacks(project: ProjectInfo): string[] {
  try {
    return readdirSync(project.dir)
      .map((f) => /^Pulumi\.(.+)\.yaml$/.exec(f)?.[1])
      .filter((s): s is string => Boolean(s))
      .sort();
  } catch {
    return [];
  }
}

/** Reads the stack file; a missing Pulumi.<stack>.yaml is an unknown stack. */
export function loadStack(
  project: ProjectInfo,
  stack: string,
  configFile?: string,
): { file: string; config: StackFileConfig } {
  const file = stackFilePath(project, stack, configFile);
  if (!configFile && !existsSync(file)) {
    const known = listStacks(project);
    throw new PlanInputError(
      `unknown stack "${stack}": ${displayPath(project, file)} does not exist${known.length ? ` (stacks: ${known.join(", ")})` : ""}`,
    );
  }
  try {
    return { file, config: readStackFile(file) };
  } catch (e) {
    if (e instanceof StackFileError) throw new PlanInputError(e.message);
    throw e;
  }
}
