// Command-line parsing and validation. Pure (no I/O): every mistake becomes a UsageError naming the flag,
// the rule and the value, before anything connects anywhere.
import { parseArgs } from "node:util";
import { UsageError } from "./errors";
import { normalisePrefix } from "./keys";

export const USAGE = `Usage: npm run migrate-uploads -- --database-url URL --uploads-dir DIR
         (--stack NAME|OUTPUTS.json | --bucket NAME --region R [--kms-key-arn ARN])
         [--dry-run | --verify-only] [--concurrency N] [--prefix resumes/] [--verbose]

Moves candidate resumes from a local uploads/ folder into the stack's S3 bucket, one verified row at a time.
  --database-url URL   PostgreSQL URL of the app database (or set DATABASE_URL, which keeps the password out of ps)
  --uploads-dir DIR    the app's uploads/ folder
  --stack NAME         read bucket, region and KMS key from \`pulumi stack output --json\` (a saved file also works)
  --bucket NAME        target bucket, with --region R and, for SSE-KMS, --kms-key-arn ARN (else SSE-S3);
                       with --stack, --region only fills in a region the outputs lack
  --dry-run            change nothing; print what would happen
  --verify-only        check every s3:// row has its object; pass before deleting local files
  --concurrency N      objects in flight, 1-64 (default 4)
  --prefix P           key prefix (default resumes/)
  --endpoint-url URL   S3-compatible endpoint (local testing); AWS credentials come from the default chain
  --verbose            stack traces on errors
Exit status: 0 all rows done, 1 some rows left as they were (see the summary), 2 bad arguments or setup errors.`;

export interface CliArgs {
  readonly help: boolean;
  readonly databaseUrl: string;
  readonly uploadsDir: string;
  readonly stack?: string;
  readonly bucket?: string;
  readonly region?: string;
  readonly kmsKeyArn?: string;
  readonly dryRun: boolean;
  readonly verifyOnly: boolean;
  readonly concurrency: number;
  readonly prefix: string;
  readonly endpointUrl?: string;
  readonly verbose: boolean;
}

export const DEFAULT_CONCURRENCY = 4;
export const MAX_CONCURRENCY = 64;

