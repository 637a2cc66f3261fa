import { record, records, str } from './fields.js';
import { parseImageReference } from './image-reference.js';
import { containersOf, type Workload } from './workload.js';

/**
 * The workloads of the Amazon EKS add-ons that AWS ships and manages: privileged node agents
 * (the VPC CNI, kube-proxy, the CSI node plugins, the Pod Identity agent) whose manifests the
 * customer cannot change. Their failures are reported `suppressed` with the reason "managed by
 * AWS" in every check family, unless `--judge-aws-managed` (or `suppressAwsManaged: false` in
 * the config) asks for them to be judged like any workload.
 *
 * A workload is AWS-managed only when all three hold: its namespace, its kind and name are on
 * this list, and every container image (init containers included) comes from an Amazon EKS
 * add-on registry (EKS_ADDON_REGISTRIES). A look-alike `aws-node` with an image from anywhere
 * else is judged.
 *
 * Sources: the Amazon EKS user guide, "AWS add-ons" (workloads-add-ons-available-eks) and "View
 * Amazon container image registries for Amazon EKS add-ons" (add-ons-images), December 2026.
 * Add a workload or a registry with its source, and raise the version.
 */
export const AWS_MANAGED_LIST_VERSION = '2026-12-05';

export interface AwsManagedWorkload {
  /** the EKS add-on name, as `aws eks describe-addon --addon-name` takes it */
  readonly addon: string;
  readonly namespace: string;
  readonly kind: 'DaemonSet' | 'Deployment';
  readonly name: string;
}

export const AWS_MANAGED_WORKLOADS: readonly AwsManagedWorkload[] = [
  { addon: 'vpc-cni', namespace: 'kube-system', kind: 'DaemonSet', name: 'aws-node' },
  { addon: 'kube-proxy', namespace: 'kube-system', kind: 'DaemonSet', name: 'kube-proxy' },
  { addon: 'coredns', namespace: 'kube-system', kind: 'Deployment', name: 'coredns' },
  { addon: 'eks-pod-identity-agent', namespace: 'kube-system', kind: 'DaemonSet', name: 'eks-pod-identity-agent' },
  { addon: 'aws-ebs-csi-driver', namespace: 'kube-system', kind: 'DaemonSet', name: 'ebs-csi-node' },
  { addon: 'aws-ebs-csi-driver', namespace: 'kube-system', kind: 'DaemonSet', name: 'ebs-csi-node-windows' },
  { addon: 'aws-ebs-csi-driver', namespace: 'kube-system', kind: 'Deployment', name: 'ebs-csi-controller' },
  { addon: 'aws-efs-csi-driver', namespace: 'kube-system', kind: 'DaemonSet', name: 'efs-csi-node' },
  { addon: 'aws-efs-csi-driver', namespace: 'kube-system', kind: 'Deployment', name: 'efs-csi-controller' },
  { addon: 'aws-mountpoint-s3-csi-driver', namespace: 'kube-system', kind: 'DaemonSet', name: 's3-csi-node' },
  { addon: 'snapshot-controller', namespace: 'kube-system', kind: 'Deployment', name: 'snapshot-controller' },
  { addon: 'eks-node-monitoring-agent', namespace: 'kube-system', kind: 'DaemonSet', name: 'eks-node-monitoring-agent' },
];

/** The account of the Amazon EKS add-on registry in each Region (`<account>.dkr.ecr.<region>.amazonaws.com`). */
export const EKS_ADDON_REGISTRIES: Readonly<Record<string, string>> = {
  'af-south-1': '877085696533',
  'ap-east-1': '800184023465',
  'ap-east-2': '533267051163',
  'ap-northeast-1': '602401143452',
  'ap-northeast-2': '602401143452',
  'ap-northeast-3': '602401143452',
  'ap-south-1': '602401143452',
  'ap-south-2': '900889452093',
  'ap-southeast-1': '602401143452',
  'ap-southeast-2': '602401143452',
  'ap-southeast-3': '296578399912',
  'ap-southeast-4': '491585149902',
  'ap-southeast-5': '151610086707',
  'ap-southeast-6': '333609536671',
  'ap-southeast-7': '121268973566',
  'ca-central-1': '602401143452',
  'ca-west-1': '761377655185',
  'cn-north-1': '918309763551',
  'cn-northwest-1': '961992271922',
  'eu-central-1': '602401143452',
  'eu-central-2': '900612956339',
  'eu-north-1': '602401143452',
  'eu-south-1': '590381155156',
  'eu-south-2': '455263428931',
  'eu-west-1': '602401143452',
  'eu-west-2': '602401143452',
  'eu-west-3': '602401143452',
  'eusc-de-east-1': '877088126301',
  'il-central-1': '066635153087',
  'me-central-1': '759879836304',
  'me-south-1': '558608220178',
  'mx-central-1': '730335286997',
  'sa-east-1': '602401143452',
  'us-east-1': '602401143452',
  'us-east-2': '602401143452',
  'us-gov-east-1': '151742754352',
  'us-gov-west-1': '013241004608',
  'us-west-1': '602401143452',
  'us-west-2': '602401143452',
};

