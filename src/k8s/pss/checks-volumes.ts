import { joinQuote, pluralize, sortedUnique } from './format.js';
import type { PodView, VolumeView } from './pod-view.js';
import type { CheckOutcome, PssCheckDefinition } from './types.js';

const ALLOWED_SOURCES = new Set([
  'configMap',
  'csi',
  'downwardAPI',
  'emptyDir',
  'ephemeral',
  'image',
  'persistentVolumeClaim',
  'projected',
  'secret',
]);

/** Upstream names a bad volume after the first of these it has, in this order. */
const RESTRICTED_SOURCES = [
  'hostPath',
  'gcePersistentDisk',
  'awsElasticBlockStore',
  'gitRepo',
  'nfs',
  'iscsi',
  'glusterfs',
  'rbd',
  'flexVolume',
  'cinder',
  'cephfs',
  'flocker',
  'fc',
  'azureFile',
  'vsphereVolume',
  'quobyte',
  'azureDisk',
  'photonPersistentDisk',
  'portworxVolume',
  'scaleIO',
  'storageos',
] as const;

/** The restricted type of a volume, or undefined when one of its sources is allowed. */
function restrictedType(volume: VolumeView): string | undefined {
  if (volume.sources.some((source) => ALLOWED_SOURCES.has(source))) return undefined;
  // A source we do not know (a typo, or a type newer than this table) fails closed, as upstream does.
  return RESTRICTED_SOURCES.find((source) => volume.sources.includes(source)) ?? 'unknown';
}

function restrictedVolumes(pod: PodView): CheckOutcome | undefined {
  const names: string[] = [];
  const types: string[] = [];
  let path: string | undefined;
  for (const volume of pod.volumes) {
    const type = restrictedType(volume);
    if (type === undefined) continue;
    names.push(volume.name);
    types.push(type);
    path ??= type === 'unknown' ? volume.path : `${volume.path}.${type}`;
  }
  if (path === undefined) return undefined;
  const distinct = sortedUnique(types);
  const count = names.length;
  return {
    reason: 'restricted volume types',
    detail: `${pluralize('volume', 'volumes', count)} ${joinQuote(names)} ${pluralize('uses', 'use', count)} ${pluralize('restricted volume type', 'restricted volume types', distinct.length)} ${joinQuote(distinct)}`,
    path,
  };
}

export const volumeChecks: readonly PssCheckDefinition[] = [
  { id: 'restrictedVolumes', level: 'restricted', revisions: [{ minMinor: 0, run: restrictedVolumes, overrides: ['hostPathVolumes'] }] },
];
