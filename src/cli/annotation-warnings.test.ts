import { describe, expect, it } from 'vitest';
import { inventoryFromYaml } from '../../test/helpers/run-check.js';
import { annotationWarnings } from './annotation-warnings.js';

const YAML = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
  annotations:
    eksguard.io/ignore.K8S-WL-07: "controller needs the API"
spec:
  selector: { matchLabels: { app: web } }
  template:
    metadata:
      labels: { app: web }
      annotations:
        eksguard.io/ignore.K8S-WL-004: ""
        eksguard.io/ignore.PSS-runAsNonroot: "image runs as root"
    spec:
      containers: [{ name: web, image: nginx:1.27 }]
`;

describe('warnings for ignore annotations', () => {
  it('names each annotation that suppresses nothing, with the nearest check ID, at its line', () => {
    const warnings = annotationWarnings(inventoryFromYaml(YAML).kube, ['K8S-WL-004', 'K8S-WL-007', 'PSS-runAsNonRoot']);
    expect(warnings).toEqual([
      {
        source: 'annotation',
        message: 'Deployment shop/web: annotation eksguard.io/ignore.K8S-WL-07 names no check, so it suppresses nothing (did you mean K8S-WL-007?)',
        location: { file: 'test.yaml', line: 7 },
      },
      {
        source: 'annotation',
        message: 'Deployment shop/web: annotation eksguard.io/ignore.K8S-WL-004 gives no reason, so it suppresses nothing: write why the finding is accepted',
        location: { file: 'test.yaml', line: 14 },
      },
      {
        source: 'annotation',
        message: 'Deployment shop/web: annotation eksguard.io/ignore.PSS-runAsNonroot names no check, so it suppresses nothing (did you mean PSS-runAsNonRoot?)',
        location: { file: 'test.yaml', line: 15 },
      },
    ]);
  });
});
