import { resourceGuardrail } from "../lib/guardrail";
import { firstBlock } from "../lib/values";
import { PUBLIC_ACCESS_FLAGS } from "./bucket-settings";
import { S3_EXTRA } from "./shared";

/**
 * S3 access points keep their public access block (FSBP S3.19). Every flag defaults to true when omitted, so only
 * a flag explicitly set to false is a violation.
 */
export const s3AccessPointPublicAccessBlock = resourceGuardrail(
  {
    name: "s3-access-point-public-access-block",
    description: "No S3 access point turns off any of the four public access block settings.",
    enforcementLevel: "mandatory",
    severity: "critical",
    service: "s3",
    controls: { awsFsbp: ["S3.19"] },
    remediationSteps:
      "Remove the false flags from the access point's publicAccessBlockConfiguration (they default to true), or set them to true.",
  },
  (args, _context, report) => {
    if (args.type !== S3_EXTRA.accessPoint) return;
    const block = firstBlock(args.props.publicAccessBlockConfiguration);
    if (!block) return;
    const off = PUBLIC_ACCESS_FLAGS.filter((flag) => block[flag] === false || block[flag] === "false");
    if (off.length > 0) {
      report(`Access point "${args.name}" sets ${off.join(", ")} to false in publicAccessBlockConfiguration.`);
    }
  },
);
