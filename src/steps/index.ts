/** The step registry: transforms run first (in this order), then validators. */
import type { Step } from './types.js';
import { emptyRender } from './empty-render.js';
import { flywayVersions } from './flyway-versions.js';

export const steps: readonly Step[] = [emptyRender, flywayVersions];

export type { Step, StepContext, ImageFacts, ImageInspector } from './types.js';
