// Plain types for coordination records and their materialised view. No zod past this point.
import type { RECORD_KINDS, RECORD_STATUSES, PRIORITIES, CONFIDENCES } from '../schema/coordination-record.js';

export type RecordKind = (typeof RECORD_KINDS)[number];
export type RecordStatus = (typeof RECORD_STATUSES)[number];
export type Priority = (typeof PRIORITIES)[number];
export type Confidence = (typeof CONFIDENCES)[number];

/** A coordination record with every default resolved (SPEC 2.3). */
export interface CoordinationRecord {
  id: string;
  kind: RecordKind;
  lane: string;
  wave: number;
  /** Author agent id, or `launcher` / `operator`. */
  agentId: string;
  /** `agent:<id>`, `<id>`, `capability:<cap>`, `launcher`, or free text. */
  targets: string[];
  status: RecordStatus;
  priority: Priority;
  summary: string;
  detail: string;
  artifactRefs: string[];
  dependsOn: string[];
  /** e.g. `clarification:<id>`: the record closes when that condition is met. */
  closureCondition?: string;
  confidence: Confidence;
  createdAt: string;
  updatedAt: string;
  attempt: number;
  source: string;
  required: boolean;
}

/** A problem found while reading a log: a torn last line or a malformed line in the middle. */
export interface LogReadIssue {
  /** 1-based line number in the file. */
  line: number;
  kind: 'torn-tail' | 'malformed';
  message: string;
}

/**
 * The materialised view of one wave's log (SPEC 2.3): latest version per id, folded in
 * (updatedAt, append order). Projections read only this interface. Implemented incrementally
 * by `CoordinationState` in materialize.ts; arrays returned are in materialisation order and
 * must not be mutated by callers.
 */
export interface CoordinationView {
  /** Every record id's folded latest version, ordered by (updatedAt, first append). */
  latest(): readonly CoordinationRecord[];
  /** Latest records whose status is open, acknowledged or in_progress. */
  open(): readonly CoordinationRecord[];
  get(id: string): CoordinationRecord | undefined;
  byKind(kind: RecordKind): readonly CoordinationRecord[];
  byAuthor(agentId: string): readonly CoordinationRecord[];
  /** Records whose targets contain exactly this string (e.g. `agent:A1`, `capability:db`). */
  byTarget(target: string): readonly CoordinationRecord[];
  /** Every version of one id in fold order (updatedAt, then append); empty when unknown. */
  versionsOf(id: string): readonly CoordinationRecord[];
  /** Number of log lines (record versions) folded so far. */
  readonly versionCount: number;
  /** The newest updatedAt seen (ISO), for deterministic "now" in replay; undefined when empty. */
  readonly newestTimestamp: string | undefined;
}
