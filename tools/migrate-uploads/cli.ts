// Entry point of `npm run migrate-uploads`. Thin: parse arguments, connect, run migrateUploads or verifyUploads,
// print the summary, map the outcome to an exit status:
//   0  every row done (or, with --verify-only, every row verified)
//   1  some rows left as they were (conflicts, missing files, failures): see the summary
//   2  bad arguments, unreachable database, missing credentials or bucket: nothing or little could start
import { promises as fs } from "node:fs";
import type { S3Client } from "@aws-sdk/client-s3";
import type { Client } from "pg";
import { parseCliArgs, USAGE, type CliArgs } from "./args";
import { connectDatabase, pgCandidateStore } from "./db";
import { describeError, FatalError, UsageError } from "./errors";
import { s3UriFor } from "./keys";
import { migrateUploads, type MigrateHooks } from "./migrate";
import { plainReporter, terminalReporter, type Reporter } from "./progress";
import { formatMigrationSummary, formatVerifySummary, migrationPassed, verifyPassed } from "./report";
import { createS3Client, type S3ClientOptions } from "./s3-client";
import { resolveTarget, type Target, type TargetDeps } from "./target";
import { verifyUploads } from "./verify";

export interface CliIo {
  readonly stdout: NodeJS.WritableStream & { isTTY?: boolean };
  readonly stderr: NodeJS.WritableStream & { isTTY?: boolean };
  readonly env: Readonly<Record<string, string | undefined>>;
}

/** Seams for tests (crash injection, fake stack outputs); the real CLI passes none. */
export interface CliOverrides {
  readonly hooks?: MigrateHooks;
  readonly targetDeps?: TargetDeps;
  readonly createS3Client?: (options: S3ClientOptions) => S3Client;
}

const NAME = "migrate-uploads";

export async function runCli(
  argv: readonly string[],
  io: CliIo = processIo(),
  overrides: CliOverrides = {},
): Promise<number> {
  const verbose = argv.includes("--verbose");
  const interrupt = new AbortController();
  const onSigint = (): void => {
    if (interrupt.signal.aborted) process.exit(130);
    interrupt.abort();
    io.stderr.write(`${NAME}: interrupted; finishing the rows in flight (Ctrl-C again quits now, nothing is lost)\n`);
  };
  let db: Client | undefined;
  let s3: S3Client | undefined;
  try {
    const args = parseCliArgs(argv, io.env);
    if (args.help) {
      io.stdout.write(`${USAGE}\n`);
      return 0;
    }
    await checkUploadsDir(args.uploadsDir);
    const target = await resolveTarget(args, overrides.targetDeps);
    db = await connectDatabase(args.databaseUrl);
    // The S3 client is created only once the database answered: its construction can print SDK notices, and an
    // error about the database should be the only line an operator sees.
    s3 = (overrides.createS3Client ?? createS3Client)({ region: target.region, endpointUrl: args.endpointUrl });
    const reporter: Reporter = io.stderr.isTTY ? terminalReporter(io.stderr) : plainReporter(io.stdout, io.stderr);
    io.stdout.write(`${describeRun(args, target)}\n`);
    process.on("SIGINT", onSigint);

    const deps = { s3, db: pgCandidateStore(db), reporter, signal: interrupt.signal, hooks: overrides.hooks };
    if (args.verifyOnly) {
      const summary = await verifyUploads({ target, uploadsDir: args.uploadsDir, concurrency: args.concurrency }, deps);
      io.stdout.write(`${formatVerifySummary(summary).join("\n")}\n`);
      if (summary.fatal) return fail(io, summary.fatal);
      return verifyPassed(summary) ? 0 : 1;
    }
    const summary = await migrateUploads(
      {
        target,
        uploadsDir: args.uploadsDir,
        prefix: args.prefix,
        concurrency: args.concurrency,
        dryRun: args.dryRun,
      },
      deps,
    );
    io.stdout.write(`${formatMigrationSummary(summary).join("\n")}\n`);
    if (summary.fatal) return fail(io, summary.fatal);
    return migrationPassed(summary) ? 0 : 1;
  } catch (err) {
    if (verbose && err instanceof Error && !(err instanceof UsageError)) io.stderr.write(`${err.stack}\n`);
    if (err instanceof UsageError) return fail(io, `${err.message} (see --help)`);
    if (err instanceof FatalError) return fail(io, err.message);
    return fail(io, `unexpected error: ${describeError(err)}${verbose ? "" : " (--verbose for details)"}`);
  } finally {
    process.off("SIGINT", onSigint);
    s3?.destroy();
    await db?.end().catch(() => undefined);
  }
}

function fail(io: CliIo, message: string): number {
  io.stderr.write(`${NAME}: ${message}\n`);
  return 2;
}

async function checkUploadsDir(dir: string): Promise<void> {
  const stat = await fs.stat(dir).catch(() => undefined);
  if (!stat?.isDirectory()) throw new UsageError(`--uploads-dir ${dir} is not a directory`);
}

function describeRun(args: CliArgs, target: Target): string {
  const encryption =
    target.encryption.mode === "aws:kms" ? `SSE-KMS with ${target.encryption.kmsKeyArn}` : "SSE-S3 (AES256)";
  const mode = args.verifyOnly ? "Verifying" : args.dryRun ? "Dry run: planning" : "Migrating";
  return (
    `${mode} ${args.uploadsDir} -> ${s3UriFor(target.bucket, args.prefix)} (${target.region}, ${encryption}), ` +
    `concurrency ${args.concurrency}`
  );
}

function processIo(): CliIo {
  return { stdout: process.stdout, stderr: process.stderr, env: process.env };
}

if (require.main === module) {
  void runCli(process.argv.slice(2)).then((code) => {
    // exitCode rather than exit(): lets stdout drain when it is a pipe.
    process.exitCode = code;
  });
}
