import { analyzeUserData, USER_DATA_FACTS_KEY, userDataFactsFrom, type UserDataFacts } from '../user-data/facts.js';
import { asRecord } from '../../core/inventory.js';
import { bool, num, record, records, str, strings, tagMap } from '../json.js';
import type {
  EbsDefaultModel,
  FlowLogModel,
  InstanceModel,
  LaunchTemplateVersionModel,
  MetadataOptions,
  RouteTableModel,
  SecurityGroupModel,
  SecurityGroupRule,
  SubnetModel,
} from '../models.js';
import { normaliseProtocol } from '../network.js';

function rulesFrom(value: unknown): SecurityGroupRule[] {
  return records(value).map((permission) => {
    const from = num(permission['FromPort']);
    const to = num(permission['ToPort']);
    return {
      protocol: normaliseProtocol(str(permission['IpProtocol']) ?? (typeof permission['IpProtocol'] === 'number' ? String(permission['IpProtocol']) : undefined)),
      ...(from !== undefined ? { from } : {}),
      ...(to !== undefined ? { to } : {}),
      cidrs: [
        ...records(permission['IpRanges']).map((range) => str(range['CidrIp'])),
        ...records(permission['Ipv6Ranges']).map((range) => str(range['CidrIpv6'])),
      ].filter((cidr): cidr is string => !!cidr),
      groupIds: records(permission['UserIdGroupPairs']).map((pair) => str(pair['GroupId'])).filter((id): id is string => !!id),
      prefixListIds: records(permission['PrefixListIds']).map((entry) => str(entry['PrefixListId'])).filter((id): id is string => !!id),
    };
  });
}

/** `aws ec2 describe-security-groups` */
export function securityGroupsFrom(response: Record<string, unknown>, region: string): SecurityGroupModel[] {
  return records(response['SecurityGroups']).flatMap((group) => {
    const id = str(group['GroupId']);
    if (!id) return [];
    const name = str(group['GroupName']);
    const vpcId = str(group['VpcId']);
    const owner = str(group['OwnerId']) ?? '';
    return [
      {
        id,
        region,
        arn: str(group['SecurityGroupArn']) ?? `arn:aws:ec2:${region}:${owner}:security-group/${id}`,
        ...(name ? { name } : {}),
        ...(vpcId ? { vpcId } : {}),
        ingress: rulesFrom(group['IpPermissions']),
        egress: rulesFrom(group['IpPermissionsEgress']),
        tags: tagMap(group['Tags']),
      },
    ];
  });
}

export function subnetsFrom(response: Record<string, unknown>, region: string): SubnetModel[] {
  return records(response['Subnets']).flatMap((subnet) => {
    const id = str(subnet['SubnetId']);
    if (!id) return [];
    const vpcId = str(subnet['VpcId']);
    return [{ id, region, ...(vpcId ? { vpcId } : {}), mapPublicIpOnLaunch: subnet['MapPublicIpOnLaunch'] === true }];
  });
}

export function routeTablesFrom(response: Record<string, unknown>, region: string): RouteTableModel[] {
  return records(response['RouteTables']).flatMap((table) => {
    const id = str(table['RouteTableId']);
    if (!id) return [];
    const vpcId = str(table['VpcId']);
    const associations = records(table['Associations']).filter((association) => str(record(association['AssociationState'])['State']) !== 'disassociated');
    const internetRoutes = records(table['Routes'])
      .filter((route) => (str(route['GatewayId']) ?? '').startsWith('igw-') && str(route['State']) !== 'blackhole')
      .map((route) => str(route['DestinationCidrBlock']) ?? str(route['DestinationIpv6CidrBlock']) ?? str(route['DestinationPrefixListId']) ?? '?')
      .filter((destination) => destination === '0.0.0.0/0' || destination === '::/0');
    return [
      {
        id,
        region,
        ...(vpcId ? { vpcId } : {}),
        main: associations.some((association) => association['Main'] === true),
        subnetIds: associations.map((association) => str(association['SubnetId'])).filter((subnet): subnet is string => !!subnet),
        internetRoutes,
      },
    ];
  });
}

export function flowLogsFrom(response: Record<string, unknown>, region: string): FlowLogModel[] {
  return records(response['FlowLogs']).flatMap((log) => {
    const id = str(log['FlowLogId']);
    if (!id) return [];
    const resourceId = str(log['ResourceId']);
    const status = str(log['FlowLogStatus']);
    return [{ id, region, ...(resourceId ? { resourceId } : {}), ...(status ? { status } : {}) }];
  });
}

