export { suggestClosest, didYouMean } from './did-you-mean.js';
export { escapeControl, escapeLine } from './escape.js';
