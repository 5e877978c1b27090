// Progress output: a live bar with counts and bytes on a terminal, plain lines otherwise (CI logs, files,
// `| tee`), where a redrawn bar would be unreadable.
import { MultiBar, Presets, type SingleBar } from "cli-progress";
import { formatBytes } from "./report";

export interface Reporter {
  /** A phase starts with `total` items (rows or objects). */
  start(total: number, unit: string): void;
  /** `items` more done, `bytes` more transferred or read. */
  advance(items: number, bytes: number): void;
  /** A routine line (one per row); on a terminal the bar stands in for these. */
  info(line: string): void;
  /** Something an operator must read (conflict, missing file, retry exhausted): always shown. */
  problem(line: string): void;
  finish(): void;
}

export interface Sink {
  write(text: string): unknown;
}

export const silentReporter: Reporter = {
  start: () => undefined,
  advance: () => undefined,
  info: () => undefined,
  problem: () => undefined,
  finish: () => undefined,
};

/** One line per event; a progress line at most every `intervalMs` so long runs show a pulse in CI logs. */
export function plainReporter(out: Sink, err: Sink, now: () => number = Date.now, intervalMs = 10_000): Reporter {
  let total = 0;
  let unit = "rows";
  let done = 0;
  let bytes = 0;
  let last = now();
  return {
    start(t, u) {
      total = t;
      unit = u;
      done = 0;
      bytes = 0;
      last = now();
    },
    advance(items, b) {
      done += items;
      bytes += b;
      if (now() - last >= intervalMs && done < total) {
        last = now();
        out.write(`progress: ${done}/${total} ${unit}, ${formatBytes(bytes)}\n`);
      }
    },
    info: (line) => out.write(`${line}\n`),
    problem: (line) => err.write(`${line}\n`),
    finish: () => undefined,
  };
}

/** A cli-progress bar on `stream` (a TTY); problems are printed above it so they stay on screen. */
export function terminalReporter(stream: NodeJS.WritableStream): Reporter {
  const multi = new MultiBar(
    {
      stream,
      format:
        "{bar} {percentage}% | {value}/{total} {unit} | {transferred} | {problems} problems | ETA {eta_formatted}",
      hideCursor: true,
      clearOnComplete: false,
      fps: 5,
    },
    Presets.shades_classic,
  );
  let bar: SingleBar | undefined;
  let bytes = 0;
  let problems = 0;
  const payload = () => ({ transferred: formatBytes(bytes), problems });
  return {
    start(total, unit) {
      bar?.stop();
      bytes = 0;
      bar = multi.create(total, 0, { unit, ...payload() });
    },
    advance(items, b) {
      bytes += b;
      bar?.increment(items, payload());
    },
    info: () => undefined,
    problem(line) {
      problems++;
      bar?.update(payload());
      multi.log(`${line}\n`);
      // log() only queues the line for the next redraw, and stop() does not flush that queue: redraw now so a
      // problem reported just before the end is never lost.
      multi.update();
    },
    finish() {
      multi.update();
      multi.stop();
    },
  };
}
