// The Pulumi program: read and validate the stack's config (failing before any resource is registered), compose
// the components, export the outputs. Everything else lives in stack.ts and components/.
import { loadStackConfig } from "./config";
import { buildStack } from "./stack";

const stack = buildStack(loadStackConfig());

export const bucketName = stack.bucketName;
export const bucketArn = stack.bucketArn;
export const bucketRegion = stack.bucketRegion;
export const kmsKeyArn = stack.kmsKeyArn;
export const logBucketName = stack.logBucketName;
export const replicaBucketName = stack.replicaBucketName;
export const replicaRegion = stack.replicaRegion;
export const dataErasureWindowDays = stack.dataErasureWindowDays;
export const appEnvironment = stack.appEnvironment;
// Compute (undefined for a storage-only stack).
export const apiUrl = stack.compute?.apiUrl;
export const clusterName = stack.compute?.clusterName;
export const apiServiceName = stack.compute?.apiServiceName;
export const workerServiceName = stack.compute?.workerServiceName;
export const apiTaskRoleArn = stack.compute?.apiTaskRoleArn;
export const workerTaskRoleArn = stack.compute?.workerTaskRoleArn;
export const apiLogGroupName = stack.compute?.apiLogGroupName;
export const workerLogGroupName = stack.compute?.workerLogGroupName;
export const flowLogGroupName = stack.compute?.flowLogGroupName;
export const vpcId = stack.compute?.vpcId;
