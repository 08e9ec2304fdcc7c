/**
 * secret-refs: every Secret a pod template references, with every key it needs, must come from
 * something in the render, an external declaration or a known run-time creator. The incident this
 * exists for: api-server read ES_URIS from a Secret that had no such key, and nothing failed until
 * hours later. Also refuses SOPS ciphertext that survived the render.
 */
import { formatPath } from '../manifests/pod-templates.js';
import { hasSopsBlock, objectRefsStep } from './object-refs.js';
import { skipsCheck } from './skip-checks.js';

const id = 'secret-refs';

export const secretRefs = objectRefsStep({
  id,
  kind: 'Secret',
  configKey: 'secretRefs',
  summary: 'Fail when a pod template references a Secret or Secret key that nothing provides; refuse SOPS ciphertext.',
  extra: (ctx) =>
    ctx.resources
      // SopsSecret CRs (isindir/sops-secrets-operator, craftypath/sops-operator) carry the block on purpose: their operator decrypts in the cluster.
      .filter((r) => r.kind !== 'SopsSecret' && hasSopsBlock(r) && !skipsCheck(r, id))
      .map((r) => ({
        severity: 'error' as const,
        code: 'SOPS_ENCRYPTED',
        message: `still carries a SOPS "sops:" block, so its values are ciphertext and ArgoCD would apply them as they are; decrypt during the render (for example with the KSOPS generator) instead of listing the encrypted file under resources`,
        resourceRef: r.ref(ctx.defaultNamespace),
        field: { path: formatPath(['sops']) },
      })),
});