function metadataFrom(value: unknown): MetadataOptions | undefined {
  const options = asRecord(value);
  if (!options) return undefined;
  const httpTokens = str(options['HttpTokens']);
  const httpEndpoint = str(options['HttpEndpoint']);
  const hopLimit = num(options['HttpPutResponseHopLimit']);
  return {
    ...(httpTokens ? { httpTokens } : {}),
    ...(httpEndpoint ? { httpEndpoint } : {}),
    ...(hopLimit !== undefined ? { hopLimit } : {}),
  };
}

/** `UserData` as `aws ec2 describe-launch-template-versions` prints it (base64), or the facts the live source recorded in its place. */
function userDataOf(data: Record<string, unknown>): UserDataFacts | undefined {
  const raw = data['UserData'];
  if (typeof raw === 'string' && raw.trim() !== '') return analyzeUserData(raw, { base64: true });
  return userDataFactsFrom(data[USER_DATA_FACTS_KEY]);
}

export function launchTemplateVersionsFrom(response: Record<string, unknown>, region: string): LaunchTemplateVersionModel[] {
  return records(response['LaunchTemplateVersions']).flatMap((entry) => {
    const versionNumber = num(entry['VersionNumber']) ?? (str(entry['VersionNumber']) ? Number(str(entry['VersionNumber'])) : undefined);
    if (versionNumber === undefined || Number.isNaN(versionNumber)) return [];
    const data = record(entry['LaunchTemplateData']);
    const id = str(entry['LaunchTemplateId']);
    const name = str(entry['LaunchTemplateName']);
    const keyName = str(data['KeyName']);
    const imageId = str(data['ImageId']);
    const interfaces = records(data['NetworkInterfaces']);
    const publicIp = interfaces.map((nic) => bool(nic['AssociatePublicIpAddress'])).find((value) => value !== undefined);
    const metadata = metadataFrom(data['MetadataOptions']);
    const userData = userDataOf(data);
    return [
      {
        version: String(versionNumber),
        region,
        ...(id ? { id } : {}),
        ...(name ? { name } : {}),
        isDefault: entry['DefaultVersion'] === true,
        ...(keyName ? { keyName } : {}),
        ...(imageId ? { imageId } : {}),
        securityGroupIds: [...strings(data['SecurityGroupIds']), ...interfaces.flatMap((nic) => strings(nic['Groups']))],
        ...(publicIp !== undefined ? { associatePublicIp: publicIp } : {}),
        ...(metadata ? { metadata } : {}),
        ...(userData ? { userData } : {}),
        volumes: records(data['BlockDeviceMappings'])
          .filter((mapping) => asRecord(mapping['Ebs']) !== undefined)
          .map((mapping) => {
            const ebs = record(mapping['Ebs']);
            const device = str(mapping['DeviceName']);
            const encrypted = bool(ebs['Encrypted']);
            const kmsKeyId = str(ebs['KmsKeyId']);
            return { ...(device ? { device } : {}), ...(encrypted !== undefined ? { encrypted } : {}), ...(kmsKeyId ? { kmsKeyId } : {}) };
          }),
      },
    ];
  });
}

export function instancesFrom(response: Record<string, unknown>, region: string): InstanceModel[] {
  return records(response['Reservations']).flatMap((reservation) =>
    records(reservation['Instances']).flatMap((instance) => {
      const id = str(instance['InstanceId']);
      if (!id) return [];
      const state = str(record(instance['State'])['Name']);
      if (state === 'terminated' || state === 'shutting-down') return [];
      const tags = tagMap(instance['Tags']);
      const metadata = metadataFrom(instance['MetadataOptions']);
      const publicIp = str(instance['PublicIpAddress']);
      const subnetId = str(instance['SubnetId']);
      const profile = str(record(instance['IamInstanceProfile'])['Arn']);
      const group = tags['aws:autoscaling:groupName'];
      return [
        {
          id,
          region,
          ...(metadata ? { metadata } : {}),
          ...(publicIp ? { publicIp } : {}),
          ...(subnetId ? { subnetId } : {}),
          securityGroupIds: records(instance['SecurityGroups']).map((sg) => str(sg['GroupId'])).filter((sg): sg is string => !!sg),
          ...(group ? { autoScalingGroup: group } : {}),
          ...(profile ? { instanceProfileArn: profile } : {}),
        },
      ];
    }),
  );
}

export function ebsDefaultFrom(response: Record<string, unknown>, region: string): EbsDefaultModel | undefined {
  const enabled = bool(response['EbsEncryptionByDefault']);
  return enabled === undefined ? undefined : { region, enabled };
}
