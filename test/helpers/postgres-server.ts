// A throwaway PostgreSQL cluster for tests and benchmarks: initdb into a temp directory, start on a free loopback
// port with its unix socket in that directory, stop and delete it afterwards. PostgreSQL refuses to run as root,
// so when the tests run as root (CI) the server runs as the `postgres` user (or `nobody`) through runuser.
import { execFile, execFileSync } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, promises as fs, readdirSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { Client } from "pg";

export interface PostgresServer {
  /** postgresql://tester@127.0.0.1:PORT/postgres */
  readonly url: string;
  readonly port: number;
  /** A URL for another database on the same server. */
  urlFor(database: string): string;
  /** Creates a fresh database and returns its URL. */
  createDatabase(name: string): Promise<string>;
  stop(): Promise<void>;
}

const SUPERUSER = "tester";

/** initdb and pg_ctl from PATH, else from Debian's /usr/lib/postgresql/<version>/bin (newest first). */
export function findPostgresBin(): string {
  for (const dir of (process.env.PATH ?? "").split(path.delimiter)) {
    if (dir && existsSync(path.join(dir, "initdb")) && existsSync(path.join(dir, "pg_ctl"))) return dir;
  }
  const root = "/usr/lib/postgresql";
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((v) => existsSync(path.join(root, v, "bin", "initdb")))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (versions.length > 0) return path.join(root, versions[0], "bin");
  throw new Error(
    "PostgreSQL server binaries (initdb, pg_ctl) not found on PATH or under /usr/lib/postgresql/*/bin. " +
      "Install them (Debian: apt-get install -y postgresql); .ci/run does this on CI.",
  );
}

/** A TCP port that was free a moment ago on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** User to run the server as when we are root: `postgres` if it exists, else `nobody`. */
function unprivilegedUser(): { name: string; uid: number; gid: number } {
  for (const name of ["postgres", "nobody"]) {
    try {
      const uid = Number(execFileSync("id", ["-u", name], { encoding: "utf8" }).trim());
      const gid = Number(execFileSync("id", ["-g", name], { encoding: "utf8" }).trim());
      return { name, uid, gid };
    } catch {
      // try the next one
    }
  }
  throw new Error("running as root but neither a postgres nor a nobody user exists to run PostgreSQL as");
}

// cwd is the cluster directory: the unprivileged user may not be allowed into the caller's working directory.
function run(bin: string, args: string[], asUser: string | undefined, cwd: string): Promise<string> {
  const [file, argv] = asUser ? ["runuser", ["-u", asUser, "--", bin, ...args]] : [bin, args];
  return new Promise((resolve, reject) => {
    execFile(file, argv, { encoding: "utf8", cwd, env: { ...process.env, LC_ALL: "C" } }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${path.basename(bin)} failed: ${stderr.trim() || error.message}`));
      else resolve(stdout);
    });
  });
}

export async function startPostgres(): Promise<PostgresServer> {
  const bin = findPostgresBin();
  const isRoot = process.getuid?.() === 0;
  const user = isRoot ? unprivilegedUser() : undefined;
  const dir = mkdtempSync(path.join(os.tmpdir(), "starscreen-pg-"));
  if (user) chownSync(dir, user.uid, user.gid);
  const data = path.join(dir, "data");
  await run(
    path.join(bin, "initdb"),
    ["-D", data, "-U", SUPERUSER, "-A", "trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"],
    user?.name,
    dir,
  );
  // pg_ctl may lose the race for the port to another process; retry with a new one.
  let port = 0;
  for (let attempt = 1; ; attempt++) {
    port = await freePort();
    try {
      await run(
        path.join(bin, "pg_ctl"),
        [
          "-D",
          data,
          "-l",
          path.join(dir, "server.log"),
          "-w",
          "-t",
          "30",
          // fsync off: a test database need not survive a power cut, and it makes the tests much faster.
          "-o",
          `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -F -c max_connections=50`,
          "start",
        ],
        user?.name,
        dir,
      );
      break;
    } catch (err) {
      if (attempt >= 3) {
        const log = await fs.readFile(path.join(dir, "server.log"), "utf8").catch(() => "");
        throw new Error(`${(err as Error).message}\n${log.slice(-2000)}`, { cause: err });
      }
    }
  }

  // Safety net: if this process ends without stop() (a hung hook, an uncaught error), do not leave a server behind.
  const stopCommand = [...(user ? ["runuser", "-u", user.name, "--"] : []), path.join(bin, "pg_ctl")];
  const stopOnExit = () => {
    try {
      execFileSync(stopCommand[0], [...stopCommand.slice(1), "-D", data, "-m", "immediate", "-w", "stop"], {
        cwd: dir,
        stdio: "ignore",
      });
    } catch {
      // already stopped
    }
    rmSync(dir, { recursive: true, force: true });
  };
  process.once("exit", stopOnExit);

  const urlFor = (database: string) => `postgresql://${SUPERUSER}@127.0.0.1:${port}/${database}`;
  return {
    url: urlFor("postgres"),
    port,
    urlFor,
    async createDatabase(name) {
      const client = new Client({ connectionString: urlFor("postgres") });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
      } finally {
        await client.end();
      }
      return urlFor(name);
    },
    async stop() {
      process.off("exit", stopOnExit);
      await run(path.join(bin, "pg_ctl"), ["-D", data, "-m", "immediate", "-w", "stop"], user?.name, dir).catch(
        () => undefined,
      );
      await fs.rm(dir, { recursive: true, force: true });
    },
  };
}