const OPTIONS = {
  "database-url": { type: "string" },
  "uploads-dir": { type: "string" },
  stack: { type: "string" },
  bucket: { type: "string" },
  region: { type: "string" },
  "kms-key-arn": { type: "string" },
  "dry-run": { type: "boolean" },
  "verify-only": { type: "boolean" },
  concurrency: { type: "string" },
  prefix: { type: "string" },
  "endpoint-url": { type: "string" },
  verbose: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

export function parseCliArgs(argv: readonly string[], env: Readonly<Record<string, string | undefined>> = {}): CliArgs {
  const values = parseFlags(argv);
  const verbose = values.verbose ?? false;
  if (values.help) {
    return {
      help: true,
      verbose,
      databaseUrl: "",
      uploadsDir: "",
      dryRun: false,
      verifyOnly: false,
      concurrency: 1,
      prefix: "",
    };
  }

  const databaseUrl = values["database-url"] ?? env.DATABASE_URL;
  if (!databaseUrl) throw new UsageError("--database-url is required (or set DATABASE_URL)");
  checkDatabaseUrl(databaseUrl);

  const uploadsDir = values["uploads-dir"];
  if (!uploadsDir) throw new UsageError("--uploads-dir is required");

  const { stack, bucket, region } = values;
  const kmsKeyArn = values["kms-key-arn"];
  if (stack !== undefined && bucket !== undefined) {
    throw new UsageError(
      "--stack and --bucket conflict: take the bucket from the stack, or give --bucket and --region",
    );
  }
  if (stack === undefined && bucket === undefined) {
    throw new UsageError("give --stack NAME, or --bucket NAME --region R [--kms-key-arn ARN]");
  }
  if (stack !== undefined && stack.trim() === "") throw new UsageError("--stack must not be empty");
  if (stack !== undefined && kmsKeyArn !== undefined) {
    throw new UsageError("--stack and --kms-key-arn conflict: the key comes from the stack's outputs");
  }
  if (bucket !== undefined) {
    checkBucketName(bucket);
    if (region === undefined) throw new UsageError("--bucket needs --region");
  }
  if (region !== undefined && !/^[a-z]{2}(-[a-z]+)+-\d+$/.test(region)) {
    throw new UsageError(`--region must look like us-east-1, got ${JSON.stringify(region)}`);
  }
  if (kmsKeyArn !== undefined && !/^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:(key|alias)\/[\w/+=,.@-]+$/.test(kmsKeyArn)) {
    throw new UsageError(`--kms-key-arn must be a KMS key or alias ARN, got ${JSON.stringify(kmsKeyArn)}`);
  }

  const dryRun = values["dry-run"] ?? false;
  const verifyOnly = values["verify-only"] ?? false;
  if (dryRun && verifyOnly)
    throw new UsageError("--dry-run and --verify-only conflict: --verify-only never changes anything");

  const concurrencyText = values.concurrency ?? String(DEFAULT_CONCURRENCY);
  const concurrency = Number(concurrencyText);
  if (!/^\d+$/.test(concurrencyText) || concurrency < 1 || concurrency > MAX_CONCURRENCY) {
    throw new UsageError(
      `--concurrency must be an integer from 1 to ${MAX_CONCURRENCY}, got ${JSON.stringify(concurrencyText)}`,
    );
  }

  const prefix = normalisePrefix(values.prefix ?? "resumes/");
  if (prefix.startsWith("/") || prefix.includes("//") || prefix.split("/").includes("..") || prefix.length > 512) {
    throw new UsageError(`--prefix must be a relative key prefix like resumes/, got ${JSON.stringify(values.prefix)}`);
  }

  const endpointUrl = values["endpoint-url"];
  if (endpointUrl !== undefined && !/^https?:\/\/[^/\s]+\/?$/.test(endpointUrl)) {
    throw new UsageError(`--endpoint-url must be http(s)://host[:port], got ${JSON.stringify(endpointUrl)}`);
  }

  return {
    help: false,
    databaseUrl,
    uploadsDir,
    stack,
    bucket,
    region,
    kmsKeyArn,
    dryRun,
    verifyOnly,
    concurrency,
    prefix,
    endpointUrl,
    verbose,
  };
}

function parseFlags(argv: readonly string[]) {
  try {
    return parseArgs({ args: [...argv], options: OPTIONS, strict: true, allowPositionals: false }).values;
  } catch (err) {
    // parseArgs messages are one line already ("Unknown option '--bukcet'...").
    throw new UsageError((err as Error).message.split("\n")[0]);
  }
}

function checkDatabaseUrl(url: string): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new UsageError("--database-url is not a URL (expected postgresql://user@host:port/db)");
  }
  if (parsed.protocol !== "postgres:" && parsed.protocol !== "postgresql:") {
    throw new UsageError(`--database-url must start with postgresql://, got ${parsed.protocol}//`);
  }
}

/** S3 bucket naming rules (general purpose buckets). */
export function checkBucketName(name: string): void {
  const fail = (rule: string) => {
    throw new UsageError(`--bucket ${rule}, got ${JSON.stringify(name)}`);
  };
  if (name.length < 3 || name.length > 63) fail("must be 3-63 characters");
  if (!/^[a-z0-9][a-z0-9.-]*[a-z0-9]$/.test(name)) {
    fail("must use lowercase letters, digits, dots and hyphens, starting and ending with a letter or digit");
  }
  if (name.includes("..")) fail("must not contain '..'");
  if (/^\d+\.\d+\.\d+\.\d+$/.test(name)) fail("must not be an IP address");
  if (name.startsWith("xn--") || name.endsWith("-s3alias")) fail("must not start with xn-- or end with -s3alias");
}
