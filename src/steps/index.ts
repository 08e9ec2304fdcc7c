/** The step registry: transforms run first (in this order), then validators. */
import type { Step } from './types.js';
import { emptyRender } from './empty-render.js';
import { secretRefs } from './secret-refs.js';
import { configMapRefs } from './configmap-refs.js';

export const steps: readonly Step[] = [emptyRender, secretRefs, configMapRefs];

export type { Step, StepContext, ImageFacts, ImageInspector } from './types.js';
