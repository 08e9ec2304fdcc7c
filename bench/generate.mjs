// Writes a kustomize overlay of `apps` × 4 objects (Deployment, Service, ConfigMap, Secret) into DIR.
// Every Deployment reads its own Secret and ConfigMap through secretKeyRef, configMapKeyRef and
// envFrom, and every reference resolves, so kustodian's reference checks do their full work and the
// render passes. The objects carry their namespace themselves and the overlay only overrides an image:
// kustomize's namespace and label transformers are quadratic-ish at this size (a namespace transformer
// alone adds ~10 s of CPU per build at 2,000 objects), which would turn the benchmark into a
// benchmark of those transformers and take many minutes.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

function app(i) {
  const name = `svc-${String(i).padStart(4, '0')}`;
  return `apiVersion: v1
kind: ConfigMap
metadata:
  name: ${name}-config
  namespace: bench
data:
  LOG_LEVEL: info
  FEATURE_FLAGS: "search,checkout"
  application.yaml: |
    server:
      port: 8080
    upstream: http://svc-${String((i + 1) % 1000).padStart(4, '0')}:80
---
apiVersion: v1
kind: Secret
metadata:
  name: ${name}-secrets
  namespace: bench
type: Opaque
stringData:
  DB_URL: postgres://app:changeme@db:5432/${name}
  API_TOKEN: changeme
---
apiVersion: v1
kind: Service
metadata:
  name: ${name}
  namespace: bench
  labels:
    app.kubernetes.io/name: ${name}
spec:
  selector:
    app.kubernetes.io/name: ${name}
  ports:
  - name: http
    port: 80
    targetPort: http
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: bench
  labels:
    app.kubernetes.io/name: ${name}
spec:
  replicas: 2
  selector:
    matchLabels:
      app.kubernetes.io/name: ${name}
  template:
    metadata:
      labels:
        app.kubernetes.io/name: ${name}
    spec:
      securityContext:
        runAsNonRoot: true
        runAsUser: 10001
      initContainers:
      - name: wait-for-db
        image: busybox:1.36
        command: [sh, -c, "until nc -z db 5432; do sleep 1; done"]
      containers:
      - name: app
        image: example/app:1.0.0
        ports:
        - name: http
          containerPort: 8080
        envFrom:
        - configMapRef:
            name: ${name}-config
        env:
        - name: DB_URL
          valueFrom:
            secretKeyRef:
              name: ${name}-secrets
              key: DB_URL
        - name: API_TOKEN
          valueFrom:
            secretKeyRef:
              name: ${name}-secrets
              key: API_TOKEN
        - name: LOG_LEVEL
          valueFrom:
            configMapKeyRef:
              name: ${name}-config
              key: LOG_LEVEL
        readinessProbe:
          httpGet:
            path: /healthz
            port: http
        resources:
          requests:
            cpu: 50m
            memory: 64Mi
          limits:
            memory: 256Mi
        volumeMounts:
        - name: config
          mountPath: /etc/app
      volumes:
      - name: config
        configMap:
          name: ${name}-config
          items:
          - key: application.yaml
            path: application.yaml
`;
}

/** Writes DIR/base (files of 50 apps each) and DIR/overlay; returns the overlay's path. */
export function generateOverlay(dir, apps) {
  const base = join(dir, 'base');
  const overlay = join(dir, 'overlay');
  mkdirSync(base, { recursive: true });
  mkdirSync(overlay, { recursive: true });
  const files = [];
  for (let start = 0; start < apps; start += 50) {
    const file = `apps-${String(files.length).padStart(3, '0')}.yaml`;
    const docs = [];
    for (let i = start; i < Math.min(apps, start + 50); i++) docs.push(app(i));
    writeFileSync(join(base, file), docs.join('---\n'));
    files.push(file);
  }
  writeFileSync(join(base, 'kustomization.yaml'), `resources:\n${files.map((f) => `- ${f}`).join('\n')}\n`);
  writeFileSync(
    join(overlay, 'kustomization.yaml'),
    `resources:
- ../base
images:
- name: example/app
  newName: registry.example.com/example/app
  newTag: 1.0.1
`,
  );
  return overlay;
}
