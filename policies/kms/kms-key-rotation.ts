import { resourceGuardrail } from "../lib/guardrail";
import { KMS } from "../lib/resource-types";
import { asString, isTrue } from "../lib/values";

const SYMMETRIC_DEFAULT = "SYMMETRIC_DEFAULT";

/**
 * Symmetric encryption keys (`customerMasterKeySpec` / `keySpec` absent or `SYMMETRIC_DEFAULT`) must rotate their key
 * material automatically. Asymmetric and HMAC keys, and keys in a custom key store (CloudHSM or external), cannot
 * rotate automatically: not applicable. Replica keys follow their primary's rotation; external keys (imported
 * material) cannot rotate automatically; neither type is checked.
 */
export const kmsKeyRotation = resourceGuardrail(
  {
    name: "kms-key-rotation",
    description: "Symmetric customer-managed KMS keys must have automatic key rotation enabled.",
    enforcementLevel: "mandatory",
    severity: "medium",
    service: "kms",
    controls: {
      awsFsbp: ["KMS.4"],
      cis: ["3.6"],
      cdkNag: ["AwsSolutions-KMS5"],
      checkov: ["CKV_AWS_7"],
    },
    remediationSteps:
      "Set `enableKeyRotation: true` on the key (optionally `rotationPeriodInDays`, 90–2560, default 365).",
  },
  (resource, _context, report) => {
    if (resource.type !== KMS.key) return;
    const props = resource.props;
    const specValue = props.customerMasterKeySpec ?? props.keySpec;
    const spec = asString(specValue);
    if (specValue !== undefined && specValue !== null && spec?.toUpperCase() !== SYMMETRIC_DEFAULT) {
      resource.notApplicable(`key spec ${JSON.stringify(specValue)} cannot rotate automatically`);
    }
    const store = props.customKeyStoreId;
    if (typeof store === "string" && store !== "") {
      resource.notApplicable("keys in a custom key store cannot rotate automatically");
    }
    if (!isTrue(props.enableKeyRotation)) {
      const found = props.enableKeyRotation === undefined ? "not set" : JSON.stringify(props.enableKeyRotation);
      report(
        `KMS key "${resource.name}" is a symmetric key without automatic rotation (enableKeyRotation is ${found}); set enableKeyRotation: true.`,
      );
    }
  },
);
