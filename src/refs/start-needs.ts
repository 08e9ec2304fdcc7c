/**
 * Whether a workload's pod can start while an object is missing, and which of its containers could
 * run first. RBAC permission alone (rbac.ts) would name as possible creator of a Secret the very Job
 * whose only container reads it through secretKeyRef; that pod never starts, so it creates nothing.
 * What the kubelet does, which decides the answer (kubernetes/kubernetes pkg/kubelet):
 *   - before any container starts, init containers included, it waits until every volume that some
 *     container mounts is set up (kubelet.go SyncPod, volumeManager.WaitForAttachAndMount); a volume
 *     no container mounts is skipped (volumemanager/populator: "Skipping unused volume");
 *   - init containers start one at a time, in order: one that cannot start (CreateContainerConfigError
 *     for a missing env Secret) holds back every container after it (kuberuntime/kuberuntime_manager.go);
 *   - regular containers are started one by one, and one that cannot start does not stop the others.
 */
import { containersOf, describeContainer, type PodTemplateVisit } from '../manifests/pod-template-walker.js';
import type { ObjectReference } from './references.js';

/** What a missing object does to a pod's start, for a candidate creator. */
export type StartNeed =
  /** No container needs it: the pod starts without it. */
  | { kind: 'none' }
  /** The pod cannot get far enough to create it; `why` names what needs it. */
  | { kind: 'blocked'; why: string }
  /** Some containers need it, but `first` does not and runs regardless: it could create it. */
  | { kind: 'first'; first: string };

/** Whether a reference holds back its container (or the pod) while its object is missing. */
export function holdsBackStart(ref: ObjectReference): boolean {
  if (ref.optional) return false;
  // A missing pull Secret only costs an event; the pull is attempted without it.
  if (ref.site === 'imagePullSecrets') return false;
  // Ephemeral containers are added to running pods (kubectl debug); they never hold back a start.
  if (ref.container) return ref.container.kind !== 'ephemeralContainers';
  return ref.mounted === true;
}

/**
 * How `refs` (every reference of one pod template to one object) affect the start of that pod: the
 * pod template itself is `visit`, read for the containers that do not need the object.
 */
export function startNeed(visit: PodTemplateVisit, refs: readonly ObjectReference[]): StartNeed {
  const holding = refs.filter(holdsBackStart);
  if (!holding.length) return { kind: 'none' };
  const wheres = [...new Set(holding.map((r) => r.where))];
  const volume = holding.find((r) => !r.container);
  if (volume) return { kind: 'blocked', why: `${volume.where} needs it, and no container starts before the volumes it mounts are set up` };
  const needing = new Set(holding.map((r) => `${r.container!.kind}\u0000${r.container!.index}`));
  const initIndexes = holding.filter((r) => r.container!.kind === 'initContainers').map((r) => r.container!.index);
  const firstInit = initIndexes.length ? Math.min(...initIndexes) : Infinity;
  for (const c of containersOf(visit)) {
    const index = Number(c.containerPath[c.containerPath.length - 1]);
    if (c.containerKind === 'initContainers' && index < firstInit) {
      return { kind: 'first', first: `its ${describeContainer(c)} does not need it and runs before ${wheres.join(', ')}` };
    }
    if (c.containerKind === 'containers' && firstInit === Infinity && !needing.has(`containers\u0000${index}`)) {
      return {
        kind: 'first',
        first: `its ${describeContainer(c)} does not need it and starts while ${wheres.join(', ')} ${wheres.length > 1 ? 'wait' : 'waits'} for it`,
      };
    }
  }
  return { kind: 'blocked', why: `${wheres.join(', ')} ${wheres.length > 1 ? 'need' : 'needs'} it to start` };
}
