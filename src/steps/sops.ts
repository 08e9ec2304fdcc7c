/**
 * sops: refuses SOPS ciphertext that survived the render (an encrypted file listed under resources
 * instead of decrypted by a generator such as KSOPS). A step of its own, with its own switch
 * (`checks.sops`), so turning the Secret reference check off never lets ciphertext through.
 */
import type { Resource } from '../manifests/resource.js';
import { defineStep } from './step.js';
import { skipsCheck } from './skip-checks.js';

const id = 'sops';

/** `Resource` → whether it still carries a SOPS metadata block (cheap on unparsed text). */
export function hasSopsBlock(resource: Resource): boolean {
  const text = resource.text;
  if (text !== undefined) return /^sops:/m.test(text);
  return Object.prototype.hasOwnProperty.call(resource.object, 'sops');
}

export const sops = defineStep({
  id,
  kind: 'validate',
  summary: 'Refuse resources that still carry a SOPS "sops:" block, which ArgoCD would apply as ciphertext.',
  codes: {
    SOPS_ENCRYPTED:
      'A resource still carries a SOPS "sops:" block, so ArgoCD would apply ciphertext. Decrypt during the render (for example with the KSOPS generator) instead of listing the encrypted file under resources; checks.sops: off turns the check off.',
  },
  run(ctx, report) {
    if (ctx.config.checks.sops === 'off') return;
    for (const r of ctx.resources) {
      // SopsSecret CRs (isindir/sops-secrets-operator, craftypath/sops-operator) carry the block on purpose: their operator decrypts in the cluster.
      if (r.kind === 'SopsSecret' || !hasSopsBlock(r) || skipsCheck(r, id)) continue;
      report.error(
        'SOPS_ENCRYPTED',
        r,
        ['sops'],
        'still carries a SOPS "sops:" block, so its values are ciphertext and ArgoCD would apply them as they are; decrypt during the render (for example with the KSOPS generator) instead of listing the encrypted file under resources',
      );
    }
  },
});
