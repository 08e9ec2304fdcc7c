/**
 * The init container that stops an injected PGDATA from hiding an existing database
 * (reference §5.4): with PGDATA moved into a subdirectory, Postgres would run initdb there and
 * start a new, empty cluster while the old one sits untouched at the volume root.
 */
import type { Container } from '../../manifests/pod-template-walker.js';

/** The guard's container name; it is looked up by this name so that it is never added twice. */
export const GUARD_NAME = 'kustodian-pgdata-guard';

/** The workload annotation that keeps the old layout (and the one that turns the step off). */
export const PGDATA_ANNOTATION = 'kustodian.dev/pgdata';

/**
 * The guard's POSIX sh script. It is the only copy: the container runs it as
 * `sh -c SCRIPT kustodian-pgdata-guard <mount root> <PGDATA>`, and the tests run the command taken
 * from a rendered manifest against temporary directories. Only sh built-ins plus `cat` and `id`,
 * which both the Debian and the Alpine images ship.
 *
 * It refuses when it cannot read the mount root, because a database it cannot see is exactly the
 * one it must not hide; it runs with the postgres container's own user and security context.
 */
export const GUARD_SCRIPT = `# kustodian-pgdata-guard: refuse to start Postgres on a new, empty PGDATA
# while a database sits at the volume root. $1: the mount root. $2: PGDATA.
root="$1"
pgdata="$2"
sub="\${pgdata##*/}"
say() { printf '%s\\n' "kustodian-pgdata-guard: $*" >&2; }
if [ ! -d "$root" ] || [ ! -r "$root" ] || [ ! -x "$root" ]; then
  say "refusing to start: cannot read $root as uid $(id -u 2>/dev/null), so cannot tell whether it holds a database. Run this init container as the postgres container's user, or keep the old layout with the workload annotation ${PGDATA_ANNOTATION}: keep."
  exit 1
fi
if [ -e "$root/PG_VERSION" ]; then
  if [ -e "$pgdata/PG_VERSION" ]; then
    say "note: PGDATA $pgdata holds the database in use; an older database is still at the volume root $root and is ignored. Remove it once you have checked it."
    exit 0
  fi
  version="$(cat "$root/PG_VERSION" 2>/dev/null)"
  say "refusing to start: $root holds a PostgreSQL \${version:-?} database at the volume root, but PGDATA is $pgdata, where Postgres would create a new, empty cluster and hide the existing data. Move the data into $pgdata, or keep the old layout with the workload annotation ${PGDATA_ANNOTATION}: keep."
  say "to move the data: keep Postgres stopped and, as the postgres user in a pod that mounts this volume, run: cd $root && mkdir -m 700 $sub && find . -mindepth 1 -maxdepth 1 ! -name $sub ! -name lost+found -exec mv {} $sub/ \\;"
  say "to keep the old layout: add the annotation ${PGDATA_ANNOTATION}: keep to the workload's metadata; kustodian then adds neither PGDATA nor this guard."
  exit 1
fi
echo "kustodian-pgdata-guard: ok: no database at the volume root $root; PGDATA is $pgdata"
`;

/**
 * Small enough never to change scheduling (a pod's request is the larger of its biggest init
 * container and the sum of its main containers); limits are set so that a namespace ResourceQuota
 * on limits does not reject the pod.
 */
const GUARD_RESOURCES = {
  requests: { cpu: '10m', memory: '16Mi' },
  limits: { cpu: '100m', memory: '64Mi' },
};

/**
 * Builds the guard for a postgres container. Same image (already pulled, and its sh is known),
 * the same volume read-only, and a copy of the container's securityContext: the pod's
 * securityContext applies to init containers anyway, and the container's own user, group and
 * capabilities are what let Postgres read a mode-700 data directory — the guard needs the same
 * access, and dropping capabilities would make a root guard blind to a database it must see.
 */
export function guardContainer(postgres: Container, mount: Record<string, unknown>, name: string, root: string, pgdata: string): Container {
  const guard: Container = {
    name,
    image: postgres.image,
  };
  if (postgres.imagePullPolicy !== undefined) guard.imagePullPolicy = postgres.imagePullPolicy;
  guard.command = ['sh', '-c', GUARD_SCRIPT, GUARD_NAME, root, pgdata];
  guard.volumeMounts = [{ name: mount.name, mountPath: root, readOnly: true }];
  guard.resources = structuredClone(GUARD_RESOURCES);
  if (postgres.securityContext !== undefined) guard.securityContext = structuredClone(postgres.securityContext);
  // `kubectl describe pod` then shows why the pod is stuck in Init.
  guard.terminationMessagePolicy = 'FallbackToLogsOnError';
  return guard;
}
