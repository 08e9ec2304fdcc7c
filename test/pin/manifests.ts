/** Manifests the pin tests render: one Deployment per image. */

/** A Deployment `name` in namespace shop with one container running `image`; `podExtra` is inserted into the pod spec. */
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
