/**
 * An SDK middleware that completes moto for the tests: it answers the EKS calls
 * moto does not implement from ./recorded/, fills in the DescribeCluster fields moto
 * omits, drops the remoteAccess moto invents for launch-template node groups (real
 * EKS returns none), and can deny chosen calls to exercise gaps.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { EKSClient } from '@aws-sdk/client-eks';
import type { SeededCluster } from './seed.js';

const RECORDED = path.join(import.meta.dirname, 'recorded');

type Json = Record<string, any>;

function load(file: string): Json {
  try {
    return JSON.parse(readFileSync(path.join(RECORDED, file), 'utf8')) as Json;
  } catch {
    return {};
  }
}

const ITEM_KEYS = ['principalArn', 'addonName', 'associationId'];

export interface TransportOptions {
  region: string;
  clusters: readonly SeededCluster[];
  /** command names (`ListAccessEntriesCommand`) that fail with AccessDeniedException */
  deny?: readonly string[];
  /** answers by file name (`<cluster>.json`) instead of the files of ./recorded/ (the parity test builds its own) */
  recorded?: (file: string) => Json | undefined;
}

export function completeMoto(client: EKSClient, options: TransportOptions): void {
  const answers = (file: string) => options.recorded?.(file) ?? load(file);
  const regional = answers(`region-${options.region}.json`);
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const command = String(context.commandName);
      const input = args.input as Json;
      if (options.deny?.includes(command)) {
        throw Object.assign(new Error(`User: arn:aws:sts::123456789012:assumed-role/auditor/x is not authorized to perform: eks:${command.replace(/Command$/, '')}`), {
          name: 'AccessDeniedException',
          $metadata: { httpStatusCode: 403 },
        });
      }
      const cluster = (input['clusterName'] ?? input['name']) as string | undefined;
      const recorded = cluster ? answers(`${cluster}.json`) : regional;
      const answer = recorded[command] ?? (command === 'DescribeClusterVersionsCommand' ? regional[command] : undefined);
      if (answer !== undefined) {
        const itemKey = ITEM_KEYS.find((key) => input[key] !== undefined);
        const response = itemKey ? answer[input[itemKey]] : answer;
        if (response === undefined) throw Object.assign(new Error('ResourceNotFoundException'), { name: 'ResourceNotFoundException', $metadata: { httpStatusCode: 404 } });
        return { output: { $metadata: {}, ...structuredClone(response) }, response: {} } as never;
      }
      const result = (await next(args)) as { output: Json };
      if (command === 'DescribeClusterCommand' && cluster) {
        const seeded = options.clusters.find((item) => item.name === cluster);
        const overlay = recorded['DescribeClusterOverlay'] ?? {};
        const out = result.output['cluster'];
        Object.assign(out, overlay);
        if (seeded) Object.assign(out.resourcesVpcConfig, { clusterSecurityGroupId: seeded.clusterSecurityGroupId, vpcId: seeded.vpcId });
      }
      if (command === 'DescribeNodegroupCommand') {
        const nodegroup = result.output['nodegroup'];
        if (nodegroup?.launchTemplate) {
          delete nodegroup.remoteAccess;
          delete nodegroup.diskSize;
          if (nodegroup.resources) delete nodegroup.resources.remoteAccessSecurityGroup;
        }
      }
      return result as never;
    },
    { step: 'initialize', name: 'eksguardMotoCompletion' },
  );
}
