// Test harness: runs the real CLI in this (child) process and sends it a signal right after the Nth object has
// been uploaded and verified, before its rows are updated: the worst moment to stop. SIGKILL (the default) is a
// crash, no cleanup code runs; SIGINT is an operator's Ctrl-C.
import { runCli } from "../../../tools/migrate-uploads/cli";

const limit = Number(process.env.CRASH_AFTER_VERIFIED_UPLOADS);
if (!Number.isInteger(limit) || limit < 1) throw new Error("set CRASH_AFTER_VERIFIED_UPLOADS to a positive integer");
const signal = (process.env.CRASH_SIGNAL ?? "SIGKILL") as NodeJS.Signals;
let verified = 0;

void runCli(process.argv.slice(2), undefined, {
  hooks: {
    afterVerifiedUpload: () => {
      verified++;
      if (verified === limit) process.kill(process.pid, signal);
    },
  },
}).then((code) => {
  process.exitCode = code;
});
