import { createHash, randomBytes } from 'node:crypto'
import { mkdtemp, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import * as os from 'oci-objectstorage'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { startEmulator } from '../src/index.ts'
import { objectStorageClient, readAll } from './helpers.ts'

describe('disk store (--data DIR)', () => {
  let dataDir: string
  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'emulator-disk-'))
  })
  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true })
  })

  it('keeps buckets, objects, etags and metadata across a restart, and frees replaced bytes', async () => {
    const first = await startEmulator({ dataDir, namespace: 'ns' })
    const client = objectStorageClient(first.url)
    await client.createBucket({
      namespaceName: 'ns',
      createBucketDetails: { name: 'ocid1.tenancy.oc1..aaaa', compartmentId: 'c' },
    })
    await client.createBucket({
      namespaceName: 'ns',
      createBucketDetails: { name: 'empty', compartmentId: 'c' },
    })
    const base = { namespaceName: 'ns', bucketName: 'ocid1.tenancy.oc1..aaaa' }
    for (const version of ['one', 'two', 'three']) {
      const body = Buffer.from(version)
      await client.putObject({
        ...base,
        objectName: 'FOCUS Reports/x.csv',
        putObjectBody: body,
        contentLength: body.length,
        opcMeta: { v: version },
      })
    }
    const data = randomBytes(300_000)
    const manager = new os.UploadManager(client, { partSize: 100_000 })
    const uploaded = await manager.upload({
      content: { stream: Readable.from([data]) },
      requestDetails: { ...base, objectName: 'multi' },
    })
    const before = await client.headObject({ ...base, objectName: 'FOCUS Reports/x.csv' })
    // an upload left unfinished: its part is a blob no object owns, freed at the next start
    const pending = await client.createMultipartUpload({
      ...base,
      createMultipartUploadDetails: { object: 'pending' },
    })
    await client.uploadPart({
      ...base,
      objectName: 'pending',
      uploadId: pending.multipartUpload.uploadId,
      uploadPartNum: 1,
      uploadPartBody: Buffer.from('part'),
      contentLength: 4,
    })
    client.close()
    await first.stop()
    // overwritten versions and committed parts are gone: two objects and one pending part remain
    expect(await readdir(join(dataDir, 'blobs'))).toHaveLength(3)

    const second = await startEmulator({ dataDir, namespace: 'ns' })
    const again = objectStorageClient(second.url)
    const after = await again.headObject({ ...base, objectName: 'FOCUS Reports/x.csv' })
    expect(after.eTag).toBe(before.eTag)
    expect(after.contentMd5).toBe(before.contentMd5)
    expect(after.opcMeta).toEqual({ 'opc-meta-v': 'three' })
    const got = await again.getObject({ ...base, objectName: 'multi' })
    expect((await readAll(got.value)).equals(data)).toBe(true)
    expect(got.opcMultipartMd5).toBe(uploaded.multipartMd5)
    await again.headBucket({ namespaceName: 'ns', bucketName: 'empty' })
    expect(await second.listMultipartUploads('ns', 'ocid1.tenancy.oc1..aaaa')).toEqual([])
    expect(await readdir(join(dataDir, 'blobs'))).toHaveLength(2)
    again.close()
    await second.stop()
  })

  it('leaves nothing behind when an upload is cut mid-body', async () => {
    const emulator = await startEmulator({ dataDir, namespace: 'ns' })
    await emulator.createBucket('ns', 'b')
    emulator.faults.add({ operation: 'PutObject', cut: 'request', cutAfterBytes: 100_000 })
    const client = objectStorageClient(emulator.url, { attempts: 1 })
    const body = Readable.from([randomBytes(200_000), randomBytes(200_000)])
    await expect(
      client.putObject({
        namespaceName: 'ns',
        bucketName: 'b',
        objectName: 'cut',
        putObjectBody: body,
        contentLength: 400_000,
      }),
    ).rejects.toBeTruthy()
    // a client that disconnects by itself mid-body: the server must discard its temp file too
    const abort = new AbortController()
    let sent = 0
    const slow = new ReadableStream({
      async pull(controller) {
        controller.enqueue(randomBytes(64 * 1024))
        await new Promise((resolve) => setTimeout(resolve, 20))
        if (++sent === 5) abort.abort()
      },
    })
    await expect(
      fetch(`${emulator.url}/n/ns/b/b/o/aborted`, {
        method: 'PUT',
        body: slow,
        headers: { 'content-length': String(10 * 1024 * 1024) },
        duplex: 'half',
        signal: abort.signal,
      } as RequestInit),
    ).rejects.toBeTruthy()
    // The server notices the cut asynchronously: poll until its cleanup has run.
    await vi.waitFor(
      async () => {
        expect(await emulator.listObjectNames('ns', 'b')).toEqual([])
        expect(await readdir(join(dataDir, 'blobs'))).toEqual([])
        expect(await readdir(join(dataDir, 'tmp'))).toEqual([])
      },
      { timeout: 15_000, interval: 100 },
    )
    client.close()
    await emulator.stop()
  })

  it('streams a ranged read from disk', async () => {
    const emulator = await startEmulator({ dataDir })
    await emulator.createBucket('emulatorns', 'b')
    const data = randomBytes(1_000_000)
    await emulator.putObject('emulatorns', 'b', 'o', data)
    const response = await fetch(`${emulator.url}/n/emulatorns/b/b/o/o`, {
      headers: { range: 'bytes=500000-500009' },
    })
    expect(response.status).toBe(206)
    expect(Buffer.from(await response.arrayBuffer()).equals(data.subarray(500_000, 500_010))).toBe(true)
    const whole = await fetch(`${emulator.url}/n/emulatorns/b/b/o/o`)
    const body = Buffer.from(await whole.arrayBuffer())
    expect(createHash('md5').update(body).digest('base64')).toBe(whole.headers.get('content-md5'))
    await emulator.stop()
  })
})
