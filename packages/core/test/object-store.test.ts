import { createHash } from 'node:crypto'
import { buffer as readAll } from 'node:stream/consumers'
import { createTestApiKey, type Emulator, startEmulator } from '@oci-focus/emulator'
import type { ObjectStorageClient } from 'oci-objectstorage'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createAuth } from '../src/auth/index.js'
import { type CoreError, isCoreError } from '../src/errors.js'
import {
  createObjectStorageClient,
  createObjectStore,
  discoverNamespace,
  isTransientError,
} from '../src/store/index.js'
import type { ObjectStore } from '../src/store/types.js'

const NS = 'emulatorns'
const BUCKET = 'dest'
const TENANCY = 'ocid1.tenancy.oc1..aaaatest'
const FAST_RETRY = { attempts: 5, baseDelayMs: 5, maxDelayMs: 40 }
const md5 = (b: Buffer | string) => createHash('md5').update(b).digest('base64')

async function rejection(promise: Promise<unknown>): Promise<CoreError> {
  try {
    await promise
  } catch (error) {
    if (isCoreError(error)) return error
    throw new Error(`expected a CoreError, got ${String(error)}`)
  }
  throw new Error('expected a rejection')
}

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = []
  for await (const item of iterable) out.push(item)
  return out
}

describe('ObjectStore over the official client, emulator in strict signature mode', () => {
  const key = createTestApiKey()
  let emulator: Emulator
  let client: ObjectStorageClient
  let store: ObjectStore

  beforeAll(async () => {
    emulator = await startEmulator({ auth: 'strict', trustKeys: [key.publicKeyPem] })
    await emulator.createBucket(NS, BUCKET)
    const auth = await createAuth({
      kind: 'api-key',
      tenancy: TENANCY,
      user: 'ocid1.user.oc1..u',
      fingerprint: key.fingerprint,
      privateKey: key.privateKeyPem,
      region: 'us-ashburn-1',
    })
    client = createObjectStorageClient({ auth, endpoint: emulator.url })
    store = createObjectStore({ client, namespace: NS, bucket: BUCKET, retry: FAST_RETRY })
  })

  afterAll(async () => {
    client?.close()
    await emulator?.stop()
  })

  beforeEach(() => {
    emulator.faults.clear()
    emulator.requests.clear()
  })

  it('discovers the namespace with a signed GetNamespace', async () => {
    expect(await discoverNamespace(client)).toBe(NS)
    const [entry] = emulator.requests.list()
    expect(entry?.operation).toBe('GetNamespace')
    expect(entry?.keyId).toBe(`${TENANCY}/ocid1.user.oc1..u/${key.fingerprint}`)
    expect(entry?.status).toBe(200)
  })

  it('put → head → get round-trips bytes, MD5 and metadata without the opc-meta- prefix', async () => {
    const body = Buffer.from('a,b\n1,2\n')
    const put = await store.put('FOCUS Reports/2026/03/10/x.csv', body, {
      contentType: 'text/csv',
      metadata: { 'source-etag': 'e-1', 'source-name': 'FOCUS Reports/2026/03/10/x.csv.gz' },
    })
    expect(put.md5).toBe(md5(body))
    expect(put.etag).not.toBe('')

    const head = await store.head('FOCUS Reports/2026/03/10/x.csv')
    expect(head).toMatchObject({
      name: 'FOCUS Reports/2026/03/10/x.csv',
      size: body.length,
      etag: put.etag,
      md5: md5(body),
      contentType: 'text/csv',
      metadata: { 'source-etag': 'e-1', 'source-name': 'FOCUS Reports/2026/03/10/x.csv.gz' },
    })
    expect(Date.parse(head?.lastModified ?? '')).toBeGreaterThan(Date.now() - 120_000)

    const got = await store.get('FOCUS Reports/2026/03/10/x.csv', { ifMatch: put.etag })
    expect(got.etag).toBe(put.etag)
    expect(got.size).toBe(body.length)
    expect(got.md5).toBe(md5(body))
    expect((await readAll(got.stream)).equals(body)).toBe(true)
    // the PUT carried Content-MD5 so the service verified the body
    const putEntry = emulator.requests.list().find((r) => r.operation === 'PutObject')
    expect(putEntry?.headers['content-md5']).toBe(md5(body))
  })

  it('stores and reads an empty object', async () => {
    const put = await store.put('empty.csv', Buffer.alloc(0), { contentType: 'text/csv' })
    expect(put.md5).toBe(md5(Buffer.alloc(0)))
    const got = await store.get('empty.csv')
    expect(got.size).toBe(0)
    expect((await readAll(got.stream)).length).toBe(0)
  })

  it('head of a missing object is undefined; get of one is CORE_OBJECT_NOT_FOUND with context', async () => {
    expect(await store.head('nope.csv')).toBeUndefined()
    const error = await rejection(store.get('nope.csv'))
    expect(error.code).toBe('CORE_OBJECT_NOT_FOUND')
    expect([error.namespace, error.bucket, error.object, error.status]).toEqual([NS, BUCKET, 'nope.csv', 404])
  })

  it('a missing bucket is CORE_BUCKET_NOT_FOUND', async () => {
    const other = createObjectStore({ client, namespace: NS, bucket: 'no-such-bucket', retry: FAST_RETRY })
    const error = await rejection(collect(other.list('')))
    expect(error.code).toBe('CORE_BUCKET_NOT_FOUND')
    expect(error.bucket).toBe('no-such-bucket')
    expect((await rejection(other.put('x', Buffer.from('x'), {}))).code).toBe('CORE_BUCKET_NOT_FOUND')
  })

  it('get with a stale ifMatch fails as CORE_SOURCE_CHANGED', async () => {
    const first = await store.put('changing.csv', Buffer.from('v1'), {})
    await store.put('changing.csv', Buffer.from('v2'), {})
    const error = await rejection(store.get('changing.csv', { ifMatch: first.etag }))
    expect(error.code).toBe('CORE_SOURCE_CHANGED')
    expect(error.message).toContain(first.etag)
  })

  it('multipart: create, upload parts, commit gives the multipart MD5; list and abort uploads', async () => {
    const partA = Buffer.alloc(1024 * 1024, 'a')
    const partB = Buffer.from('tail')
    const { uploadId } = await store.createMultipart('big.csv', {
      contentType: 'text/csv',
      metadata: { 'source-md5': 'm' },
    })
    const a = await store.uploadPart('big.csv', uploadId, 1, partA)
    const b = await store.uploadPart('big.csv', uploadId, 2, partB)
    expect(a.md5).toBe(md5(partA))
    const digests = Buffer.concat([
      createHash('md5').update(partA).digest(),
      createHash('md5').update(partB).digest(),
    ])
    const committed = await store.commitMultipart('big.csv', uploadId, [
      { partNum: 1, etag: a.etag },
      { partNum: 2, etag: b.etag },
    ])
    expect(committed.md5).toBe(`${md5(digests)}-2`)
    const head = await store.head('big.csv')
    expect(head?.size).toBe(partA.length + partB.length)
    expect(head?.metadata).toEqual({ 'source-md5': 'm' })
    expect(head?.md5).toBe(`${md5(digests)}-2`)

    const pending = await store.createMultipart('abandoned.csv', {})
    expect(await collect(store.listMultipartUploads())).toEqual([
      { object: 'abandoned.csv', uploadId: pending.uploadId },
    ])
    await store.abortMultipart('abandoned.csv', pending.uploadId)
    await store.abortMultipart('abandoned.csv', pending.uploadId) // already gone: not an error
    expect(await collect(store.listMultipartUploads())).toEqual([])
  })

  it('delete removes an object and is idempotent', async () => {
    await store.put('gone.csv', Buffer.from('x'), {})
    await store.delete('gone.csv')
    await store.delete('gone.csv')
    expect(await store.head('gone.csv')).toBeUndefined()
  })

  it('lists 2,500 objects of a day over all pages, in name order, with every field', async () => {
    await emulator.createBucket(NS, 'many')
    const names: string[] = []
    for (let i = 0; i < 2500; i++) {
      const name = `FOCUS Reports/2026/03/09/${String(i).padStart(16, '0')}-00001.csv.gz`
      names.push(name)
      await emulator.putObject(NS, 'many', name, `row ${i}\n`)
    }
    await emulator.putObject(NS, 'many', 'FOCUS Reports/2026/03/10/other.csv.gz', 'x')
    const many = createObjectStore({ client, namespace: NS, bucket: 'many', retry: FAST_RETRY })
    emulator.requests.clear()
    const listed = await collect(many.list('FOCUS Reports/2026/03/09/'))
    expect(listed.map((o) => o.name)).toEqual(names)
    const pages = emulator.requests.list().filter((r) => r.operation === 'ListObjects')
    expect(pages.length).toBe(3)
    expect(pages[0]?.target).toContain('fields=name,size,etag,md5,timeModified')
    const sample = listed[1234]!
    expect(sample.size).toBe('row 1234\n'.length)
    expect(sample.md5).toBe(md5('row 1234\n'))
    expect(sample.etag).not.toBe('')
    expect(Date.parse(sample.timeModified)).toBeGreaterThan(Date.now() - 600_000)
  })

  it('retries 429 and 503 storms and succeeds', async () => {
    await store.put('storm.csv', Buffer.from('payload'), {})
    emulator.requests.clear()
    emulator.faults.add({ operation: 'GetObject', status: 503, count: 3 })
    emulator.faults.add({ operation: 'PutObject', status: 429, code: 'TooManyRequests', count: 2 })
    emulator.faults.add({ operation: 'ListObjects', status: 500, count: 1 })
    emulator.faults.add({ operation: 'HeadObject', status: 409, code: 'IncorrectState', count: 1 })
    const got = await store.get('storm.csv')
    expect((await readAll(got.stream)).toString()).toBe('payload')
    await store.put('storm2.csv', Buffer.from('second'), {})
    expect((await collect(store.list('storm'))).map((o) => o.name)).toEqual(['storm.csv', 'storm2.csv'])
    expect((await store.head('storm2.csv'))?.size).toBe(6)
    const log = emulator.requests.list()
    expect(log.filter((r) => r.operation === 'GetObject').map((r) => r.status)).toEqual([503, 503, 503, 200])
    expect(log.filter((r) => r.operation === 'PutObject').map((r) => r.status)).toEqual([429, 429, 200])
    expect((await emulator.getObject(NS, BUCKET, 'storm2.csv'))?.body.toString()).toBe('second')
  })

  it('a long 503 storm does not trip a circuit breaker (every call still reaches the service)', async () => {
    await store.put('breaker.csv', Buffer.from('ok'), {})
    const patient = createObjectStore({
      client,
      namespace: NS,
      bucket: BUCKET,
      retry: { attempts: 20, baseDelayMs: 1, maxDelayMs: 5 },
    })
    emulator.requests.clear()
    // opossum's default would open after 10 calls with 80 % failures and fail fast for 30 s
    emulator.faults.add({ operation: 'HeadObject', status: 503, count: 15 })
    expect((await patient.head('breaker.csv'))?.size).toBe(2)
    expect(emulator.requests.list().filter((r) => r.operation === 'HeadObject').length).toBe(16)
  })

  it('retries a connection cut before the response', async () => {
    await store.put('cut.csv', Buffer.from('abc'), {})
    emulator.faults.add({ operation: 'HeadObject', cut: 'response', cutAfterBytes: 0, count: 2 })
    expect((await store.head('cut.csv'))?.size).toBe(3)
  })

  it('a GET body cut mid-stream surfaces on the stream as a transient error', async () => {
    const body = Buffer.alloc(256 * 1024, 'x')
    await store.put('cut-body.csv', body, {})
    emulator.faults.add({ operation: 'GetObject', cut: 'response', cutAfterBytes: 1000, count: 1 })
    const got = await store.get('cut-body.csv')
    const error = await readAll(got.stream).then(
      () => undefined,
      (e: unknown) => e,
    )
    expect(error).toBeDefined()
    expect(isTransientError(error)).toBe(true)
    // the next GET (the caller's retry of the whole object) is whole
    expect((await readAll((await store.get('cut-body.csv')).stream)).equals(body)).toBe(true)
  })

  it('aborting during a GET destroys the stream with CORE_ABORTED', async () => {
    await store.put('abort-body.csv', Buffer.alloc(64 * 1024, 'y'), {})
    const controller = new AbortController()
    const got = await store.get('abort-body.csv', { signal: controller.signal })
    controller.abort()
    const error = await readAll(got.stream).then(
      () => undefined,
      (e: unknown) => e,
    )
    expect(isCoreError(error) && error.code).toBe('CORE_ABORTED')
  })

  it('gives up after the configured attempts with CORE_TRANSIENT_EXHAUSTED', async () => {
    emulator.faults.add({ operation: 'HeadObject', status: 503, count: Number.POSITIVE_INFINITY })
    const error = await rejection(store.head('whatever.csv'))
    expect(error.code).toBe('CORE_TRANSIENT_EXHAUSTED')
    expect(error.status).toBe(503)
    expect(emulator.requests.list().filter((r) => r.operation === 'HeadObject').length).toBe(
      FAST_RETRY.attempts,
    )
  })

  it('does not retry a 400', async () => {
    emulator.faults.add({ operation: 'PutObject', status: 400, code: 'InvalidParameter', count: 1 })
    const error = await rejection(store.put('bad.csv', Buffer.from('x'), {}))
    expect(error.code).toBe('CORE_REMOTE_ERROR')
    expect(error.serviceCode).toBe('InvalidParameter')
    expect(emulator.requests.list().filter((r) => r.operation === 'PutObject').length).toBe(1)
  })

  it('an aborted signal stops before the request', async () => {
    const controller = new AbortController()
    controller.abort()
    const error = await rejection(store.head('x.csv', { signal: controller.signal }))
    expect(error.code).toBe('CORE_ABORTED')
    expect(emulator.requests.list().length).toBe(0)
  })

  it('a key the emulator does not trust is CORE_AUTH_FAILED with the hint', async () => {
    const stranger = createTestApiKey()
    const auth = await createAuth({
      kind: 'api-key',
      tenancy: TENANCY,
      user: 'ocid1.user.oc1..u',
      fingerprint: stranger.fingerprint,
      privateKey: stranger.privateKeyPem,
    })
    const strangerClient = createObjectStorageClient({ auth, endpoint: emulator.url })
    try {
      const strangerStore = createObjectStore({
        client: strangerClient,
        namespace: NS,
        bucket: BUCKET,
        retry: FAST_RETRY,
      })
      const error = await rejection(collect(strangerStore.list('')))
      expect(error.code).toBe('CORE_AUTH_FAILED')
      expect(error.message).toContain('credentials rejected (expired or wrong key?)')
      expect(error.status).toBe(401)
      expect(error.message).not.toContain('PRIVATE KEY')
    } finally {
      strangerClient.close()
    }
  })
})
