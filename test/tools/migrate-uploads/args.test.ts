import { describe, expect, it } from "vitest";
import { checkBucketName, parseCliArgs } from "../../../tools/migrate-uploads/args";
import { UsageError } from "../../../tools/migrate-uploads/errors";

const DB = "postgresql://app@db.internal:5432/starscreen";
const BASE = ["--database-url", DB, "--uploads-dir", "/srv/uploads"];
const KEY = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";

function usageError(argv: string[], env: Record<string, string> = {}): string {
  try {
    parseCliArgs(argv, env);
  } catch (err) {
    expect(err).toBeInstanceOf(UsageError);
    return (err as Error).message;
  }
  throw new Error(`expected a UsageError for ${argv.join(" ")}`);
}

describe("parseCliArgs", () => {
  it("reads the flag form with defaults", () => {
    const args = parseCliArgs([
      ...BASE,
      "--bucket",
      "starscreen-resumes",
      "--region",
      "eu-west-1",
      "--kms-key-arn",
      KEY,
    ]);
    expect(args).toMatchObject({
      databaseUrl: DB,
      uploadsDir: "/srv/uploads",
      bucket: "starscreen-resumes",
      region: "eu-west-1",
      kmsKeyArn: KEY,
      dryRun: false,
      verifyOnly: false,
      concurrency: 4,
      prefix: "resumes/",
      verbose: false,
    });
    expect(args.stack).toBeUndefined();
  });

  it("reads the stack form and the switches", () => {
    const args = parseCliArgs([...BASE, "--stack", "prod", "--dry-run", "--concurrency", "16", "--prefix", "cv"]);
    expect(args).toMatchObject({ stack: "prod", dryRun: true, concurrency: 16, prefix: "cv/" });
  });

  it("takes the database URL from DATABASE_URL so the password stays out of ps", () => {
    const args = parseCliArgs(["--uploads-dir", "/u", "--stack", "dev"], { DATABASE_URL: DB });
    expect(args.databaseUrl).toBe(DB);
  });

  it.each([
    [[], /--database-url is required/],
    [["--database-url", DB, "--stack", "dev"], /--uploads-dir is required/],
    [["--database-url", "mysql://x/y", "--uploads-dir", "/u", "--stack", "dev"], /must start with postgresql:\/\//],
    [["--database-url", "not a url", "--uploads-dir", "/u", "--stack", "dev"], /is not a URL/],
    [BASE, /give --stack NAME, or --bucket NAME --region R/],
    [[...BASE, "--stack", "dev", "--bucket", "b-1-2"], /--stack and --bucket conflict/],
    [[...BASE, "--stack", "dev", "--kms-key-arn", KEY], /--stack and --kms-key-arn conflict/],
    [[...BASE, "--bucket", "starscreen-resumes"], /--bucket needs --region/],
    [[...BASE, "--bucket", "Bad_Bucket", "--region", "us-east-1"], /--bucket must use lowercase/],
    [[...BASE, "--bucket", "okbucket", "--region", "mars"], /--region must look like us-east-1, got "mars"/],
    [[...BASE, "--bucket", "okbucket", "--region", "us-east-1", "--kms-key-arn", "my-key"], /--kms-key-arn must be/],
    [[...BASE, "--stack", "dev", "--dry-run", "--verify-only"], /--dry-run and --verify-only conflict/],
    [[...BASE, "--stack", "dev", "--concurrency", "0"], /--concurrency must be an integer from 1 to 64, got "0"/],
    [[...BASE, "--stack", "dev", "--concurrency", "65"], /got "65"/],
    [[...BASE, "--stack", "dev", "--concurrency", "2.5"], /got "2.5"/],
    [[...BASE, "--stack", "dev", "--prefix", "/abs/"], /--prefix must be a relative key prefix/],
    [[...BASE, "--stack", "dev", "--prefix", "a/../b/"], /--prefix must be a relative key prefix/],
    [[...BASE, "--stack", "dev", "--endpoint-url", "localhost:9000"], /--endpoint-url must be http/],
    [[...BASE, "--stack", "dev", "--bukcet", "x"], /Unknown option '--bukcet'/],
    [[...BASE, "--stack", "dev", "extra"], /positional/],
  ])("rejects %j", (argv, message) => {
    const text = usageError(argv as string[]);
    expect(text).toMatch(message);
    expect(text).not.toContain("\n");
  });

  it("returns help without demanding other flags", () => {
    expect(parseCliArgs(["--help"]).help).toBe(true);
  });
});

describe("checkBucketName", () => {
  it.each(["ab", "a".repeat(64), "-abc", "abc-", "a..b", "192.168.1.1", "xn--abc", "abc-s3alias", "ABC"])(
    "rejects %s",
    (name) => {
      expect(() => checkBucketName(name)).toThrow(UsageError);
    },
  );
  it.each(["abc", "starscreen-prod-resumes-123", "a.b-c", "a".repeat(63)])("accepts %s", (name) => {
    expect(() => checkBucketName(name)).not.toThrow();
  });
});
