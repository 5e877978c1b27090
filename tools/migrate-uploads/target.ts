// Where objects go: bucket, region and encryption, read from the storage stack's outputs or given as flags.
// Taking them from the stack means the tool encrypts with exactly the key the bucket policy requires
// (the policy denies uploads with another key or none).
import { execFile } from "node:child_process";
import { promises as fs } from "node:fs";
import { FatalError, UsageError } from "./errors";

export type Encryption = { readonly mode: "aws:kms"; readonly kmsKeyArn: string } | { readonly mode: "AES256" };

export interface Target {
  readonly bucket: string;
  readonly region: string;
  readonly encryption: Encryption;
}

export interface TargetFlags {
  readonly stack?: string;
  readonly bucket?: string;
  readonly region?: string;
  readonly kmsKeyArn?: string;
}

/**
 * Output names accepted, in order of preference: first what index.ts exports (`bucketName`, `bucketRegion`,
 * `kmsKeyArn`), then common spellings. A missing or null KMS key output means the bucket uses SSE-S3. Exact names
 * only: `replicaBucketName` must never be mistaken for the source bucket.
 */
export const OUTPUT_NAMES = {
  bucket: ["bucketName", "resumesBucketName", "resumeBucketName", "bucket"],
  region: ["bucketRegion", "region", "resumesBucketRegion", "awsRegion"],
  kmsKeyArn: ["kmsKeyArn", "resumesKmsKeyArn", "resumesKeyArn", "bucketKmsKeyArn"],
} as const;

export interface TargetDeps {
  /** `pulumi stack output --json` for a stack name, or the parsed contents of a file holding that output. */
  readStackOutputs(stackOrFile: string): Promise<unknown>;
}

export async function resolveTarget(flags: TargetFlags, deps: TargetDeps = defaultTargetDeps): Promise<Target> {
  if (flags.stack === undefined) {
    // Flags were validated by parseCliArgs: bucket and region are present.
    return {
      bucket: flags.bucket as string,
      region: flags.region as string,
      encryption: flags.kmsKeyArn ? { mode: "aws:kms", kmsKeyArn: flags.kmsKeyArn } : { mode: "AES256" },
    };
  }
  return targetFromOutputs(await deps.readStackOutputs(flags.stack), flags);
}

/** Reads the target from stack outputs (top level, or under a `storage` object). --region fills a missing region. */
export function targetFromOutputs(outputs: unknown, flags: TargetFlags): Target {
  if (typeof outputs !== "object" || outputs === null || Array.isArray(outputs)) {
    throw new UsageError(`stack outputs for ${flags.stack} are not a JSON object`);
  }
  const scopes = [outputs as Record<string, unknown>];
  const storage = (outputs as Record<string, unknown>).storage;
  if (typeof storage === "object" && storage !== null) scopes.push(storage as Record<string, unknown>);

  const pick = (names: readonly string[]): string | undefined => {
    for (const scope of scopes) {
      for (const name of names) {
        const value = scope[name];
        if (value === "[secret]") {
          throw new UsageError(`stack output ${name} is a secret; it must be a plain value`);
        }
        if (typeof value === "string" && value !== "") return value;
      }
    }
    return undefined;
  };

  const bucket = pick(OUTPUT_NAMES.bucket);
  if (!bucket) {
    throw new UsageError(
      `stack ${flags.stack} has no bucket output (looked for ${OUTPUT_NAMES.bucket.join(", ")}); ` +
        `found: ${Object.keys(outputs).join(", ") || "no outputs"}`,
    );
  }
  const region = pick(OUTPUT_NAMES.region) ?? flags.region;
  if (!region) {
    throw new UsageError(
      `stack ${flags.stack} has no region output (${OUTPUT_NAMES.region.join(", ")}); pass --region`,
    );
  }
  const kmsKeyArn = pick(OUTPUT_NAMES.kmsKeyArn);
  return { bucket, region, encryption: kmsKeyArn ? { mode: "aws:kms", kmsKeyArn } : { mode: "AES256" } };
}

export const defaultTargetDeps: TargetDeps = {
  async readStackOutputs(stackOrFile) {
    const stat = await fs.stat(stackOrFile).catch(() => undefined);
    if (stat?.isFile()) {
      const text = await fs.readFile(stackOrFile, "utf8");
      try {
        return JSON.parse(text) as unknown;
      } catch {
        throw new UsageError(`--stack ${stackOrFile} is a file but not JSON from \`pulumi stack output --json\``);
      }
    }
    return pulumiStackOutput(stackOrFile);
  },
};

function pulumiStackOutput(stack: string): Promise<unknown> {
  return new Promise((resolve, reject) => {
    execFile(
      "pulumi",
      ["stack", "output", "--json", "--stack", stack],
      { timeout: 60_000, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error) {
          const missing = (error as NodeJS.ErrnoException).code === "ENOENT";
          const detail = missing
            ? "the pulumi CLI is not installed; pass a `pulumi stack output --json` file to --stack, or --bucket and --region"
            : (stderr.trim().split("\n").pop() ?? error.message);
          reject(new FatalError(`cannot read outputs of stack ${stack}: ${detail}`));
          return;
        }
        try {
          resolve(JSON.parse(stdout) as unknown);
        } catch {
          reject(new FatalError(`pulumi stack output for ${stack} is not JSON`));
        }
      },
    );
  });
}
