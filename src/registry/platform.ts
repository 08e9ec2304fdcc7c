/**
 * Platform strings, normalised the way containerd does (`containerd/platforms` normalizeArch), so that
 * `linux/aarch64`, `linux/arm64/v8` and `linux/arm64` compare equal. Hand-written: the table is a dozen
 * lines and no maintained npm package mirrors containerd's rules.
 */

/** A platform split into parts; `variant` is absent when it carries no information. */
export interface Platform {
  os: string;
  architecture: string;
  variant?: string;
}

/** Normalises raw os/arch/variant values (from an index entry or an image config) to containerd's canonical form. */
export function normalizePlatform(raw: { os?: string; architecture?: string; variant?: string }): Platform {
  let os = (raw.os ?? '').toLowerCase();
  let arch = (raw.architecture ?? '').toLowerCase();
  let variant = (raw.variant ?? '').toLowerCase() || undefined;
  if (os === 'macos') os = 'darwin';
  switch (arch) {
    case 'i386':
      arch = '386';
      variant = undefined;
      break;
    case 'x86_64':
    case 'x86-64':
    case 'amd64':
      arch = 'amd64';
      if (variant === 'v1') variant = undefined;
      break;
    case 'aarch64':
    case 'arm64':
      arch = 'arm64';
      if (variant === '8' || variant === 'v8' || variant === 'v8.0') variant = undefined;
      break;
    case 'armhf':
      arch = 'arm';
      variant = 'v7';
      break;
    case 'armel':
      arch = 'arm';
      variant = 'v6';
      break;
    case 'arm':
      if (variant === undefined || variant === '7') variant = 'v7';
      else if (/^\d+$/.test(variant)) variant = `v${variant}`;
      break;
    default:
      break;
  }
  return variant ? { os, architecture: arch, variant } : { os, architecture: arch };
}

/** `os/arch[/variant]`, the form used in config, the lock file and findings. */
export function formatPlatform(p: Platform): string {
  return p.variant ? `${p.os}/${p.architecture}/${p.variant}` : `${p.os}/${p.architecture}`;
}

/** Parses and normalises `os/arch[/variant]` (e.g. from `--platform`); undefined if it is not of that shape. */
export function parsePlatform(text: string): Platform | undefined {
  const parts = text.trim().split('/');
  if (parts.length < 2 || parts.length > 3 || parts.some((p) => p === '')) return undefined;
  return normalizePlatform({ os: parts[0], architecture: parts[1], variant: parts[2] });
}

/** Normalises a platform string; unparseable input is returned lower-cased so it still compares literally. */
export function normalizePlatformString(text: string): string {
  const p = parsePlatform(text);
  return p ? formatPlatform(p) : text.trim().toLowerCase();
}

/** Exact comparison after normalisation (no containerd-style "compatible" matching: we check what is published). */
export function samePlatform(a: string | Platform, b: string | Platform): boolean {
  const fa = typeof a === 'string' ? normalizePlatformString(a) : formatPlatform(normalizePlatform(a));
  const fb = typeof b === 'string' ? normalizePlatformString(b) : formatPlatform(normalizePlatform(b));
  return fa === fb;
}

/** True for entries that describe no runnable image: BuildKit attestations use unknown/unknown. */
export function isUnknownPlatform(p: Platform): boolean {
  // An entry missing os or architecture cannot be matched against nodes; formatted it would be "/amd64".
  return !p.os || !p.architecture || p.os === 'unknown' || p.architecture === 'unknown';
}
