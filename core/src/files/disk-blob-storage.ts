import { randomUUID } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import type { BlobStorage } from './file-store.js';

const TEMP_DIR = 'tmp';
const keyPattern = /^[A-Za-z0-9_-]+(\/[A-Za-z0-9_.-]+)*$/;

function isMissing(err: unknown): boolean {
  return (err as NodeJS.ErrnoException)?.code === 'ENOENT';
}

/**
 * Bytes in a directory on disk (`<dataDir>/files`): `ab/cd/<id>`, written to `tmp/` first, flushed
 * to the disk, then renamed into place, so a reader or a crash never sees half a file. For many
 * instances the directory must be shared (NFS or another network volume), or use an S3 store.
 */
export class DiskBlobStorage implements BlobStorage {
  constructor(readonly dir: string) {}

  private pathOf(key: string): string {
    // Keys come from the file store, but a key is a path here: refuse anything that could leave dir.
    const segments = key.split('/');
    if (!keyPattern.test(key) || segments.some((s) => s === '.' || s === '..') || segments[0] === TEMP_DIR)
      throw new Error(`"${key}" is not a storage key`);
    return path.join(this.dir, ...segments);
  }

  async write(key: string, bytes: Buffer): Promise<void> {
    const target = this.pathOf(key);
    const tempDir = path.join(this.dir, TEMP_DIR);
    await Promise.all([
      mkdir(tempDir, { recursive: true, mode: 0o750 }),
      mkdir(path.dirname(target), { recursive: true, mode: 0o750 }),
    ]);
    const temp = path.join(tempDir, `${randomUUID()}.part`);
    const handle = await open(temp, 'wx', 0o640);
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } catch (err) {
      await handle.close();
      await unlink(temp).catch(() => undefined);
      throw err;
    }
    await handle.close();
    await rename(temp, target);
    // The rename is durable only once the directory that holds the new name is flushed too.
    const dir = await open(path.dirname(target), 'r');
    try {
      await dir.sync();
    } finally {
      await dir.close();
    }
  }

  async read(key: string): Promise<Buffer | undefined> {
    try {
      return await readFile(this.pathOf(key));
    } catch (err) {
      if (isMissing(err)) return undefined;
      throw err;
    }
  }

  async stream(key: string): Promise<Readable | undefined> {
    try {
      // Opened here, so a missing file answers undefined instead of erroring on the stream later.
      const handle = await open(this.pathOf(key), 'r');
      return handle.createReadStream();
    } catch (err) {
      if (isMissing(err)) return undefined;
      throw err;
    }
  }

  async remove(key: string): Promise<void> {
    try {
      await unlink(this.pathOf(key));
    } catch (err) {
      if (!isMissing(err)) throw err;
    }
  }

  async *list(before: Date): AsyncIterable<string> {
    for (const a of await this.names(this.dir)) {
      if (a === TEMP_DIR) continue;
      for (const b of await this.names(path.join(this.dir, a)))
        for (const name of await this.names(path.join(this.dir, a, b))) {
          const s = await stat(path.join(this.dir, a, b, name)).catch(() => undefined);
          if (s?.isFile() && s.mtime < before) yield `${a}/${b}/${name}`;
        }
    }
  }

  async sweepTemporary(before: Date): Promise<number> {
    let removed = 0;
    const tempDir = path.join(this.dir, TEMP_DIR);
    for (const name of await this.names(tempDir)) {
      const file = path.join(tempDir, name);
      const s = await stat(file).catch(() => undefined);
      if (s?.isFile() && s.mtime < before) {
        await unlink(file).catch(() => undefined);
        removed++;
      }
    }
    return removed;
  }

  private async names(dir: string): Promise<string[]> {
    try {
      return await readdir(dir);
    } catch (err) {
      if (isMissing(err) || (err as NodeJS.ErrnoException).code === 'ENOTDIR') return [];
      throw err;
    }
  }
}
