// Plain types for coordination records and their materialised view. No zod past this point.
import type {
  RECORD_KINDS,
  RECORD_STATUSES,
  PRIORITIES,
  CONFIDENCES,
} from '../schema/coordination-record.js';

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
