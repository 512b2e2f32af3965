export * from './types.js';
export { acquireLauncherLock, EXIT_LOCK_HELD } from './lock.js';
