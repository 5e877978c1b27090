import { resourceGuardrail } from "../lib/guardrail";
import { BUCKET_TYPES } from "../lib/resource-types";
import { isTrue } from "../lib/values";

/** In production no bucket is created with `forceDestroy: true` (which deletes every object version on destroy). */
export const s3NoForceDestroyProd = resourceGuardrail(
  {
    name: "s3-no-force-destroy-prod",
    description:
      "In production, no S3 bucket sets forceDestroy, which lets a destroy or replacement delete every object and version in it.",
    enforcementLevel: "mandatory",
    severity: "high",
    service: "s3",
    scope: "prod-only",
    controls: {},
    remediationSteps:
      "Remove forceDestroy (or set it to false) for production stacks; allow it only in disposable dev stacks.",
  },
  (args, _context, report) => {
    if (!BUCKET_TYPES.includes(args.type)) return;
    const forceDestroy: unknown = args.props.forceDestroy;
    if (isTrue(forceDestroy)) {
      report(
        `Bucket "${args.name}" sets forceDestroy = ${String(forceDestroy)} in production: a destroy or replacement would delete every object and version.`,
      );
    }
  },
);
