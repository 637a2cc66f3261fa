export { KubeApiError, KubeSourceError } from './api-error.js';
export { collectCluster, DEFAULT_CONCURRENCY, DEFAULT_PAGE_SIZE, type CheckNeeds, type ClusterSourceOptions } from './collect.js';
export { listContextNames, loadKubeconfig, type KubeconfigOptions, type LoadedKubeconfig } from './kubeconfig.js';
export { terminalProgress, type ProgressSink } from './progress.js';
export { knownResources, neededKinds, type KubeResource } from './resources.js';
