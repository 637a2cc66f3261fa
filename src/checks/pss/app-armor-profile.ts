import { definePssCheck } from './define-pss-check.js';

/** PSS-appArmorProfile: the Pod Security Standards check `appArmorProfile`, exact to upstream; its contract is in src/k8s/pss/. */
export const pssAppArmorProfile = definePssCheck({
  id: 'appArmorProfile',
  title: 'Pods must not disable or override the default AppArmor profile',
  rationale:
    'On nodes with AppArmor (Bottlerocket, Ubuntu) the runtime confines every container with a default profile. An Unconfined profile, or any profile other than the runtime default or one loaded on the node, removes that confinement.',
  remediation:
    'Set `securityContext.appArmorProfile.type` to RuntimeDefault or Localhost (or leave it unset), and remove `container.apparmor.security.beta.kubernetes.io/*` annotations other than `runtime/default` and `localhost/<profile>`.',
  examples: {
    pass: [
      `apiVersion: v1
kind: Pod
metadata:
  name: web
  namespace: shop
spec:
  securityContext:
    appArmorProfile:
      type: RuntimeDefault
  containers:
    - name: web
      image: public.ecr.aws/nginx/nginx:1.27
`,
    ],
    fail: [
      `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: security-agent
  namespace: security
spec:
  selector:
    matchLabels: { app: security-agent }
  template:
    metadata:
      labels: { app: security-agent }
    spec:
      containers:
        - name: agent
          image: public.ecr.aws/docker/library/alpine:3.20
          securityContext:
            appArmorProfile:
              type: Unconfined
`,
      `apiVersion: v1
kind: Pod
metadata:
  name: legacy-agent
  namespace: security
  annotations:
    container.apparmor.security.beta.kubernetes.io/agent: unconfined
spec:
  containers:
    - name: agent
      image: public.ecr.aws/docker/library/alpine:3.20
`,
    ],
  },
});
