/**
 * Writes docs/access-matrix.md: the access matrix of the prod stack, simulated (see render-access-matrix.ts).
 * Run with `npm run docs:access-matrix` (`tsx test/simulation/write-access-matrix.ts`). Uses the AGPL simulator, so it
 * lives under test/ and is never shipped.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, relative } from "node:path";
import { ACCESS_MATRIX_DOC, generateAccessMatrix } from "./render-access-matrix";

async function main(): Promise<void> {
  const markdown = await generateAccessMatrix();
  mkdirSync(dirname(ACCESS_MATRIX_DOC), { recursive: true });
  writeFileSync(ACCESS_MATRIX_DOC, markdown);
  const findings = markdown.match(/Simulation differs from expectation: \*\*(\d+)\*\*\. Not simulated: \*\*(\d+)\*\*/);
  console.log(`wrote ${relative(process.cwd(), ACCESS_MATRIX_DOC)}`);
  if (findings && (findings[1] !== "0" || findings[2] !== "0")) {
    console.warn(
      `${findings[1]} row(s) differ from their expectation and ${findings[2]} could not be simulated: see its Findings section`,
    );
  }
}

main().then(
  // The Pulumi mock runtime keeps handles open; the work is done.
  () => process.exit(0),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
