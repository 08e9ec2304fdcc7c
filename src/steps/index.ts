/** The step registry: transforms run first (in this order), then validators. One line per step. */
import type { Step } from './step.js';
import { emptyRender } from './empty-render.js';
import { pgdata } from './pgdata.js';
import { flywayVersions } from './flyway-versions.js';
import { pinImages } from './pin-images.js';
import { secretRefs } from './secret-refs.js';
import { configMapRefs } from './configmap-refs.js';
import { podTemplates } from './pod-templates.js';
import { sops } from './sops.js';
import { skipChecksStep } from './skip-checks.js';
import { api } from './api.js';

export const steps: readonly Step[] = [
  // transforms
  pgdata,
  // Keep pin-images the LAST transform: it must see images that earlier transforms add.
  pinImages,
  // validators
  emptyRender,
  podTemplates,
  api,
  flywayVersions,
  secretRefs,
  sops,
  configMapRefs,
  skipChecksStep(() => steps.map((s) => s.id)),
];

export { defineStep, type Step, type StepContext, type ImageFacts, type ImageInspector, type Reporter } from './step.js';
