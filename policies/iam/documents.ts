/**
 * Every IAM policy document a resource carries, with its kind, for any guardrail that reads IAM documents.
 *
 * API (kept small on purpose; other services' guardrails may import it):
 * - `iamDocuments(type, props)`: the documents of one resource (inputs for resource policies, outputs for stack
 *   policies), `[]` for a type that carries none. Absent documents (`undefined`, `null`, `""`) are skipped.
 * - `IAM_DOCUMENT_TYPES`: the type tokens `iamDocuments` knows, with the property each document lives in.
 * - `describeDocument(doc)` / `statementRef(doc, statement)`: message fragments such as
 *   `Role inline policy "s3-access"` and `Role inline policy "s3-access" statement "Objects"`.
 *
 * Kinds: `identity` (what a principal may do: role inline policies, RolePolicy, Policy, UserPolicy, GroupPolicy),
 * `trust` (who may assume a role: Role `assumeRolePolicy`), `resource` (who may use a resource: bucket, key, VPC
 * endpoint, queue, topic, repository, secret and access-point policies).
 *
 * Reading a prop that is unknown during preview throws `UnknownValueError` (props come behind
 * `unknownCheckingProxy`): that is deliberate, an unknown document cannot be judged compliant. Odd shapes never
 * throw: a document that is neither an object nor JSON text has `statements: undefined`.
 */
import { parsePolicyDocument, statementLabel, type NormalizedStatement } from "../lib/iam-document";
import { EC2, IAM, KMS, S3 } from "../lib/resource-types";
import { asArray, isRecord } from "../lib/values";

export type IamDocumentKind = "identity" | "trust" | "resource";

export interface IamDocument {
  readonly kind: IamDocumentKind;
  /** How the document reads in messages, lower-case first word: `bucket policy`, `role inline policy "s3"`. */
  readonly label: string;
  /** Where it sits in the resource's props, e.g. `inlinePolicies[0].policy`. */
  readonly property: string;
  /** The document as found (JSON text or object). */
  readonly raw: unknown;
  /** The statements, normalised; `undefined` when the document is neither an object nor JSON text. */
  readonly statements: NormalizedStatement[] | undefined;
}

/** Extra type tokens this module reads (beyond `policies/lib/resource-types.ts`). */
export const POLICY_BEARING = {
  kmsExternalKey: "aws:kms/externalKey:ExternalKey",
  kmsReplicaExternalKey: "aws:kms/replicaExternalKey:ReplicaExternalKey",
  sqsQueue: "aws:sqs/queue:Queue",
  sqsQueuePolicy: "aws:sqs/queuePolicy:QueuePolicy",
  snsTopic: "aws:sns/topic:Topic",
  snsTopicPolicy: "aws:sns/topicPolicy:TopicPolicy",
  ecrRepositoryPolicy: "aws:ecr/repositoryPolicy:RepositoryPolicy",
  ecrRegistryPolicy: "aws:ecr/registryPolicy:RegistryPolicy",
  secretPolicy: "aws:secretsmanager/secretPolicy:SecretPolicy",
  s3AccessPoint: "aws:s3/accessPoint:AccessPoint",
  s3controlAccessPointPolicy: "aws:s3control/accessPointPolicy:AccessPointPolicy",
  s3controlBucketPolicy: "aws:s3control/bucketPolicy:BucketPolicy",
} as const;

interface DocumentSpec {
  readonly property: string;
  readonly kind: IamDocumentKind;
  readonly label: string;
}

const single = (property: string, kind: IamDocumentKind, label: string): DocumentSpec[] => [{ property, kind, label }];

/**
 * Type token → the single-document properties it carries. Role inline policies (a list) are read separately.
 * The Role entry here is its trust policy.
 */
