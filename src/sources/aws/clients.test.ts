import { describe, expect, it } from 'vitest';
import { createIamClient, createRegionClients, destroyClients } from './clients.js';

describe('AWS SDK clients', () => {
  it('retry throttling in the standard mode and keep to their region', async () => {
    const clients = createRegionClients('eu-central-1', { maxAttempts: 3 });
    const iam = createIamClient('eu-central-1');
    try {
      for (const client of [clients.eks, clients.ec2, clients.ssm, clients.kms, clients.logs, clients.guardduty, clients.ecr, clients.cloudtrail, clients.cloudwatch, iam]) {
        const strategy = (await client.config.retryStrategy()) as { mode?: string };
        expect(strategy.mode).toBe('standard');
        expect(await client.config.region()).toBe('eu-central-1');
      }
      expect(await clients.eks.config.maxAttempts()).toBe(3);
      expect(await iam.config.maxAttempts()).toBe(6);
    } finally {
      destroyClients([clients], iam);
    }
  });
});

describe('throttling', () => {
  it('is retried by the SDK, so the collection sees the answer and no gap', async () => {
    const { Readable } = await import('node:stream');
    const { EKSClient } = await import('@aws-sdk/client-eks');
    const { collectAwsResponses } = await import('./index.js');
    let calls = 0;
    const requestHandler = {
      async handle() {
        calls += 1;
        const throttled = calls <= 2;
        const body = throttled ? { message: 'Rate exceeded' } : { clusters: [] };
        return {
          response: {
            statusCode: throttled ? 429 : 200,
            headers: { 'content-type': 'application/json', ...(throttled ? { 'x-amzn-errortype': 'ThrottlingException' } : {}) },
            body: Readable.from([Buffer.from(JSON.stringify(body))]),
          },
        };
      },
    };
    const eks = new EKSClient({ region: 'eu-west-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' }, retryMode: 'standard', maxAttempts: 4, requestHandler: requestHandler as never });
    const clients = { ...createRegionClients('eu-west-1'), eks };
    const iam = createIamClient('eu-west-1');
    try {
      const collection = await collectAwsResponses({ regions: ['eu-west-1'], clientsFor: () => clients, iamClient: iam });
      expect(calls).toBe(3);
      expect(collection.meta.gaps).toEqual([]);
      expect(collection.files.map((file) => file.path)).toEqual(['eu-west-1/eks/list-clusters.json']);
    } finally {
      destroyClients([clients], iam);
    }
  }, 30_000);
});
