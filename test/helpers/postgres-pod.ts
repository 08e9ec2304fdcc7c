/**
 * Runs a rendered Postgres pod the way the kubelet would, without a container runtime: the init
 * containers in order (the next only when the previous exited 0), then the postgres container through
 * the official image's entrypoint, against Debian's Postgres 15 binaries.
 *
 * A "node" is a temporary directory standing in for the container's filesystem: every path the pod
 * touches (a volume's mount path, the image's /var/lib/postgresql, /var/run/postgresql and
 * /docker-entrypoint-initdb.d) lives at the same path under it. The entrypoint is run from a copy with
 * those absolute paths prefixed by the node's root; nothing else in it is changed. What differs from a
 * real pod, and why (all needed because the test shares one machine with other clusters):
 * - the server gets `-c unix_socket_directories=<node>/var/run/postgresql -c listen_addresses=127.0.0.1`
 *   (and `-c fsync=off`) after the image's CMD, and its own PGPORT, so it never meets a cluster the
 *   Debian package (or another test) started;
 * - the entrypoint's psql clears PGHOST (so that it reaches the temporary server on the image's
 *   default socket directory), so a libpq service file names the node's socket directory instead;
 * - the image's postgres user is the machine's `postgres` (uid 999 in the image), and a numeric
 *   runAsUser not in /etc/passwd runs with the image's nss_wrapper, exactly as the image does it.
 */
