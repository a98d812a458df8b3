import { createHash, randomUUID } from 'node:crypto';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { QueryTypes } from 'sequelize';
import type { Logger } from 'pino';
import type { ResolvedConfig } from '../config/load-config.js';
import type { Database } from '../db/database.js';
import { DiskBlobStorage } from './disk-blob-storage.js';

/** A stored file's record (`portico_files`). The bytes live in a BlobStorage under `storageKey`. */
export interface StoredFile {
  id: string;
  /** The organisation the file belongs to; check it before serving (canReachOrganization). */
  organizationId: string | null;
  /** What owns it, for listing and erasure: `user-avatar`, `news-attachment`, `form-upload` ... */
  ownerType: string;
  ownerId: string | null;
  contentType: string;
  size: number;
  /** Hex SHA-256 of the bytes, to check integrity and to build strong ETags. */
  sha256: string;
  storageKey: string;
  createdAt: Date;
}

/** What `FileStore.put` takes. */
export interface NewFile {
  bytes: Buffer;
  /** The checked type of the bytes (not a client's claim): `image/webp`, `application/pdf` ... */
  contentType: string;
  ownerType: string;
  ownerId?: string | null;
  organizationId?: string | null;
}

/**
 * Where the bytes of files live. The disk under `<dataDir>/files` is the default; this is the seam
 * for an S3-compatible bucket: implement these five methods against the bucket (write = PutObject,
 * which is atomic; read/stream = GetObject; remove = DeleteObject; list = ListObjectsV2 with
 * LastModified) and hand it to `DatabaseFileStore`. Records, keys and callers stay as they are.
 */
export interface BlobStorage {
  /** Stores `bytes` under `key`, atomically and durably: a reader sees all of them or nothing. */
  write(key: string, bytes: Buffer): Promise<void>;
  /** The bytes under `key`, or undefined if there are none. */
  read(key: string): Promise<Buffer | undefined>;
  /** A stream of the bytes under `key`, or undefined if there are none. */
  stream(key: string): Promise<Readable | undefined>;
  /** Removes `key`; removing a key that is not there is not an error. */
  remove(key: string): Promise<void>;
  /** Every key written before `before` (for the sweep of bytes no record points at). */
  list(before: Date): AsyncIterable<string>;
  /** Removes unfinished writes older than `before` (a crash mid-write leaves them). */
  sweepTemporary?(before: Date): Promise<number>;
}

/**
 * Core's file store (`coreServices.files`): bytes in a BlobStorage, records in `portico_files`.
 * It checks nothing about who may read a file: the route that serves one checks the record's
 * `organizationId` (and owner) against the actor first. Inside a request's transaction, a new
 * record commits or rolls back with it, and a deleted file's bytes go only after the commit.
 */
export interface FileStore {
  /** Stores bytes and records them; returns the record. */
  put(file: NewFile): Promise<StoredFile>;
  /** The record of a file, without its bytes. */
  record(id: string): Promise<StoredFile | undefined>;
  /** A file and its bytes, or undefined if there is no such record. */
  get(id: string): Promise<{ record: StoredFile; bytes: Buffer } | undefined>;
  /** A file and a stream of its bytes (for large files), or undefined. */
  open(id: string): Promise<{ record: StoredFile; stream: Readable } | undefined>;
  /** The files of an owner (for GDPR export and erasure), newest first. */
  listByOwner(ownerType: string, ownerId: string): Promise<StoredFile[]>;
  /** Deletes a file; false if there was none. */
  delete(id: string): Promise<boolean>;
}

interface FileRow {
  id: string;
  organization_id: string | null;
  owner_type: string;
  owner_id: string | null;
  content_type: string;
  size: number | string;
  sha256: string;
  storage_key: string;
  created_at: Date | string;
}

function toStoredFile(r: FileRow): StoredFile {
  return {
    id: r.id,
    organizationId: r.organization_id,
    ownerType: r.owner_type,
    ownerId: r.owner_id,
    contentType: r.content_type,
    size: Number(r.size),
    sha256: r.sha256,
    storageKey: r.storage_key,
    createdAt: new Date(r.created_at),
  };
}

/** Thrown when a record's bytes are gone from storage: a restore left them out, or a disk failed. */
export class MissingFileBytesError extends Error {
  constructor(readonly file: StoredFile) {
    super(
      `The bytes of file ${file.id} (${file.ownerType} ${file.ownerId ?? ''}) are missing from file storage under "${file.storageKey}". Restore the files directory from the same backup as the database.`,
    );
    this.name = 'MissingFileBytesError';
  }
}

/** Keeps records in `portico_files` and bytes in a BlobStorage. */
export class DatabaseFileStore implements FileStore {
  constructor(
    private readonly db: Database,
    readonly storage: BlobStorage,
    private readonly log: Logger,
  ) {}

