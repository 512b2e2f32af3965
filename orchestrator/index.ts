// Public entry of the wave orchestrator. harness/ imports only from here.
export * from './errors.js';
