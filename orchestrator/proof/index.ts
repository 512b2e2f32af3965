// Public entry of the proof registry: bundles live in the control plane; this applies them.
export { applyProofBundle, applyProofBundles } from './apply.js';