const ADDON_ACCOUNTS: ReadonlySet<string> = new Set(Object.values(EKS_ADDON_REGISTRIES));

// `<account>.dkr.ecr[-fips].<region>.amazonaws.com[.cn]`, and the European Sovereign Cloud's `.amazonaws.eu`
const ECR_HOST = /^(\d{12})\.dkr\.ecr(?:-fips)?\.([a-z0-9-]+)\.amazonaws\.(?:com|com\.cn|eu)$/;

/** Whether an image is pulled from an Amazon EKS add-on registry (any Region: add-on manifests name their cluster's). */
export function isEksAddonImage(image: string): boolean {
  const name = parseImageReference(image).name;
  const slash = name.indexOf('/');
  if (slash <= 0) return false;
  const match = ECR_HOST.exec(name.slice(0, slash).toLowerCase());
  return match !== null && ADDON_ACCOUNTS.has(match[1]!);
}

/** The controller a Pod belongs to, when the API server's owner references say: a DaemonSet, or the Deployment of its ReplicaSet. */
function ownerOf(workload: Workload): { kind: string; name: string } | undefined {
  const object = workload.object;
  if (object.kind === 'DaemonSet' || object.kind === 'Deployment') return { kind: object.kind, name: object.name };
  const owners = records(record(object.raw['metadata'])['ownerReferences']);
  const owner = owners.find((ref) => ref['controller'] === true) ?? owners[0];
  const kind = str(owner?.['kind']);
  const name = str(owner?.['name']);
  if (!kind || !name) {
    // a ReplicaSet of a Deployment is named `<deployment>-<pod-template-hash>`
    return object.kind === 'ReplicaSet' ? deploymentOfReplicaSet(object.name) : undefined;
  }
  if (object.kind === 'Pod' && kind === 'ReplicaSet') return deploymentOfReplicaSet(name);
  if (object.kind === 'ReplicaSet' && kind === 'Deployment') return { kind, name };
  return { kind, name };
}

function deploymentOfReplicaSet(name: string): { kind: string; name: string } | undefined {
  const match = /^(.+)-[a-z0-9]{5,10}$/.exec(name);
  return match ? { kind: 'Deployment', name: match[1]! } : undefined;
}

/** The list entry a workload is, when it is one by namespace, controller and images; undefined otherwise. */
const MANAGED_NAMESPACES: ReadonlySet<string> = new Set(AWS_MANAGED_WORKLOADS.map((entry) => entry.namespace));

export function awsManagedWorkload(workload: Workload): AwsManagedWorkload | undefined {
  // every workload is asked: most are in namespaces no add-on uses
  if (workload.namespace === undefined || !MANAGED_NAMESPACES.has(workload.namespace)) return undefined;
  const owner = ownerOf(workload);
  if (!owner) return undefined;
  const entry = AWS_MANAGED_WORKLOADS.find((item) => item.namespace === workload.namespace && item.kind === owner.kind && item.name === owner.name);
  if (!entry) return undefined;
  const images = containersOf(workload.spec).map((ref) => str(ref.container['image']) ?? '');
  if (images.length === 0 || !images.every(isEksAddonImage)) return undefined;
  return entry;
}

/** The reason every failure of an AWS-managed workload is suppressed with. */
export const AWS_MANAGED_REASON = 'managed by AWS';
