// Incremental materialisation of a coordination log (SPEC 2.3).
//
// apply() costs O(k) for k new versions: it folds each version into its id and updates the kind,
// author, target and open indexes in place. Ordered arrays (latest(), byKind(), ...) are built lazily
// on first access after a change and cached per bucket, so a refresh that touches a few records only
// re-sorts the buckets those records are in.
import { JsonlTail } from '../store/jsonl.js';
import { isOpen } from './status.js';
import { parseRecord } from './records.js';
import type { CoordinationRecord, CoordinationView, LogReadIssue, RecordKind } from './types.js';

interface Version {
  record: CoordinationRecord;
  seq: number;
  updatedMs: number;
}

interface Folded {
  record: CoordinationRecord;
  /** Sort key: updatedAt of the folded record, then the append sequence of its newest version. */
  updatedMs: number;
  seq: number;
}

class Bucket {
  readonly ids = new Set<string>();
  cache: CoordinationRecord[] | undefined;
}

export class CoordinationState implements CoordinationView {
  private readonly versions = new Map<string, Version[]>();
  private readonly folded = new Map<string, Folded>();
  private readonly all = new Bucket();
  private readonly openBucket = new Bucket();
  private readonly kinds = new Map<string, Bucket>();
  private readonly authors = new Map<string, Bucket>();
  private readonly targets = new Map<string, Bucket>();
  private seq = 0;
  private newestMs = Number.NEGATIVE_INFINITY;
  private newestIso: string | undefined;
  readonly issues: LogReadIssue[] = [];

  get versionCount(): number {
    return this.seq;
  }

  get newestTimestamp(): string | undefined {
    return this.newestIso;
  }

  /** Folds new record versions in append order. Returns the ids whose folded record changed. */
  apply(records: readonly CoordinationRecord[]): string[] {
    const changed = new Set<string>();
    for (const record of records) {
      this.seq += 1;
      const version: Version = { record, seq: this.seq, updatedMs: Date.parse(record.updatedAt) };
      if (version.updatedMs > this.newestMs) {
        this.newestMs = version.updatedMs;
        this.newestIso = record.updatedAt;
      }
      const list = this.versions.get(record.id);
      if (!list) this.versions.set(record.id, [version]);
      else list.push(version);
      this.refold(record.id);
      changed.add(record.id);
    }
    return [...changed];
  }

  latest(): readonly CoordinationRecord[] {
    return this.ordered(this.all);
  }
  open(): readonly CoordinationRecord[] {
    return this.ordered(this.openBucket);
  }
  get(id: string): CoordinationRecord | undefined {
    return this.folded.get(id)?.record;
  }
  byKind(kind: RecordKind): readonly CoordinationRecord[] {
    return this.ordered(this.kinds.get(kind));
  }
  byAuthor(agentId: string): readonly CoordinationRecord[] {
    return this.ordered(this.authors.get(agentId));
  }
  byTarget(target: string): readonly CoordinationRecord[] {
    return this.ordered(this.targets.get(target));
  }

  versionsOf(id: string): readonly CoordinationRecord[] {
    const list = this.versions.get(id);
    if (!list) return [];
    return [...list].sort(compareVersions).map((v) => v.record);
  }

  private refold(id: string): void {
    const list = this.versions.get(id)!;
    const last = list[list.length - 1]!;
    const inOrder = list.length > 1 && compareVersions(list[list.length - 2]!, last) <= 0;
    let record: CoordinationRecord;
    let newest: Version;
    if (list.length === 1 || inOrder) {
      // The common case: the new version is the newest, so it wins over the previous fold.
      const previous = this.folded.get(id)?.record;
      record = previous ? { ...previous, ...last.record, createdAt: previous.createdAt } : last.record;
      newest = last;
    } else {
      // An older version arrived late: refold only this id, in (updatedAt, append) order.
      list.sort(compareVersions);
      record = list[0]!.record;
      for (const v of list.slice(1)) record = { ...record, ...v.record, createdAt: record.createdAt };
      newest = list[list.length - 1]!;
    }
    const before = this.folded.get(id)?.record;
    if (before) this.unindex(before);
    this.folded.set(id, { record, updatedMs: newest.updatedMs, seq: newest.seq });
    this.index(record);
  }

  private index(record: CoordinationRecord): void {
    for (const bucket of this.bucketsOf(record, true)) {
      bucket.ids.add(record.id);
      bucket.cache = undefined;
    }
  }

  private unindex(record: CoordinationRecord): void {
    for (const bucket of this.bucketsOf(record, false)) {
      bucket.ids.delete(record.id);
      bucket.cache = undefined;
    }
  }

  private bucketsOf(record: CoordinationRecord, create: boolean): Bucket[] {
    const pick = (map: Map<string, Bucket>, key: string) => {
      let bucket = map.get(key);
      if (!bucket && create) map.set(key, (bucket = new Bucket()));
      return bucket;
    };
    const buckets = [
      this.all,
      pick(this.kinds, record.kind),
      pick(this.authors, record.agentId),
      ...record.targets.map((t) => pick(this.targets, t)),
    ];
    if (isOpen(record)) buckets.push(this.openBucket);
    return buckets.filter((b): b is Bucket => b !== undefined);
  }

  private ordered(bucket: Bucket | undefined): readonly CoordinationRecord[] {
    if (!bucket) return [];
    if (!bucket.cache) {
      const entries = [...bucket.ids].map((id) => this.folded.get(id)!);
      entries.sort((a, b) => a.updatedMs - b.updatedMs || a.seq - b.seq);
      bucket.cache = entries.map((entry) => entry.record);
    }
    return bucket.cache;
  }
}

function compareVersions(a: Version, b: Version): number {
  return a.updatedMs - b.updatedMs || a.seq - b.seq;
}

/** A one-shot fold of a list of record versions (append order). */
export function materialize(records: readonly CoordinationRecord[]): CoordinationState {
  const state = new CoordinationState();
  state.apply(records);
  return state;
}

/** A CoordinationState bound to a log file: refresh() reads only bytes appended since the last call. */
export class LiveCoordinationState extends CoordinationState {
  private readonly tail: JsonlTail;
  constructor(readonly logPath: string) {
    super();
    this.tail = new JsonlTail(logPath);
  }

  /** Reads and folds new lines; invalid lines are recorded in `issues` with their line numbers. */
  refresh(): { newVersions: number; changedIds: string[] } {
    const read = this.tail.read();
    const records: CoordinationRecord[] = [];
    for (const issue of read.issues) {
      if (issue.kind === 'malformed' || !this.issues.some((seen) => seen.kind === 'torn-tail' && seen.line === issue.line))
        this.issues.push(issue);
    }
    for (const { line, value } of read.values) {
      const parsed = parseRecord(value, `${this.logPath}:${line}`);
      if (parsed.ok) records.push(parsed.record);
      else this.issues.push({ line, kind: 'malformed', message: parsed.message });
    }
    return { newVersions: records.length, changedIds: this.apply(records) };
  }
}