  async put(file: NewFile): Promise<StoredFile> {
    if (!Buffer.isBuffer(file.bytes)) throw new TypeError('FileStore.put needs the bytes as a Buffer');
    if (!/^[\w.+-]+\/[\w.+-]+$/.test(file.contentType) || file.contentType.length > 100)
      throw new TypeError(`FileStore.put: "${file.contentType}" is not a content type such as image/webp`);
    if (!file.ownerType || file.ownerType.length > 32)
      throw new TypeError('FileStore.put: ownerType must be 1 to 32 characters');
    const id = randomUUID();
    const record: StoredFile = {
      id,
      organizationId: file.organizationId ?? null,
      ownerType: file.ownerType,
      ownerId: file.ownerId ?? null,
      contentType: file.contentType,
      size: file.bytes.length,
      sha256: createHash('sha256').update(file.bytes).digest('hex'),
      // Random ids spread files evenly over 65 536 directories of two levels.
      storageKey: `${id.slice(0, 2)}/${id.slice(2, 4)}/${id}`,
      createdAt: new Date(),
    };
    // Bytes first, record second: a crash in between leaves bytes without a record, which the
    // sweep removes, never a record without bytes.
    await this.storage.write(record.storageKey, file.bytes);
    try {
      await this.db.sequelize.getQueryInterface().bulkInsert(
        'portico_files',
        [
          {
            id,
            organization_id: record.organizationId,
            owner_type: record.ownerType,
            owner_id: record.ownerId,
            content_type: record.contentType,
            size: record.size,
            sha256: record.sha256,
            storage_key: record.storageKey,
            created_at: record.createdAt,
          },
        ],
        { transaction: this.db.currentTransaction() },
      );
    } catch (err) {
      await this.storage.remove(record.storageKey).catch(() => undefined);
      throw err;
    }
    return record;
  }

  async record(id: string): Promise<StoredFile | undefined> {
    const rows = await this.db.sequelize.query<FileRow>('SELECT * FROM portico_files WHERE id = ?', {
      replacements: [id],
      type: QueryTypes.SELECT,
    });
    return rows[0] ? toStoredFile(rows[0]) : undefined;
  }

  async get(id: string): Promise<{ record: StoredFile; bytes: Buffer } | undefined> {
    const record = await this.record(id);
    if (!record) return undefined;
    const bytes = await this.storage.read(record.storageKey);
    if (!bytes) throw new MissingFileBytesError(record);
    return { record, bytes };
  }

  async open(id: string): Promise<{ record: StoredFile; stream: Readable } | undefined> {
    const record = await this.record(id);
    if (!record) return undefined;
    const stream = await this.storage.stream(record.storageKey);
    if (!stream) throw new MissingFileBytesError(record);
    return { record, stream };
  }

  async listByOwner(ownerType: string, ownerId: string): Promise<StoredFile[]> {
    const rows = await this.db.sequelize.query<FileRow>(
      'SELECT * FROM portico_files WHERE owner_type = ? AND owner_id = ? ORDER BY created_at DESC',
      { replacements: [ownerType, ownerId], type: QueryTypes.SELECT },
    );
    return rows.map(toStoredFile);
  }

  async delete(id: string): Promise<boolean> {
    const record = await this.record(id);
    if (!record) return false;
    await this.db.sequelize.query('DELETE FROM portico_files WHERE id = ?', { replacements: [id] });
    const removeBytes = () =>
      this.storage.remove(record.storageKey).catch((err: unknown) => {
        // The record is gone, so the sweep removes the bytes later.
        this.log.warn({ err, file: id }, 'could not remove the bytes of a deleted file; the sweep will');
      });
    const transaction = this.db.currentTransaction();
    // A rollback must find the bytes still there.
    if (transaction) transaction.afterCommit(() => removeBytes());
    else await removeBytes();
    return true;
  }

  /**
   * Removes bytes that no record points at and that are older than `before`: left by a request
   * whose transaction rolled back after the bytes were written, or by a crash. Returns how many.
   */
  async sweep(before: Date): Promise<number> {
    let removed = (await this.storage.sweepTemporary?.(before)) ?? 0;
    const batch: string[] = [];
    const flush = async () => {
      if (!batch.length) return;
      const known = new Set(
        (
          await this.db.sequelize.query<{ storage_key: string }>(
            'SELECT storage_key FROM portico_files WHERE storage_key IN (?)',
            { replacements: [batch], type: QueryTypes.SELECT },
          )
        ).map((r) => r.storage_key),
      );
      for (const key of batch)
        if (!known.has(key)) {
          await this.storage.remove(key);
          removed++;
        }
      batch.length = 0;
    };
    for await (const key of this.storage.list(before)) {
      batch.push(key);
      if (batch.length >= 500) await flush();
    }
    await flush();
    if (removed) this.log.info({ removed }, 'removed stored files no record points at');
    return removed;
  }
}

/** The directory of stored files: `<dataDir>/files`, relative to the app root unless absolute. */
export function filesDirectory(config: Pick<ResolvedConfig, 'root' | 'dataDir'>): string {
  return path.resolve(config.root, config.dataDir, 'files');
}

/** The file store of a deployment: records in the database, bytes under `<dataDir>/files`. */
export function createFileStore(config: ResolvedConfig, db: Database, log: Logger): DatabaseFileStore {
  return new DatabaseFileStore(db, new DiskBlobStorage(filesDirectory(config)), log);
}

const SWEEP_EVERY_MS = 24 * 3_600_000;
/** Bytes younger than this may belong to a transaction still open; they are left alone. */
const SWEEP_GRACE_MS = 24 * 3_600_000;

/** Sweeps orphaned bytes once a day (first a few minutes after start). Returns what stops it. */
export function scheduleFileSweep(store: DatabaseFileStore, log: Logger): () => void {
  const run = () =>
    void store.sweep(new Date(Date.now() - SWEEP_GRACE_MS)).catch((err: unknown) => {
      log.warn({ err }, 'sweeping orphaned stored files failed; will retry tomorrow');
    });
  const first = setTimeout(run, 5 * 60_000);
  const every = setInterval(run, SWEEP_EVERY_MS);
  first.unref();
  every.unref();
  return () => {
    clearTimeout(first);
    clearInterval(every);
  };
}
