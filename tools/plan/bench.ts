/**
 * `npm run bench:plan [-- --runs N] [--cold]`: median wall time and peak memory of the whole offline plan,
 * `plan --stack prod --format json`, run as `npm run plan` runs it (tsx tools/plan/cli.ts, a fresh process tree:
 * tsx's launcher, the plan, the policy-pack process). Memory is the peak of the summed RSS of that process tree,
 * sampled from /proc every 10 ms. Target (issue 5): median <= 2.5 s and peak <= 400 MB on the 2-core machine.
 *
 * One uncounted warm-up run comes first. --cold instead points ts-node's cache (TS_NODE_CACHE_DIRECTORY, read by
 * the pack's ts-node exactly as under the Pulumi CLI) at an empty directory for every run, to measure a first run
 * after the pack's sources changed.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { parseArgs } from "node:util";

const ROOT = path.resolve(__dirname, "..", "..");
const TSX = path.join(ROOT, "node_modules", "tsx", "dist", "cli.mjs");
const TARGET_MS = 2500;
const TARGET_MB = 400;

function children(): Map<number, number[]> {
  const map = new Map<number, number[]>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      if (!map.has(ppid)) map.set(ppid, []);
      map.get(ppid)!.push(Number(entry));
    } catch {
      // the process ended while we looked
    }
  }
  return map;
}

function rssKb(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

/** Summed RSS of `root` and all its descendants, in kB. */
function treeRssKb(root: number): number {
  const kids = children();
  let total = 0;
  const stack = [root];
  while (stack.length) {
    const pid = stack.pop()!;
    total += rssKb(pid);
    stack.push(...(kids.get(pid) ?? []));
  }
  return total;
}

interface Run {
  readonly ms: number;
  readonly peakMb: number;
  readonly code: number | null;
  readonly bytes: number;
}

function runOnce(env: NodeJS.ProcessEnv): Promise<Run> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [TSX, "tools/plan/cli.ts", "--stack", "prod", "--format", "json"], {
      cwd: ROOT,
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let bytes = 0;
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (bytes += d.length));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    let peak = 0;
    const sample = () => {
      if (child.pid) peak = Math.max(peak, treeRssKb(child.pid));
    };
    const timer = setInterval(sample, 10);
    child.once("error", reject);
    child.once("exit", (code) => {
      clearInterval(timer);
      const ms = performance.now() - started;
      if (code !== 0) process.stderr.write(`plan exited ${code}: ${stderr.trim()}\n`);
      resolve({ ms, peakMb: peak / 1024, code, bytes });
    });
  });
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { runs: { type: "string" }, cold: { type: "boolean" } } });
  const runs = Number(values.runs ?? 5);
  if (!Number.isInteger(runs) || runs < 1) throw new Error("--runs must be a positive integer");
  const results: Run[] = [];
  process.stdout.write(
    `bench:plan — plan --stack prod --format json, ${runs} run(s)${values.cold ? ", cold ts-node cache" : ""}\n`,
  );
  if (!values.cold) {
    // One run first, not counted: it fills ts-node's cache (and tsx's) when the pack's sources changed since the
    // last run, which --cold measures on purpose.
    const warm = await runOnce({ ...process.env });
    process.stdout.write(
      `  warm-up (not counted): ${Math.round(warm.ms)} ms, peak ${warm.peakMb.toFixed(0)} MB, exit ${warm.code}\n`,
    );
  }
  for (let i = 0; i < runs; i++) {
    const env = { ...process.env };
    if (values.cold) env.TS_NODE_CACHE_DIRECTORY = mkdtempSync(path.join(tmpdir(), "ts-node-cold-"));
    const r = await runOnce(env);
    results.push(r);
    process.stdout.write(
      `  run ${i + 1}: ${Math.round(r.ms)} ms, peak ${r.peakMb.toFixed(0)} MB (process tree), exit ${r.code}, ${r.bytes} bytes of JSON\n`,
    );
  }
  const medianMs = median(results.map((r) => r.ms));
  const peakMb = Math.max(...results.map((r) => r.peakMb));
  const load = readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ");
  process.stdout.write(
    `median wall time: ${Math.round(medianMs)} ms (target <= ${TARGET_MS} ms) ${medianMs <= TARGET_MS ? "OK" : "OVER"}\n` +
      `peak memory:      ${peakMb.toFixed(0)} MB summed RSS of the process tree (target <= ${TARGET_MB} MB) ${peakMb <= TARGET_MB ? "OK" : "OVER"}\n` +
      `load average at the end: ${load}\n`,
  );
  return results.every((r) => r.code === 0) ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`bench:plan: ${(e as Error).message}\n`);
    process.exit(2);
  },
);