import { execa, type ResultPromise } from 'execa';
import {
  chmodSync,
  chownSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { repoRoot } from './cli.js';
import type { KubeObject } from '../../src/index.js';

/** Debian's postgresql-15 binaries (scripts/setup.sh installs them). */
export const PG_BIN = '/usr/lib/postgresql/15/bin';

/** The official image's entrypoints, one folder per major (docker-library/postgres, MIT). */
export const ENTRYPOINTS = path.resolve(repoRoot, '..', 'shared', 'third-party', 'docker-library-postgres');

/** Absolute paths of the image the entrypoint names; each lives under the node's root. */
const IMAGE_PATHS = ['/docker-entrypoint-initdb.d', '/var/run/postgresql', '/var/lib/postgresql'];

/** The official images' PGDATA (their Dockerfiles' `ENV PGDATA`). */
export function imagePgdata(major: number): string {
  return major >= 18 ? `/var/lib/postgresql/${major}/docker` : '/var/lib/postgresql/data';
}

/** The postgres image's users: root, and postgres (uid 999, primary group 999). */
const IMAGE_PRIMARY_GROUP: Record<number, number> = { 0: 0, 999: 999 };

const SYSTEM_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/** What is missing on this machine to run a pod this way; empty when everything is there. */
export function missingPrerequisites(): Promise<string[]> {
  const missing: string[] = [];
  for (const tool of ['initdb', 'postgres', 'pg_ctl', 'psql', 'pg_isready']) {
    if (!existsSync(path.join(PG_BIN, tool))) missing.push(`${PG_BIN}/${tool} (Debian package postgresql-15)`);
  }
  for (const [tool, pkg] of [
    ['/usr/sbin/gosu', 'gosu'],
    ['/usr/bin/setpriv', 'util-linux'],
    ['/usr/bin/unshare', 'util-linux'],
    ['/usr/bin/mountpoint', 'util-linux'],
  ] as const) {
    if (!existsSync(tool)) missing.push(`${tool} (Debian package ${pkg})`);
  }
  if (!readdirSync('/usr/lib').some((d) => existsSync(path.join('/usr/lib', d, 'libnss_wrapper.so'))))
    missing.push('libnss_wrapper.so (Debian package libnss-wrapper)');
  if (process.getuid?.() !== 0)
    missing.push('root (the entrypoint drops to the postgres user with gosu, and the non-root cases switch users with setpriv)');
  if (!passwdEntry('postgres')) missing.push('a postgres user (created by the postgresql-15 package)');
  for (const major of [15, 16, 17, 18]) {
    if (!existsSync(path.join(ENTRYPOINTS, String(major), 'docker-entrypoint.sh')))
      missing.push(`${ENTRYPOINTS}/${major}/docker-entrypoint.sh`);
  }
  return Promise.resolve(missing);
}

/** Whether this process may make a private mount namespace (CAP_SYS_ADMIN), for the 18 mount-point case. */
export async function canMountPrivately(): Promise<boolean> {
  const r = await execa('unshare', ['-m', '--propagation', 'private', 'true'], { reject: false, timeout: 10_000 });
  return r.exitCode === 0;
}

function passwdEntry(name: string): { uid: number; gid: number } | undefined {
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((l) => l.startsWith(`${name}:`));
  if (!line) return undefined;
  const [, , uid, gid] = line.split(':');
  return { uid: Number(uid), gid: Number(gid) };
}

type Obj = Record<string, unknown>;

/** A container as it sits in the pod spec. */
export interface ContainerSpec {
  name: string;
  image: string;
  command?: string[];
  args?: string[];
  env?: { name: string; value?: string; valueFrom?: { secretKeyRef?: { name: string; key: string } } }[];
  volumeMounts?: { name: string; mountPath: string; readOnly?: boolean }[];
  securityContext?: { runAsUser?: number; runAsGroup?: number };
}

/** The postgres pod of a render, with the Secrets its env reads. */
export interface PodUnderTest {
  initContainers: ContainerSpec[];
  postgres: ContainerSpec;
  securityContext: { runAsUser?: number; runAsGroup?: number; fsGroup?: number; supplementalGroups?: number[] };
  secrets: Map<string, Record<string, string>>;
}

/** Takes the StatefulSet `name` and every Secret out of a rendered stream. */
export function podOf(stream: string, name = 'postgres'): PodUnderTest {
  const objects = parseAllDocuments(stream).map((d) => d.toJS() as KubeObject);
  const sts = objects.find((o) => o.kind === 'StatefulSet' && o.metadata?.name === name);
  if (!sts) throw new Error(`no StatefulSet ${name} in the render`);
  const spec = ((sts.spec as Obj).template as Obj).spec as Obj;
  const containers = spec.containers as ContainerSpec[];
  const secrets = new Map<string, Record<string, string>>();
  for (const o of objects.filter((x) => x.kind === 'Secret')) {
    const values: Record<string, string> = {};
    for (const [k, v] of Object.entries((o.data as Record<string, string> | undefined) ?? {}))
      values[k] = Buffer.from(v, 'base64').toString('utf8');
    Object.assign(values, (o.stringData as Record<string, string> | undefined) ?? {});
    secrets.set(String(o.metadata?.name), values);
  }
  return {
    initContainers: (spec.initContainers as ContainerSpec[] | undefined) ?? [],
    postgres: containers.find((c) => c.name === 'postgres')!,
    securityContext: (spec.securityContext as PodUnderTest['securityContext'] | undefined) ?? {},
    secrets,
  };
}

/** How a container run ended. */
export interface Exited {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** A server started by the entrypoint; `stop` is a fast shutdown of that process alone. */
export interface Server {
  pid: number;
  output(): { stdout: string; stderr: string };
  stop(): Promise<Exited>;
}

/** What the kubelet would report: every init container that ran, and the main container's fate. */
export interface PodRun {
  init: (Exited & { name: string })[];
  /** Set when the init containers passed and the server is accepting connections. */
  server?: Server;
  /** Set when the init containers passed but the entrypoint exited instead. */
  exited?: Exited;
}

/** One pod's filesystem and processes; `cleanup` stops what it started and removes the directory. */
export class Node {
  readonly root: string;
  readonly socketDir: string;
  readonly #servers = new Set<ResultPromise>();
  readonly #postgres: { uid: number; gid: number };

  private constructor(
    readonly major: number,
    readonly port: number,
  ) {
    this.#postgres = passwdEntry('postgres')!;
    this.root = mkdtempSync(path.join(os.tmpdir(), 'kustodian-pg-'));
    // Every user the pod runs as must reach the paths under the root, as in the image.
    chmodSync(this.root, 0o755);
    this.socketDir = this.path('/var/run/postgresql');
    this.#dir('/docker-entrypoint-initdb.d', 0o755, 0);
    // The image's own directories (its Dockerfile): /var/run/postgresql 3777 and the home
    // /var/lib/postgresql, both owned by postgres, and for 18 its PGDATA 1777.
    this.#dir('/var/run/postgresql', 0o3777, this.#postgres.uid);
    this.#dir('/var/lib/postgresql', 0o755, this.#postgres.uid);
    if (major >= 18) this.#dir(imagePgdata(major), 0o1777, this.#postgres.uid);
    this.#dir('/usr/local/bin', 0o755, 0);
    let script = readFileSync(path.join(ENTRYPOINTS, String(major), 'docker-entrypoint.sh'), 'utf8');
    for (const p of IMAGE_PATHS) {
      // A changed upstream script must fail here, not run against the machine's own directories.
      if (!script.includes(p)) throw new Error(`the ${major} entrypoint no longer names ${p}; review test/helpers/postgres-pod.ts`);
      script = script.replaceAll(p, this.path(p));
    }
    writeFileSync(this.entrypoint, script, { mode: 0o755 });
    writeFileSync(this.path('/pg_service.conf'), `[node]\nhost=${this.socketDir}\nport=${port}\n`, { mode: 0o644 });
  }

  /** A node for the image of `major`, on a free loopback port. */
  static async create(major: number): Promise<Node> {
    return new Node(major, await freePort());
  }

  get entrypoint(): string {
    return this.path('/usr/local/bin/docker-entrypoint.sh');
  }

  /** Where a container path lives on this machine. */
  path(containerPath: string): string {
    return path.join(this.root, containerPath);
  }

  #dir(containerPath: string, mode: number, uid: number): void {
    const p = this.path(containerPath);
    mkdirSync(p, { recursive: true });
    chownSync(p, uid, uid === 0 ? 0 : this.#postgres.gid);
    chmodSync(p, mode);
  }

  /**
   * A volume mounted at `mountPath`, hiding what the image had there: by default a fresh ext4
   * filesystem (root 755 and a `lost+found` of mode 700, both root's).
   */
  volume(mountPath: string, options: { lostFound?: boolean; mode?: number } = {}): string {
    const p = this.path(mountPath);
    rmSync(p, { recursive: true, force: true });
    this.#dir(mountPath, options.mode ?? 0o755, 0);
    if (options.lostFound ?? true) this.lostFound(mountPath);
    return p;
  }

  /** Adds the `lost+found` that mkfs.ext4 (and e2fsck) make. */
  lostFound(mountPath: string): void {
    mkdirSync(path.join(this.path(mountPath), 'lost+found'), { mode: 0o700 });
    chmodSync(path.join(this.path(mountPath), 'lost+found'), 0o700);
  }

  /** What the kubelet does to a volume for a pod's fsGroup: group ownership, group rw, setgid directories. */
  fsGroup(mountPath: string, gid: number): void {
    const visit = (p: string): void => {
      const st = lstatSync(p);
      chownSync(p, st.uid, gid);
      chmodSync(p, (st.mode & 0o7777) | (st.isDirectory() ? 0o2770 : 0o660));
      if (st.isDirectory()) for (const e of readdirSync(p)) visit(path.join(p, e));
    };
    visit(this.path(mountPath));
  }

  /** An init script in the image's /docker-entrypoint-initdb.d (as a ConfigMap mount would give it). */
  initScript(name: string, sql: string): void {
    writeFileSync(path.join(this.path('/docker-entrypoint-initdb.d'), name), sql, { mode: 0o644 });
  }

  /**
   * Runs the pod: each init container to its end, then, if all exited 0, the postgres container
   * until it accepts connections or exits. `bindMounts` makes those container paths real mount
   * points (in a private mount namespace), for the 18 entrypoint's `mountpoint` check.
   */
  async run(pod: PodUnderTest, options: { bindMounts?: string[] } = {}): Promise<PodRun> {
    const init: PodRun['init'] = [];
    for (const c of pod.initContainers) {
      const { file, args, env } = this.#process(pod, c, options.bindMounts);
      const r = await execa(file, args, { env, extendEnv: false, reject: false, timeout: 30_000, cwd: this.root });
      init.push({ name: c.name, exitCode: r.exitCode ?? -1, stdout: String(r.stdout), stderr: String(r.stderr) });
      if (r.exitCode !== 0) return { init };
    }
    return { init, ...(await this.#start(pod, options.bindMounts)) };
  }

  async #start(pod: PodUnderTest, bindMounts: string[] | undefined): Promise<{ server: Server } | { exited: Exited }> {
    const { file, args, env } = this.#process(pod, pod.postgres, bindMounts);
    const child = execa(file, args, { env, extendEnv: false, reject: false, cwd: this.root, forceKillAfterDelay: 10_000 });
    this.#servers.add(child);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    let ended: Exited | undefined;
    void child.then((r) => (ended = { exitCode: r.exitCode ?? -1, stdout, stderr }));
    const stop = async (): Promise<Exited> => {
      const r = await stopChild(child);
      this.#servers.delete(child);
      return { exitCode: r.exitCode ?? -1, stdout, stderr };
    };
    // The temporary server of the init phase listens only on the socket, so a TCP answer is the real one.
    for (const deadline = Date.now() + 120_000; Date.now() < deadline;) {
      if (ended) {
        this.#servers.delete(child);
        return { exited: ended };
      }
      const ready = await execa(path.join(PG_BIN, 'pg_isready'), ['-q', '-h', '127.0.0.1', '-p', String(this.port), '-t', '1'], {
        reject: false,
        extendEnv: false,
        env: { PATH: SYSTEM_PATH },
      });
      if (ready.exitCode === 0 && !ended) return { server: { pid: child.pid!, output: () => ({ stdout, stderr }), stop } };
      await new Promise((r) => setTimeout(r, 250));
    }
    await stop();
    throw new Error(`Postgres did not accept connections within 120 s:\n${stdout}\n${stderr}`);
  }

  /** argv and env of a container: the image's ENTRYPOINT/CMD and ENV, then the container's own. */
  #process(
    pod: PodUnderTest,
    c: ContainerSpec,
    bindMounts: string[] | undefined,
  ): { file: string; args: string[]; env: Record<string, string> } {
    const mounts = (c.volumeMounts ?? []).map((m) => m.mountPath);
    const map = (v: string): string => ([...IMAGE_PATHS, ...mounts].some((p) => v === p || v.startsWith(`${p}/`)) ? this.path(v) : v);
    // fsync=off only spares a shared disk; it changes nothing the entrypoint or the guard decide.
    const serverArgs = ['-c', `unix_socket_directories=${this.socketDir}`, '-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off'];
    let argv = c.command ? [...c.command, ...(c.args ?? [])] : [this.entrypoint, ...(c.args ?? ['postgres']), ...serverArgs];
    argv = argv.map(map);
    const env: Record<string, string> = { PATH: `${PG_BIN}:${SYSTEM_PATH}`, PG_MAJOR: String(this.major), PGDATA: imagePgdata(this.major) };
    if (!c.command) Object.assign(env, { PGPORT: String(this.port), PGSERVICEFILE: this.path('/pg_service.conf'), PGSERVICE: 'node' });
    for (const e of c.env ?? []) {
      if (e.value !== undefined) env[e.name] = e.value;
      else if (e.valueFrom?.secretKeyRef) {
        const { name, key } = e.valueFrom.secretKeyRef;
        const value = pod.secrets.get(name)?.[key];
        if (value === undefined) throw new Error(`env ${e.name}: no key ${key} in Secret ${name} of the render`);
        env[e.name] = value;
      } else throw new Error(`env ${e.name}: only value and secretKeyRef are supported here`);
    }
    for (const k of Object.keys(env)) env[k] = map(env[k]!);

    const uid = c.securityContext?.runAsUser ?? pod.securityContext.runAsUser ?? 0;
    if (uid !== 0) {
      const gid = c.securityContext?.runAsGroup ?? pod.securityContext.runAsGroup ?? IMAGE_PRIMARY_GROUP[uid] ?? 0;
      const groups = [pod.securityContext.fsGroup, ...(pod.securityContext.supplementalGroups ?? [])].filter(
        (g): g is number => g !== undefined,
      );
      argv = [
        'setpriv',
        `--reuid=${uid}`,
        `--regid=${gid}`,
        groups.length ? `--groups=${groups.join(',')}` : '--clear-groups',
        '--',
        ...argv,
      ];
    }
    if (bindMounts?.length) {
      // Each path bound onto itself becomes a mount point for this process tree alone.
      const bind = 'n=$1; shift; while [ "$n" -gt 0 ]; do mount --bind -- "$1" "$1" || exit 1; shift; n=$((n - 1)); done; exec "$@"';
      argv = [
        'unshare',
        '-m',
        '--propagation',
        'private',
        '--',
        'sh',
        '-c',
        bind,
        'sh',
        String(bindMounts.length),
        ...bindMounts.map((m) => this.path(m)),
        ...argv,
      ];
    }
    return { file: argv[0]!, args: argv.slice(1), env };
  }

  /** A query over the node's socket as `user` (local connections are trusted by the image's initdb). */
  async query(user: string, db: string, sql: string): Promise<string> {
    const r = await execa(
      path.join(PG_BIN, 'psql'),
      ['-X', '-q', '-tA', '-v', 'ON_ERROR_STOP=1', '-h', this.socketDir, '-p', String(this.port), '-U', user, '-d', db, '-c', sql],
      {
        extendEnv: false,
        env: { PATH: SYSTEM_PATH, PGCONNECT_TIMEOUT: '10' },
        timeout: 30_000,
      },
    );
    return String(r.stdout).trim();
  }

  /** A shell command as the image's postgres user, as `kubectl exec` into a pod that runs as root would. */
  async asPostgres(command: string): Promise<Exited> {
    const r = await execa('gosu', ['postgres', 'sh', '-c', command], {
      extendEnv: false,
      env: { PATH: SYSTEM_PATH },
      reject: false,
      timeout: 60_000,
      cwd: '/',
    });
    return { exitCode: r.exitCode ?? -1, stdout: String(r.stdout), stderr: String(r.stderr) };
  }

  /** Stops every server this node started (and only those), then removes the node. */
  async cleanup(): Promise<void> {
    for (const child of this.#servers) await stopChild(child);
    this.#servers.clear();
    rmSync(this.root, { recursive: true, force: true });
  }
}

/**
 * SIGINT is Postgres's fast shutdown; the pid is the entrypoint's, which exec'd into postgres (gosu
 * execs too), so this reaches the server this node started and nothing else. SIGKILL after 30 s.
 */
async function stopChild(child: ResultPromise): Promise<{ exitCode?: number }> {
  child.kill('SIGINT');
  const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
  try {
    return await child;
  } finally {
    clearTimeout(timer);
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}
