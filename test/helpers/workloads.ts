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
