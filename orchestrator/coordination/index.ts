// Public entry of the coordination core: records, the log, and its materialised view.
export type { CoordinationRecord, CoordinationView, LogReadIssue, RecordKind, RecordStatus, Priority, Confidence } from './types.js';
export { isOpen, isOpenStatus, priorityRank } from './status.js';
export { createRecord, updateRecord, newRecordId, parseRecord, systemClock, type Clock, type NewRecord } from './records.js';
export { appendCoordinationRecords, readCoordinationLog, type CoordinationLogRead } from './log.js';
export { CoordinationState, LiveCoordinationState, materialize } from './materialize.js';
export { RECORD_KINDS, RECORD_STATUSES, PRIORITIES } from '../schema/coordination-record.js';
