/** The step registry: transforms run first (in this order), then validators. */
import type { Step } from './types.js';
import { emptyRender } from './empty-render.js';
import { pinImages } from './pin-images.js';

export const steps: readonly Step[] = [
  emptyRender,
  // Keep pin-images the LAST transform: it must see images that earlier transforms add.
  pinImages,
];

export type { Step, StepContext, ImageFacts, ImageInspector } from './types.js';
