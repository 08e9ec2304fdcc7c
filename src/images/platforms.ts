/**
 * Which platforms a workload's images must provide: the configured set, with the os and arch
 * dimensions replaced by what the workload's own nodeSelector or required node affinity pins it to.
 */
import { type PodSpec } from '../manifests/pod-template-walker.js';
import { isRecord } from '../manifests/field-path.js';
import { normalizePlatformString as normalizePlatform } from '../registry/index.js';

/** The node labels that carry a node's platform (kubernetes.io/docs/reference/labels-annotations-taints). */
const OS_LABELS = ['kubernetes.io/os', 'beta.kubernetes.io/os'];
const ARCH_LABELS = ['kubernetes.io/arch', 'beta.kubernetes.io/arch'];

/** The platforms one workload needs, and why, for messages. */
export interface PlatformRequirement {
  /** Normalised os/arch[/variant], sorted. */
  platforms: string[];
  /** e.g. "the default platforms", "nodeSelector kubernetes.io/arch=arm64". */
  source: string;
}

/** Values a dimension is restricted to; undefined when the workload leaves it open. */
type Restriction = { values: Set<string>; source: string } | undefined;

function intersect(a: Restriction, b: Restriction): Restriction {
  if (!a) return b;
  if (!b) return a;
  return { values: new Set([...a.values].filter((v) => b.values.has(v))), source: `${a.source} and ${b.source}` };
}

function fromNodeSelector(podSpec: PodSpec, labels: readonly string[]): Restriction {
  const sel = podSpec.nodeSelector;
  if (!isRecord(sel)) return undefined;
  let out: Restriction;
  for (const label of labels) {
    const v = sel[label];
    if (typeof v === 'string' && v) out = intersect(out, { values: new Set([v]), source: `nodeSelector ${label}=${v}` });
  }
  return out;
}

/**
 * Required node affinity: terms are ORed, expressions within a term ANDed. A dimension is restricted
 * only when every term restricts it (a term that leaves it open lets pods land anywhere); the
 * restriction is then the union over terms. Only the `In` operator narrows; `NotIn`, `Exists` and the
 * rest are treated as leaving the dimension open, which keeps the stricter configured default.
 */
function fromAffinity(podSpec: PodSpec, labels: readonly string[]): Restriction {
  const required = (
    podSpec.affinity as { nodeAffinity?: { requiredDuringSchedulingIgnoredDuringExecution?: { nodeSelectorTerms?: unknown } } } | undefined
  )?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  if (!Array.isArray(required) || required.length === 0) return undefined;
  const union = new Set<string>();
  for (const term of required) {
    const exprs = isRecord(term) && Array.isArray(term.matchExpressions) ? term.matchExpressions : [];
    let termValues: Set<string> | undefined;
    for (const expr of exprs) {
      if (!isRecord(expr) || !labels.includes(String(expr.key)) || expr.operator !== 'In' || !Array.isArray(expr.values)) continue;
      const values = new Set(expr.values.map(String));
      termValues = termValues ? new Set([...termValues].filter((v) => values.has(v))) : values;
    }
    if (!termValues) return undefined;
    for (const v of termValues) union.add(v);
  }
  return { values: union, source: `required node affinity on ${labels[0]}` };
}

/**
 * The platforms a PodSpec's images must provide. `defaults` are os/arch[/variant] strings (already
 * validated by the config schema). When the workload pins the arch, variants of the default are dropped:
 * a node label carries no variant.
 */
export function requiredPlatforms(podSpec: PodSpec | undefined, defaults: readonly string[]): PlatformRequirement {
  const base = [...new Set(defaults.map(normalizePlatform))].sort();
  if (!podSpec) return { platforms: base, source: 'the configured platforms' };
  const os = intersect(fromNodeSelector(podSpec, OS_LABELS), fromAffinity(podSpec, OS_LABELS));
  const arch = intersect(fromNodeSelector(podSpec, ARCH_LABELS), fromAffinity(podSpec, ARCH_LABELS));
  if (!os && !arch) return { platforms: base, source: 'the configured platforms' };
  const split = base.map((p) => p.split('/'));
  const oses = os ? [...os.values] : [...new Set(split.map((s) => s[0]!))];
  const out = new Set<string>();
  for (const o of oses) {
    if (arch) {
      for (const a of arch.values) out.add(normalizePlatform(`${o}/${a}`));
    } else {
      for (const s of split) out.add(normalizePlatform([o, ...s.slice(1)].join('/')));
    }
  }
  const source = [os?.source, arch?.source].filter(Boolean).join(' and ');
  return { platforms: [...out].sort(), source };
}

/** The required platforms the image lacks. */
export function missingPlatforms(required: readonly string[], found: readonly string[]): string[] {
  const have = new Set(found.map(normalizePlatform));
  return required.filter((p) => !have.has(normalizePlatform(p)));
}
