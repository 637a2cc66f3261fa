import { definePssCheck } from './define-pss-check.js';

/** PSS-restrictedVolumes: the Pod Security Standards check `restrictedVolumes`, exact to upstream; its contract is in src/k8s/pss/. */
export const pssRestrictedVolumes = definePssCheck({
  id: 'restrictedVolumes',
  title: 'Pods must use only the restricted set of volume types',
  rationale:
    'Restricted allows only volume types whose contents Kubernetes controls: configMap, csi, downwardAPI, emptyDir, ephemeral, image, persistentVolumeClaim, projected and secret. Inline host, network and cloud-disk volumes (hostPath, nfs, awsElasticBlockStore, gitRepo, ...) bypass the storage classes and access controls an administrator set up.',
  remediation: 'Replace other inline volume sources with a persistentVolumeClaim (for EBS, EFS or FSx through their CSI drivers) or one of the allowed types.',
  examples: {
    pass: [
      `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
  namespace: shop
spec:
  serviceName: db
  selector:
    matchLabels: { app: db }
  template:
    metadata:
      labels: { app: db }
    spec:
      containers:
        - name: postgres
          image: public.ecr.aws/docker/library/postgres:17
          volumeMounts:
            - { name: config, mountPath: /etc/postgresql }
            - { name: credentials, mountPath: /run/secrets/db }
      volumes:
        - name: config
          configMap:
            name: db-config
        - name: credentials
          secret:
            secretName: db-credentials
`,
    ],
    fail: [
      `apiVersion: v1
kind: Pod
metadata:
  name: uploader
  namespace: shop
spec:
  containers:
    - name: uploader
      image: public.ecr.aws/docker/library/busybox:1.36
      volumeMounts:
        - { name: shared, mountPath: /data }
  volumes:
    - name: shared
      nfs:
        server: fs-0123456789abcdef0.efs.eu-west-1.amazonaws.com
        path: /
`,
    ],
  },
});