export const IAM_DOCUMENT_TYPES: Readonly<Record<string, readonly DocumentSpec[]>> = {
  [IAM.role]: single("assumeRolePolicy", "trust", "role trust policy"),
  [IAM.rolePolicy]: single("policy", "identity", "role policy"),
  [IAM.policy]: single("policy", "identity", "managed policy"),
  [IAM.userPolicy]: single("policy", "identity", "user policy"),
  [IAM.groupPolicy]: single("policy", "identity", "group policy"),
  [S3.policy]: single("policy", "resource", "bucket policy"),
  [S3.bucket]: single("policy", "resource", "bucket policy (inline)"),
  [S3.bucketV2]: single("policy", "resource", "bucket policy (inline)"),
  [KMS.key]: single("policy", "resource", "key policy"),
  [KMS.keyPolicy]: single("policy", "resource", "key policy"),
  [KMS.replicaKey]: single("policy", "resource", "key policy"),
  [POLICY_BEARING.kmsExternalKey]: single("policy", "resource", "key policy"),
  [POLICY_BEARING.kmsReplicaExternalKey]: single("policy", "resource", "key policy"),
  [EC2.vpcEndpoint]: single("policy", "resource", "VPC endpoint policy"),
  [EC2.vpcEndpointPolicy]: single("policy", "resource", "VPC endpoint policy"),
  [POLICY_BEARING.sqsQueue]: single("policy", "resource", "queue policy"),
  [POLICY_BEARING.sqsQueuePolicy]: single("policy", "resource", "queue policy"),
  [POLICY_BEARING.snsTopic]: single("policy", "resource", "topic policy"),
  [POLICY_BEARING.snsTopicPolicy]: single("policy", "resource", "topic policy"),
  [POLICY_BEARING.ecrRepositoryPolicy]: single("policy", "resource", "repository policy"),
  [POLICY_BEARING.ecrRegistryPolicy]: single("policy", "resource", "registry policy"),
  [POLICY_BEARING.secretPolicy]: single("policy", "resource", "secret policy"),
  [POLICY_BEARING.s3AccessPoint]: single("policy", "resource", "access point policy"),
  [POLICY_BEARING.s3controlAccessPointPolicy]: single("policy", "resource", "access point policy"),
  [POLICY_BEARING.s3controlBucketPolicy]: single("policy", "resource", "bucket policy"),
};

function isAbsent(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === "string" && value.trim() === "");
}

function documentFrom(spec: DocumentSpec, raw: unknown): IamDocument {
  return { ...spec, raw, statements: parsePolicyDocument(raw) };
}

/** The IAM documents a resource of this type carries (see the module comment). Never throws on odd shapes. */
export function iamDocuments(type: string, props: unknown): IamDocument[] {
  const specs = IAM_DOCUMENT_TYPES[type];
  if (!specs || !isRecord(props)) return [];
  const out: IamDocument[] = [];
  for (const spec of specs) {
    const raw = props[spec.property];
    if (!isAbsent(raw)) out.push(documentFrom(spec, raw));
  }
  if (type === IAM.role) {
    asArray(props.inlinePolicies).forEach((entry, i) => {
      if (!isRecord(entry)) return;
      const raw = entry.policy;
      if (isAbsent(raw)) return;
      const name = typeof entry.name === "string" && entry.name !== "" ? ` "${entry.name}"` : ` #${i + 1}`;
      out.push(
        documentFrom(
          { property: `inlinePolicies[${i}].policy`, kind: "identity", label: `role inline policy${name}` },
          raw,
        ),
      );
    });
  }
  return out;
}

/** The document's label with a capital first letter, to start a sentence. */
export function describeDocument(doc: Pick<IamDocument, "label">): string {
  return doc.label.charAt(0).toUpperCase() + doc.label.slice(1);
}

/** `Bucket policy statement "AllowAll"` / `Role trust policy statement #2`. */
export function statementRef(doc: Pick<IamDocument, "label">, statement: NormalizedStatement): string {
  return `${describeDocument(doc)} ${statementLabel(statement)}`;
}
