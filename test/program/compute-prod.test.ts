import { beforeAll, describe, expect, it } from "vitest";
import { runProgram, type ProgramRun } from "./run-program";

const T = {
  role: "aws:iam/role:Role",
  rolePolicy: "aws:iam/rolePolicy:RolePolicy",
  logGroup: "aws:cloudwatch/logGroup:LogGroup",
  key: "aws:kms/key:Key",
  service: "aws:ecs/service:Service",
  taskDefinition: "aws:ecs/taskDefinition:TaskDefinition",
  alb: "aws:lb/loadBalancer:LoadBalancer",
  listener: "aws:lb/listener:Listener",
  bucket: "aws:s3/bucket:Bucket",
  bucketPolicy: "aws:s3/bucketPolicy:BucketPolicy",
} as const;

describe("the prod stack's compute (Pulumi.prod.yaml) under mocks", () => {
  let program: ProgramRun;
  beforeAll(async () => {
    program = await runProgram("prod");
  });
  const out = (type: string, name: string) => program.run.outputs(program.run.one(type, name));

  it("runs without error and exports the compute outputs", () => {
    const { outputs } = program;
    expect(program.error).toBeUndefined();
    expect(outputs.apiUrl).toBe("https://api.starscreen.example.com");
    expect(outputs.clusterName).toBe(out("aws:ecs/cluster:Cluster", "ecs-cluster").name);
    expect(outputs.apiServiceName).toBe(out(T.service, "api-service").name);
    expect(outputs.workerServiceName).toBe(out(T.service, "worker-service").name);
    expect(outputs.apiTaskRoleArn).toBe(out(T.role, "api-task-role").arn);
    expect(outputs.workerTaskRoleArn).toBe(out(T.role, "worker-task-role").arn);
    expect(outputs.apiLogGroupName).toBe("/starscreen/prod/ecs/api");
    expect(outputs.workerLogGroupName).toBe("/starscreen/prod/ecs/worker");
    expect(outputs.flowLogGroupName).toBe("/starscreen/prod/vpc-flow-logs");
    expect(outputs.vpcId).toBe(out("awsx:ec2:Vpc", "network-vpc").vpcId);
    expect(JSON.stringify(outputs)).not.toMatch(/AKIA|AWS_SECRET_ACCESS_KEY/);
  });

  it("lets exactly the two task roles and the replication role through the resumes bucket's data perimeter", () => {
    const statements = program.run.json(program.run.one(T.bucketPolicy, "resumes-policy"), "policy").Statement;
    const perimeter = statements.find((s: { Sid: string }) => s.Sid === "DenyObjectAccessOutsideDataPerimeter");
    expect(perimeter.Condition.ArnNotLike["aws:PrincipalArn"]).toEqual([
      out(T.role, "replication-role").arn,
      out(T.role, "api-task-role").arn,
      out(T.role, "worker-task-role").arn,
    ]);
  });

  it("grants the task roles exactly their resumes/* actions and the bucket key through S3", () => {
    const objects = `${out(T.bucket, "resumes-bucket").arn}/resumes/*`;
    const key = out(T.key, "resumes-key-key").arn;
    const via = { StringEquals: { "kms:ViaService": "s3.us-east-1.amazonaws.com" } };
    expect(program.run.json(program.run.one(T.rolePolicy, "api-task-policy"), "policy").Statement).toEqual([
      {
        Sid: "ReadWriteResumes",
        Effect: "Allow",
        Action: ["s3:PutObject", "s3:GetObject", "s3:DeleteObject", "s3:AbortMultipartUpload"],
        Resource: objects,
      },
      {
        Sid: "UseResumesKeyThroughS3",
        Effect: "Allow",
        Action: ["kms:GenerateDataKey", "kms:Decrypt"],
        Resource: key,
        Condition: via,
      },
    ]);
    expect(program.run.json(program.run.one(T.rolePolicy, "worker-task-policy"), "policy").Statement).toEqual([
      { Sid: "ReadResumes", Effect: "Allow", Action: ["s3:GetObject"], Resource: objects },
      { Sid: "DecryptResumesThroughS3", Effect: "Allow", Action: ["kms:Decrypt"], Resource: key, Condition: via },
    ]);
  });

  it("creates the task roles before the bucket policy that names them", () => {
    const policy = program.run.one(T.bucketPolicy, "resumes-policy");
    expect(policy.propertyDependencies.policy).toEqual(
      expect.arrayContaining([
        program.run.one(T.role, "api-task-role").urn,
        program.run.one(T.role, "worker-task-role").urn,
      ]),
    );
  });

  it("gives every container the bucket settings and its secrets only by reference", () => {
    const bucketName = program.outputs.bucketName;
    for (const name of ["api", "worker"]) {
      const [container] = program.run.json(
        program.run.one(T.taskDefinition, `${name}-task-definition`),
        "containerDefinitions",
      );
      const env = Object.fromEntries(
        container.environment.map((e: { name: string; value: string }) => [e.name, e.value]),
      );
      expect(env).toMatchObject({ USE_S3: "true", S3_BUCKET_NAME: bucketName, AWS_REGION: "us-east-1" });
      expect(Object.keys(env).some((k) => /SECRET|PASSWORD|TOKEN|API_KEY/.test(k))).toBe(false);
      expect(container.secrets.map((s: { name: string }) => s.name)).toEqual(["DATABASE_URL", "OPENAI_API_KEY"]);
      expect(container).toMatchObject({ readonlyRootFilesystem: true, privileged: false, user: "1000:1000" });
    }
  });

  it("serves the API over HTTPS behind a WAF, with deletion protection and access logs in the access-log bucket", () => {
    const { run } = program;
    const alb = run.one(T.alb, "api-lb-alb");
    expect(run.inputs(alb)).toMatchObject({
      enableDeletionProtection: true,
      dropInvalidHeaderFields: true,
      accessLogs: { bucket: program.outputs.logBucketName, prefix: "alb", enabled: true },
    });
    expect(alb.dependencies).toContain(run.one(T.bucketPolicy, "access-logs-policy").urn);
    expect(run.inputs(run.one(T.listener, "api-lb-https-listener"))).toMatchObject({
      certificateArn: "arn:aws:acm:us-east-1:123456789012:certificate/0f1e2d3c-4b5a-4978-8a9b-0c1d2e3f4a5b",
      sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06",
    });
    expect(run.inputs(run.one(T.listener, "api-lb-http-listener")).defaultActions[0].type).toBe("redirect");
    expect(run.inputs(run.one("aws:wafv2/webAclAssociation:WebAclAssociation")).resourceArn).toBe(run.outputs(alb).arn);
    expect(run.inputs(run.one("aws:wafv2/webAcl:WebAcl")).rules[0].statement.rateBasedStatement.limit).toBe(2000);
  });

  it("lets the regional ELB account write load-balancer logs under alb/ only", () => {
    const statements = program.run.json(program.run.one(T.bucketPolicy, "access-logs-policy"), "policy").Statement;
    expect(statements.find((s: { Sid: string }) => s.Sid === "LoadBalancerAccessLogs")).toEqual({
      Sid: "LoadBalancerAccessLogs",
      Effect: "Allow",
      Principal: { AWS: "arn:aws:iam::127311923021:root" },
      Action: "s3:PutObject",
      Resource: `${out(T.bucket, "access-logs-bucket").arn}/alb/AWSLogs/123456789012/*`,
    });
  });

  it("encrypts every log group with the protected logs key, whose policy serves only this stack's groups", () => {
    const { run } = program;
    const key = run.one(T.key, "logs-key");
    expect(key.protect && key.retainOnDelete).toBe(true);
    expect(run.inputs(key)).toMatchObject({ enableKeyRotation: true, deletionWindowInDays: 30 });
    const logs = run
      .json(key, "policy")
      .Statement.find((s: { Sid: string }) => s.Sid === "CloudWatchLogsEncryptsStackLogGroups");
    expect(logs.Principal).toEqual({ Service: "logs.us-east-1.amazonaws.com" });
    expect(logs.Condition.ArnLike["kms:EncryptionContext:aws:logs:arn"]).toEqual([
      "arn:aws:logs:us-east-1:123456789012:log-group:/starscreen/prod/*",
      // WAF dictates its log group's name prefix.
      "arn:aws:logs:us-east-1:123456789012:log-group:aws-waf-logs-starscreen-infra-prod",
    ]);
    const groups = run.resources(T.logGroup).map((g) => run.inputs(g));
    expect(groups.map((g) => [g.name, g.retentionInDays]).sort()).toEqual([
      ["/starscreen/prod/ecs/api", 365],
      ["/starscreen/prod/ecs/worker", 365],
      ["/starscreen/prod/vpc-flow-logs", 365],
      ["aws-waf-logs-starscreen-infra-prod", 365],
    ]);
    for (const g of groups) expect(g.kmsKeyId).toBe(run.outputs(key).arn);
  });

  it("runs two API tasks across three zones' private subnets and workers mostly on Spot", () => {
    const { run } = program;
    const vpc = run.outputs(run.one("awsx:ec2:Vpc"));
    expect(run.inputs(run.one("awsx:ec2:Vpc"))).toMatchObject({
      numberOfAvailabilityZones: 3,
      natGateways: { strategy: "OnePerAz" },
    });
    const api = run.inputs(run.one(T.service, "api-service"));
    expect(api.desiredCount).toBe(2);
    expect(api.networkConfiguration).toMatchObject({ subnets: vpc.privateSubnetIds, assignPublicIp: false });
    expect(run.inputs(run.one(T.service, "worker-service")).capacityProviderStrategies).toEqual([
      { capacityProvider: "FARGATE", weight: 1 },
      { capacityProvider: "FARGATE_SPOT", weight: 3 },
    ]);
    expect(run.inputs(run.one("aws:lb/loadBalancer:LoadBalancer")).subnets).toEqual(vpc.publicSubnetIds);
  });

  it("lets the worker's execution role decrypt its secrets only through Secrets Manager or SSM", () => {
    const statements = program.run.json(program.run.one(T.rolePolicy, "worker-execution-policy"), "policy").Statement;
    expect(statements.find((s: { Sid: string }) => s.Sid === "DecryptSecrets")).toEqual({
      Sid: "DecryptSecrets",
      Effect: "Allow",
      Action: ["kms:Decrypt"],
      Resource: "arn:aws:kms:us-east-1:123456789012:key/6a7b8c9d-0e1f-4a2b-9c3d-4e5f6a7b8c9d",
      Condition: {
        StringEquals: { "kms:ViaService": ["secretsmanager.us-east-1.amazonaws.com", "ssm.us-east-1.amazonaws.com"] },
      },
    });
  });
});
