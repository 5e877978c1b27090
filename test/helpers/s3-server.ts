// A real S3-compatible HTTP server on loopback for tests and benchmarks: s3rver (filesystem-backed) behind a small
// recording proxy. s3rver ignores what it does not implement (SSE, x-amz-checksum-*, If-None-Match), so the proxy
// keeps every request the tool sent (method, key, query, headers, response status) for tests to assert on, and can
// answer chosen requests with an S3 error (503 SlowDown...) to exercise retries.
import { mkdtempSync, promises as fs } from "node:fs";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { CreateBucketCommand, S3Client } from "@aws-sdk/client-s3";

// s3rver ships no type declarations; this is the part of its API used here.
interface S3rverInstance {
  run(): Promise<AddressInfo>;
  close(): Promise<void>;
}
type S3rverConstructor = new (options: Record<string, unknown>) => S3rverInstance;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const S3rver = require("s3rver") as S3rverConstructor;

/** s3rver's fixed credentials; tests hand them to the tool through the environment, like any ambient credentials. */
export const S3RVER_CREDENTIALS = { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" } as const;
export const TEST_REGION = "us-east-1";

/** Environment for a process whose SDK default credential chain should find s3rver's keys. */
const S3_ENV: Record<string, string> = {
  AWS_ACCESS_KEY_ID: S3RVER_CREDENTIALS.accessKeyId,
  AWS_SECRET_ACCESS_KEY: S3RVER_CREDENTIALS.secretAccessKey,
  AWS_REGION: TEST_REGION,
  // Keep a developer's ~/.aws profile out of the tests.
  AWS_CONFIG_FILE: "/dev/null",
  AWS_SHARED_CREDENTIALS_FILE: "/dev/null",
  AWS_EC2_METADATA_DISABLED: "true",
  // The SDK's "node 20 support ends in 2027" notice is noise in test output.
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
};

export type S3Operation =
  | "PutObject"
  | "UploadPart"
  | "CreateMultipartUpload"
  | "CompleteMultipartUpload"
  | "AbortMultipartUpload"
  | "HeadObject"
  | "GetObject"
  | "DeleteObject"
  | "Other";

export interface RecordedRequest {
  readonly method: string;
  readonly op: S3Operation;
  readonly bucket?: string;
  /** Object key, percent-decoded. */
  readonly key?: string;
  readonly query: URLSearchParams;
  readonly headers: http.IncomingHttpHeaders;
  /** Response status; undefined if the client went away first. */
  status?: number;
  /** True when the proxy answered with an injected fault instead of forwarding. */
  injected?: boolean;
}

export interface FaultRule {
  readonly match: (request: RecordedRequest) => boolean;
  /** How many matching requests to fail. */
  times: number;
  readonly status: number;
  readonly code: string;
}

export interface S3TestServer {
  /** The recording proxy: give this to the tool. */
  readonly endpoint: string;
  /** s3rver itself, without the proxy (benchmarks). */
  readonly directEndpoint: string;
  readonly requests: RecordedRequest[];
  /** Highest number of object writes (PutObject, UploadPart) in flight at once since the last clear. */
  peakConcurrentWrites(): number;
  clearRequests(): void;
  injectFault(rule: FaultRule): void;
  createBucket(name: string): Promise<void>;
  /** A client for test setup and inspection, through the proxy. */
  client(): S3Client;
  /** Successful object creations (PutObject or CompleteMultipartUpload, 2xx) per key in `bucket`. */
  completedUploads(bucket: string): Map<string, number>;
  /** Environment for a child process so that the SDK's default credential chain finds s3rver's keys. */
  readonly env: Record<string, string>;
  stop(): Promise<void>;
}

function classify(method: string, key: string | undefined, query: URLSearchParams): S3Operation {
  if (!key) return "Other";
  if (method === "PUT") return query.has("partNumber") ? "UploadPart" : "PutObject";
  if (method === "POST" && query.has("uploads")) return "CreateMultipartUpload";
  if (method === "POST" && query.has("uploadId")) return "CompleteMultipartUpload";
  if (method === "DELETE") return query.has("uploadId") ? "AbortMultipartUpload" : "DeleteObject";
  if (method === "HEAD") return "HeadObject";
  if (method === "GET") return "GetObject";
  return "Other";
}

function parseTarget(rawUrl: string): { bucket?: string; key?: string; query: URLSearchParams } {
  const url = new URL(rawUrl, "http://proxy");
  const segments = url.pathname.split("/").slice(1);
  const bucket = segments[0] ? decodeURIComponent(segments[0]) : undefined;
  const rest = segments.slice(1).join("/");
  return { bucket, key: rest ? decodeURIComponent(rest) : undefined, query: url.searchParams };
}

function errorXml(code: string, message: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message><RequestId>injected</RequestId></Error>`;
}

export interface S3ServerOptions {
  /**
   * Delay added by the proxy before forwarding each request, standing in for the network round trip to a real S3
   * (loopback answers in well under a millisecond, in-region S3 in several). Default `0`.
   */
  readonly latencyMs?: number;
}

export async function startS3Server(options: S3ServerOptions = {}): Promise<S3TestServer> {
  const latencyMs = options.latencyMs ?? 0;
  const directory = mkdtempSync(path.join(os.tmpdir(), "starscreen-s3-"));
  const s3rver = new S3rver({ address: "127.0.0.1", port: 0, silent: true, directory, vhostBuckets: false });
  const upstreamAddress = await s3rver.run();
  const upstreamPort = upstreamAddress.port;
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

  const requests: RecordedRequest[] = [];
  const faults: FaultRule[] = [];
  let writesInFlight = 0;
  let peakWrites = 0;

  const proxy = http.createServer((req, res) => {
    const { bucket, key, query } = parseTarget(req.url ?? "/");
    const method = req.method ?? "GET";
    const record: RecordedRequest = {
      method,
      op: classify(method, key, query),
      bucket,
      key,
      query,
      headers: req.headers,
    };
    requests.push(record);

    const fault = faults.find((f) => f.times > 0 && f.match(record));
    if (fault) {
      fault.times--;
      record.injected = true;
      record.status = fault.status;
      req.resume();
      req.on("end", () => {
        res.writeHead(fault.status, { "content-type": "application/xml" });
        res.end(method === "HEAD" ? undefined : errorXml(fault.code, "injected by the test server"));
      });
      return;
    }

    if (latencyMs > 0) setTimeout(() => forward(req, res, record), latencyMs);
    else forward(req, res, record);
  });

  const forward = (req: http.IncomingMessage, res: http.ServerResponse, record: RecordedRequest): void => {
    const isWrite = record.op === "PutObject" || record.op === "UploadPart";
    if (isWrite) peakWrites = Math.max(peakWrites, ++writesInFlight);
    let finished = false;
    const done = () => {
      if (!finished && isWrite) writesInFlight--;
      finished = true;
    };
    // Expect: 100-continue is answered by this server already; forwarding it would make the upstream wait again.
    const headers = { ...req.headers };
    delete headers.expect;
    const upstream = http.request(
      { host: "127.0.0.1", port: upstreamPort, method: record.method, path: req.url, headers, agent },
      (response) => {
        record.status = response.statusCode;
        res.writeHead(response.statusCode ?? 502, response.headers);
        response.pipe(res);
        response.on("end", done);
      },
    );
    upstream.on("error", () => {
      done();
      res.destroy();
    });
    req.on("aborted", () => {
      done();
      upstream.destroy();
    });
    res.on("close", done);
    req.pipe(upstream);
  };
  await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve));
  const proxyPort = (proxy.address() as AddressInfo).port;
  const endpoint = `http://127.0.0.1:${proxyPort}`;

  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
  const clients: S3Client[] = [];
  const client = () => {
    const c = new S3Client({
      region: TEST_REGION,
      endpoint,
      forcePathStyle: true,
      credentials: S3RVER_CREDENTIALS,
      requestChecksumCalculation: "WHEN_REQUIRED",
      responseChecksumValidation: "WHEN_REQUIRED",
    });
    clients.push(c);
    return c;
  };

  return {
    endpoint,
    directEndpoint: `http://127.0.0.1:${upstreamPort}`,
    requests,
    peakConcurrentWrites: () => peakWrites,
    clearRequests() {
      requests.length = 0;
      peakWrites = writesInFlight;
    },
    injectFault: (rule) => void faults.push(rule),
    async createBucket(name) {
      await client().send(new CreateBucketCommand({ Bucket: name }));
    },
    client,
    completedUploads(bucket) {
      const counts = new Map<string, number>();
      for (const r of requests) {
        const created = r.op === "PutObject" || r.op === "CompleteMultipartUpload";
        if (created && r.bucket === bucket && r.key && r.status !== undefined && r.status < 300) {
          counts.set(r.key, (counts.get(r.key) ?? 0) + 1);
        }
      }
      return counts;
    },
    env: S3_ENV,
    async stop() {
      for (const c of clients) c.destroy();
      // close() waits for idle keep-alive sockets; closeAllConnections() ends them so it can finish.
      const closed = new Promise<void>((resolve) => proxy.close(() => resolve()));
      proxy.closeAllConnections();
      await closed;
      agent.destroy();
      await s3rver.close();
      await fs.rm(directory, { recursive: true, force: true });
    },
  };
}

/** The part of S3TestServer that works across processes. */
export interface RemoteS3Server {
  /** Through the proxy (with its latency), or straight to s3rver when there is no latency. */
  readonly endpoint: string;
  readonly env: Record<string, string>;
  createBucket(name: string): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Starts s3rver in a child process. Benchmarks use this: in-process, the server would share one event loop (one
 * core) with the tool being measured, and concurrency could only overlap waits, not work, unlike a real S3.
 */
export async function startS3ServerProcess(options: S3ServerOptions = {}): Promise<RemoteS3Server> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
  const { spawn } = await import("node:child_process");
  const args = ["--import", "tsx", __filename, "--serve", String(options.latencyMs ?? 0)];
  const child = spawn(process.execPath, args, {
    stdio: ["pipe", "pipe", "inherit"],
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" },
  });
  const endpoint = await new Promise<string>((resolve, reject) => {
    let buffered = "";
    child.stdout.on("data", (data: Buffer) => {
      buffered += data.toString();
      const line = buffered.split("\n")[0];
      if (!buffered.includes("\n")) return;
      const started = JSON.parse(line) as { endpoint: string; directEndpoint: string };
      resolve(options.latencyMs ? started.endpoint : started.directEndpoint);
    });
    child.once("exit", (code) => reject(new Error(`S3 server process exited with ${code}`)));
  });
  const admin = new S3Client({
    region: TEST_REGION,
    endpoint,
    forcePathStyle: true,
    credentials: S3RVER_CREDENTIALS,
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  return {
    endpoint,
    env: S3_ENV,
    createBucket: async (name) => void (await admin.send(new CreateBucketCommand({ Bucket: name }))),
    async stop() {
      admin.destroy();
      child.stdin.end(); // the child stops when its stdin closes, so it never outlives us
      await exited;
    },
  };
}

if (require.main === module && process.argv.includes("--serve")) {
  const latencyMs = Number(process.argv[process.argv.indexOf("--serve") + 1] ?? 0);
  void startS3Server({ latencyMs }).then((server) => {
    process.stdout.write(`${JSON.stringify({ endpoint: server.endpoint, directEndpoint: server.directEndpoint })}\n`);
    process.stdin.resume();
    process.stdin.on("end", () => void server.stop().then(() => process.exit(0)));
  });
}
