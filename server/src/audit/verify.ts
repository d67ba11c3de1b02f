// Checks the audit logbook: the hash chain row by row (a changed row no longer matches its hash; a removed or
// inserted row breaks the link to the one before), then the signed checkpoints (a forged one fails its
// signature; rows cut off the end leave a checkpoint that signs a row no longer there). Names the first row
// that was changed, removed or inserted. Reads through the store (`npm run audit:verify`).

import type { KeyObject } from 'node:crypto';
import { compactVerify } from 'jose';
import type { AuditChainRow, Store } from '../store/store.js';
import { chainHash, GENESIS, type CheckpointPayload } from './chain.js';

export type TamperKind = 'changed' | 'removed' | 'inserted' | 'truncated' | 'checkpoint';

export interface Problem {
  kind: TamperKind;
  /** the first row concerned */
  rowId: number;
  message: string;
}

export interface VerifyReport {
  ok: boolean;
  rows: number;
  checkpoints: number;
  /** the highest row id a valid checkpoint signs */
  signedThrough: number;
  /** rows after the last checkpoint: chained, not yet signed */
  unsigned: number;
  /** the oldest row (above 1: older rows were deleted by a retention policy; checked from here) */
  firstId: number;
  /** the first problem of the chain, then those of the checkpoints */
  problems: Problem[];
}

type ChainSource = Pick<Store, 'auditChain' | 'auditCheckpoints' | 'auditVerificationKey'>;

const PAGE = 1000;
/** how far a renumbering is looked for (a row inserted or removed, the ids after it shifted) */
const MAX_SHIFT = 5;

async function* chainRows(store: ChainSource): AsyncGenerator<AuditChainRow> {
  let after = 0;
  for (;;) {
    const page = await store.auditChain(after, PAGE);
    yield* page;
    if (page.length < PAGE) return;
    after = page.at(-1)!.id;
  }
}

/** A row whose hash fits its content with another id: the rows were renumbered after an insert or a removal. */
function shiftOf(row: AuditChainRow): number | undefined {
  for (let d = 1; d <= MAX_SHIFT; d++) {
    if (chainHash(row.prev_hash, { ...row, id: row.id - d }) === row.hash) return -d;
    if (chainHash(row.prev_hash, { ...row, id: row.id + d }) === row.hash) return d;
  }
  return undefined;
}

function chainProblem(
  row: AuditChainRow,
  prev: { id: number; hash: string },
  next: AuditChainRow | undefined,
): Problem | undefined {
  if (chainHash(row.prev_hash, row) !== row.hash) {
    const shift = shiftOf(row);
    if (shift !== undefined && shift < 0) {
      const first = row.id + shift;
      const what = shift === -1 ? `row ${first} was` : `rows ${first} to ${row.id - 1} were`;
      return {
        kind: 'inserted',
        rowId: first,
        message: `${what} inserted: the rows from ${row.id} on were renumbered to make room (row ${row.id} was row ${first})`,
      };
    }
    if (shift !== undefined && shift > 0) {
      return {
        kind: 'removed',
        rowId: prev.id + 1,
        message: `row ${prev.id + 1} was removed: the rows after it were renumbered (row ${row.id} was row ${row.id + shift})`,
      };
    }
    return {
      kind: 'changed',
      rowId: row.id,
      message: `row ${row.id} was changed: its content no longer matches its hash`,
    };
  }
  if (row.prev_hash !== prev.hash) {
    if (next && next.prev_hash === prev.hash) {
      return {
        kind: 'inserted',
        rowId: row.id,
        message: `row ${row.id} was inserted: the row after it links to row ${prev.id}`,
      };
    }
    if (row.id > prev.id + 1) {
      const gone = row.id - 1 === prev.id + 1 ? `row ${prev.id + 1} was` : `rows ${prev.id + 1} to ${row.id - 1} were`;
      return {
        kind: 'removed',
        rowId: prev.id + 1,
        message: `${gone} removed: row ${row.id} links to a row that is no longer there`,
      };
    }
    return {
      kind: 'changed',
      rowId: prev.id,
      message: `row ${prev.id} was changed (its hash rewritten), or a row after it removed: row ${row.id} does not link to it`,
    };
  }
  if (row.id !== prev.id + 1) {
    return { kind: 'removed', rowId: prev.id + 1, message: `rows ${prev.id + 1} to ${row.id - 1} were removed` };
  }
  return undefined;
}

