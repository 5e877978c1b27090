/** Shared by the offline-plan tests: the real CLI as a child process, and the JSON-schema validators. */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import Ajv2020 from "ajv/dist/2020";
import addFormats from "ajv-formats";

export const ROOT = path.resolve(__dirname, "..", "..", "..");
const TSX_CLI = path.join(ROOT, "node_modules", "tsx", "dist", "cli.mjs");

export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly ms: number;
}

/** `npm run plan -- <args>` without npm's own start-up: tsx running tools/plan/cli.ts in the project root. */
export function runPlanCli(args: string[], timeoutMs = 150_000): Promise<CliResult> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [TSX_CLI, "tools/plan/cli.ts", ...args], {
      cwd: ROOT,
      env: { ...process.env, FORCE_COLOR: "0", NO_COLOR: "1" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.once("error", reject);
    child.once("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, ms: performance.now() - started });
    });
  });
}

export function tempFile(name: string, content: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), "plan-test-"));
  const file = path.join(dir, name);
  writeFileSync(file, content);
  return file;
}

function ajv(): Ajv2020 {
  const a = new Ajv2020({ strict: false, allErrors: true });
  addFormats(a);
  return a;
}

const validators = ajv();
export const validateReport = validators.compile(
  JSON.parse(readFileSync(path.join(ROOT, "docs", "plan-report-schema.json"), "utf8")),
);
export const validateSarif = validators.compile(
  JSON.parse(readFileSync(path.join(ROOT, "tools", "plan", "schemas", "sarif-2.1.0.json"), "utf8")),
);

export function schemaErrors(validate: { errors?: unknown }): string {
  return JSON.stringify(validate.errors?.valueOf() ?? [], null, 1).slice(0, 2000);
}
