import { resourceGuardrail } from "../lib/guardrail";
import { falsePublicAccessFlags } from "./bucket-settings";
import { S3_EXTRA, show } from "./shared";

/** An account-level public access block the program declares must set all four flags (FSBP S3.1). */
export const s3AccountPublicAccessBlock = resourceGuardrail(
  {
    name: "s3-account-public-access-block",
    description:
      "An account-level S3 public access block declared by the program sets blockPublicAcls, blockPublicPolicy, ignorePublicAcls and restrictPublicBuckets to true.",
    enforcementLevel: "mandatory",
    severity: "critical",
    service: "s3",
    controls: { awsFsbp: ["S3.1"], cis: ["2.1.4"] },
    remediationSteps:
      "Set all four flags to true on aws.s3.AccountPublicAccessBlock (omitted flags default to false for this resource).",
  },
  (args, _context, report) => {
    if (args.type !== S3_EXTRA.accountPublicAccessBlock) return;
    const missing = falsePublicAccessFlags(args.props);
    if (missing.length === 0) return;
    report(
      `AccountPublicAccessBlock "${args.name}" does not set ${missing.join(", ")} to true (found ${missing.map((f) => `${f} = ${show(args.props[f])}`).join(", ")}).`,
    );
  },
);
