/** Test-only steps for the check report goldens: deterministic findings of every severity, with fields. */
import { type Finding, type Step } from '../../src/index.js';
import { formatPath } from '../../src/manifests/field-path.js';

/** A transformer that reports what it would change (info), as real transform steps do in check. */
export const wouldAnnotate: Step = {
  id: 'test-annotate',
  kind: 'transform',
  summary: 'Test only: says which Deployments it would annotate.',
  codes: { TEST_WOULD_ANNOTATE: 'Test only. A transformer would add the example.com/checked annotation.' },
  run: (ctx) =>
    ctx.resources
      .filter((r) => r.kind === 'Deployment')
      .map((r) => ({
        severity: 'info' as const,
        code: 'TEST_WOULD_ANNOTATE',
        message: 'would add annotation example.com/checked: "true"',
        resourceRef: r.ref(ctx.defaultNamespace),
        field: { path: 'metadata.annotations' },
      })),
};

/** A validator with a codes table for one code and none for the other (its summary is the help). */
export const imageTags: Step = {
  id: 'test-image-tags',
  kind: 'validate',
  summary: 'Test only: images must carry a tag other than latest.',
  codes: { TEST_IMAGE_LATEST: 'Test only. The image uses the latest tag, so the running version can change without a commit.' },
  run: (ctx) =>
    [...ctx.walker.containers(ctx.resources)].flatMap((v): Finding[] => {
      const image = String(v.container.image ?? '');
      const field = { path: formatPath([...v.containerPath, 'image']) };
      if (image.endsWith(':latest')) {
        return [
          {
            severity: 'warning' as const,
            code: 'TEST_IMAGE_LATEST',
            message: `image "${image}" uses the latest tag, a "quoted" value, 100% sure`,
            resourceRef: v.resource.ref(ctx.defaultNamespace),
            field,
          },
        ];
      }
      if (!image.includes(':')) {
        return [
          {
            severity: 'error' as const,
            code: 'TEST_IMAGE_UNTAGGED',
            message: `image "${image}" has no tag,\nso it means latest`,
            resourceRef: v.resource.ref(ctx.defaultNamespace),
            field,
          },
        ];
      }
      return [];
    }),
};
