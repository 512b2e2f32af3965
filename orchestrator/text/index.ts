export { suggestClosest, didYouMean } from './did-you-mean.js';
