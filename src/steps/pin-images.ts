/**
 * Pins every image to a digest and checks that it provides the platforms its workload runs on.
 * Registered as the last transform, so images that other transforms add (the PGDATA guard's init
 * container) are pinned too. Fails closed: an image that cannot be pinned is an error finding, and
 * nothing unpinned is emitted unless pinning is off.
 */
import { defineStep, type StepContext } from './step.js';
import { setPath } from '../manifests/field-path.js';
import { imageSites, parsePathRules, unpinnableImageFields, type ImageSite } from '../images/sites.js';
import { requiredPlatforms, missingPlatforms } from '../images/platforms.js';
import type { FailureReason, Outcome } from '../images/resolutions.js';
import { skipsCheck } from './skip-checks.js';

/** How each failure reads in a message; the registry's own message follows with the detail. */
const causes: Record<FailureReason, string> = {
  'not-found': 'not found',
  unauthorized: 'unauthorized',
  credentials: 'credential helper failed',
  timeout: 'timed out',
  'digest-mismatch': 'digest mismatch',
  network: 'registry unreachable',
  server: 'registry error',
  budget: 'registry time budget exhausted',
  insecure: 'plain HTTP not allowed for this registry',
  invalid: 'invalid reference',
  'not-locked': 'not in the lock',
};

function codeFor(reason: FailureReason): 'IMAGE_NOT_LOCKED' | 'IMAGE_DIGEST_MISMATCH' | 'IMAGE_REFERENCE_INVALID' | 'IMAGE_RESOLVE_FAILED' {
  switch (reason) {
    case 'not-locked':
      return 'IMAGE_NOT_LOCKED';
    case 'digest-mismatch':
      return 'IMAGE_DIGEST_MISMATCH';
    case 'invalid':
      return 'IMAGE_REFERENCE_INVALID';
    case 'not-found':
    case 'unauthorized':
    case 'credentials':
    case 'insecure':
    case 'network':
    case 'timeout':
    case 'server':
    case 'budget':
      return 'IMAGE_RESOLVE_FAILED';
  }
}

/** The image sites of a run (containers, image volumes, config paths). */
export function collectImageSites(ctx: Pick<StepContext, 'resources' | 'walker' | 'config'>): ImageSite[] {
  return imageSites(ctx.resources, ctx.walker, parsePathRules(ctx.config.images?.paths));
}

export const pinImages = defineStep({
  id: 'pin-images',
  kind: 'transform',
  summary: 'Pins every image to its digest (reference as written + @sha256:…) and checks it provides the platforms its workload needs.',
  codes: {
    IMAGE_PLATFORM_MISSING:
      "The image lacks a platform its workload runs on (the message lists required and found platforms). Push a multi-platform image (docker buildx --platform linux/amd64,linux/arm64), or set images.platforms / the workload's kubernetes.io/arch nodeSelector to what the image provides.",
    IMAGE_NOT_LOCKED:
      "Pin mode locked (or offline), and kustodian.lock.yaml has nothing for the image: no entry for its tag, or, offline, no facts for the digest it carries. Run `kustodian pin DIR` and commit the lock; to do that on every commit that changes a kustomization (Argo CD Image Updater's, Renovate's), use the GitHub Action's pin mode (examples/github/kustodian-pin.yml).",
    IMAGE_DIGEST_MISMATCH:
      'The digest written in the reference differs from the lock or the registry, or the registry served a body that does not hash to its Docker-Content-Digest. Fix the reference, or re-run `kustodian pin` if the lock is stale.',
    IMAGE_REFERENCE_INVALID:
      'The image reference cannot be parsed, or is empty or not a string (which would go out unpinned). Fix its spelling (registry/repository:tag[@sha256:…]).',
    IMAGE_RESOLVE_FAILED:
      'The registry could not resolve the image (not found, unauthorized, timeout, unreachable, plain HTTP refused, budget exhausted; the message says which). Fix the tag or credentials (Docker config.json), list a plain-HTTP registry under images.insecureRegistries, or use pin mode locked with a committed lock.',
  },
  async run(ctx, report) {
    const resolutions = ctx.images;
    if (resolutions.mode === 'off') return;
    const sites = collectImageSites(ctx).filter((s) => !skipsCheck(s.resource, 'pin-images'));
    const unique = [...new Set(sites.map((s) => s.reference))];
    const outcomes = new Map<string, Outcome>(await Promise.all(unique.map(async (r) => [r, await resolutions.resolve(r)] as const)));
    const platforms = ctx.config.images.platforms;
    // Fails closed on what cannot be pinned at all: an image written but empty would go out unpinned.
    for (const field of unpinnableImageFields(ctx.resources, ctx.walker, parsePathRules(ctx.config.images.paths))) {
      report.error(
        'IMAGE_REFERENCE_INVALID',
        field.resource,
        field.path,
        `${field.label} has an empty image (or one that is not a string), which cannot be pinned (pin mode ${resolutions.mode})`,
      );
    }
    for (const site of sites) {
      const outcome = outcomes.get(site.reference)!;
      if (!outcome.ok) {
        report.error(
          codeFor(outcome.reason),
          site.resource,
          site.path,
          `${site.label} image "${site.reference}" cannot be pinned: ${causes[outcome.reason]}: ${outcome.message}`,
        );
        continue;
      }
      const configFailure = resolutions.configFailures.get(site.reference);
      if (configFailure) {
        report.error(
          codeFor(configFailure.reason),
          site.resource,
          site.path,
          `${site.label} image "${site.reference}": ${causes[configFailure.reason]}: ${configFailure.message}`,
        );
      }
      const need = requiredPlatforms(site.podSpec, platforms);
      const missing = missingPlatforms(need.platforms, outcome.entry.platforms);
      if (missing.length) {
        const found = outcome.entry.platforms.length ? outcome.entry.platforms.join(', ') : 'no platforms';
        report.error(
          'IMAGE_PLATFORM_MISSING',
          site.resource,
          site.path,
          `${site.label} image "${site.reference}" (${outcome.entry.digest}) lacks ${missing.join(', ')}: the workload needs ${need.platforms.join(', ')} (${need.source}), the image provides ${found}`,
        );
      }
      if (!site.reference.includes('@')) {
        setPath(site.resource.object, site.path, `${site.reference}@${outcome.entry.digest}`);
        site.resource.changed();
      }
    }
  },
});
