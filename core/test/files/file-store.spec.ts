import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import { unlink } from 'node:fs/promises';
import path from 'node:path';
import { text } from 'node:stream/consumers';
import { expect } from 'chai';
import { coreServices, MissingFileBytesError, type BlobStorage, type FileStore } from '@portico/core';
import { startTestPortal, type TestPortal } from '@portico/core/testing';

/** What core's own store adds to the FileStore plugins see. */
type CoreFileStore = FileStore & { storage: BlobStorage; sweep(before: Date): Promise<number> };

describe('core file store', function () {
  this.timeout(60_000);
  let t: TestPortal;
  let files: CoreFileStore;
  let dir: string;
  const tomorrow = () => new Date(Date.now() + 24 * 3_600_000);

  before(async () => {
    t = await startTestPortal();
    files = t.portal.container.get(coreServices.files) as CoreFileStore;
    dir = path.join(t.sameData.dataDir as string, 'files');
  });
  after(() => t?.stop());

  const rollback = new Error('roll back');
  async function inRolledBackTransaction(fn: () => Promise<unknown>): Promise<void> {
    const err = await t.portal.db
      .transactional(async () => {
        await fn();
        throw rollback;
      })
      .catch((e: unknown) => e);
    expect(err).to.equal(rollback);
  }

  const onDisk = (key: string) => path.join(dir, ...key.split('/'));

  it('stores bytes under dataDir/files in sharded directories and gives them back', async () => {
    const bytes = Buffer.from('a specification sheet');
    const record = await files.put({
      bytes,
      contentType: 'text/plain',
      ownerType: 'test-doc',
      ownerId: 'owner-1',
      organizationId: null,
    });
    expect(record).to.include({ size: bytes.length, contentType: 'text/plain', ownerType: 'test-doc' });
    expect(record.sha256).to.equal(createHash('sha256').update(bytes).digest('hex'));
    expect(record.storageKey).to.equal(`${record.id.slice(0, 2)}/${record.id.slice(2, 4)}/${record.id}`);
    expect(existsSync(onDisk(record.storageKey))).to.equal(true);
    // Written through tmp/ and renamed: nothing is left half-way.
    expect(readdirSync(path.join(dir, 'tmp'))).to.deep.equal([]);

    const got = await files.get(record.id);
    expect(got!.bytes.equals(bytes)).to.equal(true);
    expect(got!.record).to.deep.include({ id: record.id, sha256: record.sha256 });
    const opened = await files.open(record.id);
    expect(await text(opened!.stream)).to.equal('a specification sheet');
    expect((await files.listByOwner('test-doc', 'owner-1')).map((f) => f.id)).to.deep.equal([record.id]);
    expect(await files.get('00000000-0000-4000-8000-000000000000')).to.equal(undefined);
  });

  it('keeps a file whose deletion rolls back, and removes the bytes once a deletion commits', async () => {
    const record = await files.put({
      bytes: Buffer.from('keep me'),
      contentType: 'text/plain',
      ownerType: 'test',
    });
    await inRolledBackTransaction(() => files.delete(record.id));
    expect((await files.get(record.id))!.bytes.toString()).to.equal('keep me');

    await t.portal.db.transactional(() => files.delete(record.id));
    expect(await files.record(record.id)).to.equal(undefined);
    expect(existsSync(onDisk(record.storageKey))).to.equal(false);
    expect(await files.delete(record.id)).to.equal(false);
  });

  it('leaves no record for a put that rolls back, and the sweep removes its bytes', async () => {
    let key = '';
    await inRolledBackTransaction(async () => {
      key = (await files.put({ bytes: Buffer.from('orphan'), contentType: 'text/plain', ownerType: 'test' }))
        .storageKey;
    });
    expect(existsSync(onDisk(key))).to.equal(true);
    const kept = await files.put({
      bytes: Buffer.from('kept'),
      contentType: 'text/plain',
      ownerType: 'test',
    });
    // A write a crash cut short, a day old.
    mkdirSync(path.join(dir, 'tmp'), { recursive: true });
    const part = path.join(dir, 'tmp', 'crashed.part');
    writeFileSync(part, 'half');
    const old = new Date(Date.now() - 2 * 24 * 3_600_000);
    utimesSync(part, old, old);

    // Bytes younger than the grace period are left alone: their transaction may still be open.
    expect(await files.sweep(new Date(Date.now() - 3_600_000))).to.equal(1);
    expect(existsSync(onDisk(key))).to.equal(true);
    expect(await files.sweep(tomorrow())).to.be.at.least(1);
    expect(existsSync(onDisk(key))).to.equal(false);
    expect(existsSync(part)).to.equal(false);
    expect((await files.get(kept.id))!.bytes.toString()).to.equal('kept');
  });

  it('refuses a bad content type or owner and stores nothing', async () => {
    const count = readdirSync(dir, { recursive: true }).length;
    for (const bad of [
      { bytes: Buffer.from('x'), contentType: 'not a type', ownerType: 'test' },
      { bytes: Buffer.from('x'), contentType: 'text/plain', ownerType: '' },
      { bytes: 'not a buffer' as unknown as Buffer, contentType: 'text/plain', ownerType: 'test' },
    ])
      await files.put(bad).then(
        () => expect.fail('put accepted a bad file'),
        (err: Error) => expect(err).to.be.instanceOf(TypeError),
      );
    expect(readdirSync(dir, { recursive: true }).length).to.equal(count);
  });

  it('says what to restore when a record has lost its bytes', async () => {
    const record = await files.put({
      bytes: Buffer.from('lost'),
      contentType: 'text/plain',
      ownerType: 'test',
    });
    await unlink(onDisk(record.storageKey));
    const err = await files.get(record.id).catch((e: unknown) => e);
    expect(err).to.be.instanceOf(MissingFileBytesError);
    expect((err as Error).message)
      .to.include(record.storageKey)
      .and.include('Restore the files directory');
  });

  it('refuses storage keys that would leave the files directory', async () => {
    for (const key of ['../escape', 'a/../../b', '/etc/passwd', 'tmp/x', 'a//b'])
      await files.storage.write(key, Buffer.from('x')).then(
        () => expect.fail(`wrote ${key}`),
        (err: Error) => expect(err.message).to.include('is not a storage key'),
      );
  });
});
