/** The step registry: transforms run first (in this order), then validators. */
import type { Step } from './types.js';
import { emptyRender } from './empty-render.js';
import { pgdata } from './pgdata.js';

export const steps: readonly Step[] = [pgdata, emptyRender];

export type { Step, StepContext, ImageFacts, ImageInspector } from './types.js';
