/** Small workload manifests the pin, shared-cache and proxy tests render. */

/** A Deployment `name` in namespace `shop` with one container running `image` (`podExtra` goes before `containers`). */
export function deployment(name: string, image: string, podExtra = ''): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}, namespace: shop}
spec:
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}}}
    spec:
${podExtra}      containers:
      - {name: main, image: "${image}"}
`;
}

/** A Postgres StatefulSet `name` in namespace shop whose volume is mounted on the data directory: the PGDATA step asks for its image's config. */
export function postgres(name: string, image: string): string {
  return `apiVersion: apps/v1
kind: StatefulSet
metadata: {name: ${name}, namespace: shop}
spec:
  serviceName: ${name}
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}}}
    spec:
      containers:
      - name: postgres
        image: "${image}"
        volumeMounts:
        - {name: data, mountPath: /var/lib/postgresql/data}
  volumeClaimTemplates:
  - metadata: {name: data}
    spec:
      accessModes: [ReadWriteOnce]
      resources: {requests: {storage: 1Gi}}
`;
}
