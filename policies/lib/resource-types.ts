/**
 * Pulumi type tokens the guardrails inspect. Guardrails match tokens rather than importing `@pulumi/aws`
 * classes: the pack then never loads the provider SDK (fast start) and covers deprecated types by token.
 */
export const S3 = {
  bucket: "aws:s3/bucket:Bucket",
  bucketV2: "aws:s3/bucketV2:BucketV2",
  publicAccessBlock: "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
  ownershipControls: "aws:s3/bucketOwnershipControls:BucketOwnershipControls",
  acl: "aws:s3/bucketAcl:BucketAcl",
  aclV2: "aws:s3/bucketAclV2:BucketAclV2",
  policy: "aws:s3/bucketPolicy:BucketPolicy",
  encryption: "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
  encryptionV2: "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2",
  versioning: "aws:s3/bucketVersioning:BucketVersioning",
  versioningV2: "aws:s3/bucketVersioningV2:BucketVersioningV2",
  logging: "aws:s3/bucketLogging:BucketLogging",
  loggingV2: "aws:s3/bucketLoggingV2:BucketLoggingV2",
  lifecycle: "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
  lifecycleV2: "aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2",
  replication: "aws:s3/bucketReplicationConfig:BucketReplicationConfig",
  object: "aws:s3/bucketObject:BucketObject",
  objectV2: "aws:s3/bucketObjectv2:BucketObjectv2",
  cors: "aws:s3/bucketCorsConfiguration:BucketCorsConfiguration",
  corsV2: "aws:s3/bucketCorsConfigurationV2:BucketCorsConfigurationV2",
} as const;

/** Every bucket type (the v7 `Bucket` and the deprecated `BucketV2`). */
export const BUCKET_TYPES: readonly string[] = [S3.bucket, S3.bucketV2];

export const IAM = {
  role: "aws:iam/role:Role",
  rolePolicy: "aws:iam/rolePolicy:RolePolicy",
  policy: "aws:iam/policy:Policy",
  user: "aws:iam/user:User",
  userPolicy: "aws:iam/userPolicy:UserPolicy",
  userPolicyAttachment: "aws:iam/userPolicyAttachment:UserPolicyAttachment",
  group: "aws:iam/group:Group",
  groupPolicy: "aws:iam/groupPolicy:GroupPolicy",
  groupPolicyAttachment: "aws:iam/groupPolicyAttachment:GroupPolicyAttachment",
  rolePolicyAttachment: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
  policyAttachment: "aws:iam/policyAttachment:PolicyAttachment",
  accessKey: "aws:iam/accessKey:AccessKey",
  userLoginProfile: "aws:iam/userLoginProfile:UserLoginProfile",
  rolePoliciesExclusive: "aws:iam/rolePoliciesExclusive:RolePoliciesExclusive",
} as const;

export const KMS = {
  key: "aws:kms/key:Key",
  keyPolicy: "aws:kms/keyPolicy:KeyPolicy",
  replicaKey: "aws:kms/replicaKey:ReplicaKey",
} as const;

export const ECS = {
  cluster: "aws:ecs/cluster:Cluster",
  service: "aws:ecs/service:Service",
  taskDefinition: "aws:ecs/taskDefinition:TaskDefinition",
} as const;

export const ELB = {
  loadBalancer: "aws:lb/loadBalancer:LoadBalancer",
  loadBalancerAlb: "aws:alb/loadBalancer:LoadBalancer",
  listener: "aws:lb/listener:Listener",
  listenerAlb: "aws:alb/listener:Listener",
  classicElb: "aws:elb/loadBalancer:LoadBalancer",
} as const;

export const EC2 = {
  vpc: "aws:ec2/vpc:Vpc",
  flowLog: "aws:ec2/flowLog:FlowLog",
  securityGroup: "aws:ec2/securityGroup:SecurityGroup",
  securityGroupRule: "aws:ec2/securityGroupRule:SecurityGroupRule",
  ingressRule: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
  vpcEndpoint: "aws:ec2/vpcEndpoint:VpcEndpoint",
  vpcEndpointPolicy: "aws:ec2/vpcEndpointPolicy:VpcEndpointPolicy",
  awsxVpc: "awsx:ec2:Vpc",
} as const;

export const LOGS = {
  logGroup: "aws:cloudwatch/logGroup:LogGroup",
} as const;

export const WAF = {
  webAclAssociation: "aws:wafv2/webAclAssociation:WebAclAssociation",
  webAcl: "aws:wafv2/webAcl:WebAcl",
} as const;