async function readCheckpoint(jws: string, key: KeyObject): Promise<CheckpointPayload | undefined> {
  try {
    const { payload } = await compactVerify(jws, key);
    const parsed = JSON.parse(new TextDecoder().decode(payload)) as CheckpointPayload;
    return typeof parsed.lastId === 'number' && typeof parsed.lastHash === 'string' ? parsed : undefined;
  } catch {
    return undefined;
  }
}

export async function verifyAuditChain(
  store: ChainSource,
  key: KeyObject = store.auditVerificationKey(),
): Promise<VerifyReport> {
  const { checkpoints } = await store.auditCheckpoints();
  const problems: Problem[] = [];
  // the signed statements, by the row they sign
  const signed = new Map<number, CheckpointPayload[]>();
  let valid = 0;
  for (const checkpoint of checkpoints) {
    const payload = await readCheckpoint(checkpoint.jws, key);
    if (!payload) {
      problems.push({
        kind: 'checkpoint',
        rowId: checkpoint.lastId,
        message: `checkpoint ${checkpoint.id} (row ${checkpoint.lastId}) has no valid signature: forged or changed`,
      });
      continue;
    }
    valid += 1;
    signed.set(payload.lastId, [...(signed.get(payload.lastId) ?? []), payload]);
  }
  const signedThrough = Math.max(0, ...[...signed.keys()]);

  let chainError: Problem | undefined;
  let prev = { id: 0, hash: GENESIS };
  let count = 0;
  const hashes = new Map<number, string>();
  const rows = chainRows(store);
  let current = (await rows.next()).value as AuditChainRow | undefined;
  // a retention policy deletes the oldest rows: the chain is checked from the oldest row left
  const firstId = current?.id ?? 1;
  if (current && current.id > 1) prev = { id: current.id - 1, hash: current.prev_hash };
  while (current) {
    const next = (await rows.next()).value as AuditChainRow | undefined;
    count += 1;
    if (!chainError) {
      chainError = chainProblem(current, prev, next);
    }
    if (signed.has(current.id)) hashes.set(current.id, current.hash);
    prev = { id: current.id, hash: current.hash };
    current = next;
  }
  if (chainError) problems.unshift(chainError);
  const lastId = prev.id;

  for (const [id, payloads] of [...signed.entries()].sort((a, b) => a[0] - b[0])) {
    for (const payload of payloads) {
      if (id < firstId) continue;
      if (id > lastId) {
        problems.push({
          kind: 'truncated',
          rowId: lastId + 1,
          message: `the log was cut off after row ${lastId}: the checkpoint of ${payload.at} signs row ${id}, which is no longer there`,
        });
      } else if (hashes.get(id) === undefined) {
        problems.push({
          kind: 'removed',
          rowId: id,
          message: `row ${id}, signed by the checkpoint of ${payload.at}, is no longer there`,
        });
      } else if (hashes.get(id) !== payload.lastHash) {
        problems.push({
          kind: 'changed',
          rowId: id,
          message: `row ${id} is not the row the checkpoint of ${payload.at} signed: the chain up to it was rewritten`,
        });
      }
    }
  }
  // one truncation message is enough
  const seen = new Set<string>();
  const unique = problems.filter((p) => {
    const k = `${p.kind}:${p.rowId}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
  return {
    ok: unique.length === 0,
    firstId,
    rows: count,
    checkpoints: valid,
    signedThrough,
    unsigned: Math.max(0, lastId - signedThrough),
    problems: unique,
  };
}
