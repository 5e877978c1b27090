// The candidates table as the migration sees it. Every UPDATE is its own autocommitted statement, so each row
// is durable the moment its object is verified, and a crash loses at most the rows in flight.
import { Client, type ClientBase } from "pg";
import { FatalError } from "./errors";

export type RowId = string | number;

export interface CandidateRow {
  readonly id: RowId;
  readonly filePath: string;
}

export interface CandidateStore {
  /** Rows whose file_path is a local path (set, and not an s3:// URI), in id order. */
  localRows(): Promise<CandidateRow[]>;
  /** Rows already pointing at s3://. */
  s3Rows(): Promise<CandidateRow[]>;
  /** VARCHAR(n) limit of candidates.file_path, or undefined when unlimited (TEXT, VARCHAR). */
  filePathMaxLength(): Promise<number | undefined>;
  /**
   * Sets file_path to `to` only if it still equals `from` (compare-and-set): a row the app changed meanwhile is
   * left alone. Returns false if no row matched.
   */
  setFilePath(id: RowId, from: string, to: string): Promise<boolean>;
}

export const TABLE = "candidates";

export function pgCandidateStore(client: ClientBase): CandidateStore {
  // One connection, used by several upload workers: queue the queries ourselves (pg deprecates issuing a query
  // while another is running on the same client). Updates take well under a millisecond next to an upload.
  let tail: Promise<unknown> = Promise.resolve();
  const serial = <T>(run: () => Promise<T>): Promise<T> => {
    const next = tail.then(run, run);
    tail = next.catch(() => undefined);
    return next;
  };
  return {
    async localRows() {
      const result = await serial(() =>
        client.query<{ id: RowId; file_path: string }>(
          `SELECT id, file_path FROM ${TABLE}
            WHERE file_path IS NOT NULL AND file_path <> '' AND file_path NOT LIKE 's3://%'
            ORDER BY id`,
        ),
      );
      return result.rows.map((r) => ({ id: r.id, filePath: r.file_path }));
    },
    async s3Rows() {
      const result = await serial(() =>
        client.query<{ id: RowId; file_path: string }>(
          `SELECT id, file_path FROM ${TABLE} WHERE file_path LIKE 's3://%' ORDER BY id`,
        ),
      );
      return result.rows.map((r) => ({ id: r.id, filePath: r.file_path }));
    },
    async filePathMaxLength() {
      const result = await serial(() =>
        client.query<{ max: number | null }>(
          `SELECT character_maximum_length AS max FROM information_schema.columns
            WHERE table_schema = ANY (current_schemas(false)) AND table_name = $1 AND column_name = 'file_path'
            LIMIT 1`,
          [TABLE],
        ),
      );
      return result.rows[0]?.max ?? undefined;
    },
    async setFilePath(id, from, to) {
      const result = await serial(() =>
        client.query(`UPDATE ${TABLE} SET file_path = $1 WHERE id = $2 AND file_path = $3`, [to, id, from]),
      );
      return (result.rowCount ?? 0) > 0;
    },
  };
}

/** Host, port and database of a URL, without the password, for messages. */
export function describeDatabaseUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname || "localhost"}:${u.port || "5432"}${u.pathname || ""}`;
  } catch {
    return "(unparseable URL)";
  }
}

/**
 * Connects and checks that the table and columns exist. Any failure is fatal (exit 2) with one line that names
 * the server but never the password.
 */
export async function connectDatabase(url: string): Promise<Client> {
  const client = new Client({
    connectionString: url,
    connectionTimeoutMillis: 10_000,
    application_name: "starscreen-migrate-uploads",
  });
  // An idle client that loses its connection emits 'error'; without a listener Node would crash the process.
  client.on("error", () => undefined);
  try {
    await client.connect();
  } catch (err) {
    await client.end().catch(() => undefined);
    throw new FatalError(`cannot connect to the database at ${describeDatabaseUrl(url)}: ${pgMessage(err)}`);
  }
  try {
    await client.query(`SELECT id, file_path FROM ${TABLE} LIMIT 0`);
  } catch (err) {
    await client.end().catch(() => undefined);
    throw new FatalError(
      `database ${describeDatabaseUrl(url)} has no usable ${TABLE}(id, file_path): ${pgMessage(err)}`,
    );
  }
  return client;
}

function pgMessage(err: unknown): string {
  if (err instanceof AggregateError && err.errors.length > 0) return pgMessage(err.errors[0]);
  const e = err as { code?: string; message?: string };
  const message = e.message || e.code || String(err);
  return message.replace(/\s*\n\s*/g, " ");
}

/**
 * Whether a failed UPDATE concerns only that row (bad data: SQLSTATE class 22, constraint: 23) rather than the
 * connection or the server, in which case the run must stop.
 */
export function isRowLevelDbError(err: unknown): boolean {
  const code = (err as { code?: unknown }).code;
  return typeof code === "string" && /^(22|23)/.test(code);
}
