import { Readable } from 'node:stream'
import type * as os from 'oci-objectstorage'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { type Emulator, parseFaultSpec, startEmulator } from '../src/index.ts'
import { objectStorageClient, readAll, testKey } from './helpers.ts'

const NS = 'faultns'
const BUCKET = 'b'

describe('fault injection', () => {
  let emulator: Emulator
  let client: os.ObjectStorageClient
  const base = { namespaceName: NS, bucketName: BUCKET }
  const entries = (operation: string) =>
    emulator.requests.list().filter((entry) => entry.operation === operation)

  beforeAll(async () => {
    emulator = await startEmulator({ auth: 'strict', trustKeys: [testKey().publicKeyPem], namespace: NS })
    client = objectStorageClient(emulator.url, { attempts: 4 })
    await emulator.createBucket(NS, BUCKET)
    await emulator.putObject(NS, BUCKET, 'FOCUS Reports/2025/04/05/a.csv.gz', Buffer.alloc(10_000, 7))
    await emulator.putObject(NS, BUCKET, 'plain.csv', 'x')
  })
  beforeEach(() => {
    emulator.faults.clear()
    emulator.requests.clear()
  })
  afterAll(async () => {
    client.close()
    await emulator.stop()
  })

  it('the SDK retries through two 503s on objects matching a glob', async () => {
    emulator.faults.add({ operation: 'GetObject', object: '*.gz', status: 503, count: 2 })
    const plain = await client.getObject({ ...base, objectName: 'plain.csv' })
    expect((await readAll(plain.value)).toString()).toBe('x')
    const response = await client.getObject({ ...base, objectName: 'FOCUS Reports/2025/04/05/a.csv.gz' })
    expect((await readAll(response.value)).length).toBe(10_000)
    const gets = entries('GetObject').filter((entry) => entry.object?.endsWith('.gz'))
    expect(gets.map((entry) => entry.status)).toEqual([503, 503, 200])
    expect(gets.map((entry) => entry.faulted ?? false)).toEqual([true, true, false])
    expect(emulator.faults.list()).toEqual([])
  })

  it('the SDK retries 429 TooManyRequests and 409 IncorrectState on a buffered PUT', async () => {
    emulator.faults.add({ operation: 'PutObject', status: 429, code: 'TooManyRequests' })
    emulator.faults.add({ operation: 'PutObject', status: 409, code: 'IncorrectState' })
    const body = Buffer.from('retried body')
    await client.putObject({
      ...base,
      objectName: 'retried',
      putObjectBody: body,
      contentLength: body.length,
    })
    expect(entries('PutObject').map((entry) => entry.status)).toEqual([429, 409, 200])
    expect((await emulator.getObject(NS, BUCKET, 'retried'))?.body.toString()).toBe('retried body')
  })

  it('answers the configured status, code and message, and the SDK does not retry a 400', async () => {
    emulator.faults.add({
      operation: '*',
      status: 400,
      code: 'InvalidParameter',
      message: 'injected, as asked',
    })
    await expect(client.headBucket(base)).rejects.toMatchObject({ statusCode: 400 })
    emulator.faults.add({ operation: 'ListObjects', status: 500, count: Number.POSITIVE_INFINITY })
    await expect(client.listObjects(base)).rejects.toMatchObject({
      statusCode: 500,
      serviceCode: 'InternalServerError',
    })
    expect(entries('ListObjects')).toHaveLength(4)
    expect(emulator.faults.list()).toHaveLength(1)
  })

  it('adds latency and then answers normally', async () => {
    emulator.faults.add({ operation: 'HeadObject', latencyMs: 300 })
    const head = await client.headObject({ ...base, objectName: 'plain.csv' })
    expect(head.contentLength).toBe(1)
    expect(entries('HeadObject')[0]?.durationMs).toBeGreaterThanOrEqual(250)
  })

  it('cuts a response mid-body: the client sees an error while reading', async () => {
    emulator.faults.add({ operation: 'GetObject', cut: 'response', cutAfterBytes: 1000 })
    const response = await client.getObject({ ...base, objectName: 'FOCUS Reports/2025/04/05/a.csv.gz' })
    expect(response.contentLength).toBe(10_000)
    await expect(readAll(response.value)).rejects.toBeTruthy()
    const [entry] = entries('GetObject')
    expect(entry?.bytesOut).toBe(1000)
    expect(entry?.faulted).toBe(true)
  })

  it('cuts a request mid-body: a streamed PUT fails and nothing is stored', async () => {
    emulator.faults.add({
      operation: 'PutObject',
      object: 'cut-upload',
      cut: 'request',
      cutAfterBytes: 64 * 1024,
    })
    const body = Readable.from(
      (function* () {
        for (let index = 0; index < 64; index++) yield Buffer.alloc(16 * 1024, index)
      })(),
    )
    await expect(
      client.putObject({
        ...base,
        objectName: 'cut-upload',
        putObjectBody: body,
        contentLength: 64 * 16 * 1024,
      }),
    ).rejects.toBeTruthy()
    expect(await emulator.getObject(NS, BUCKET, 'cut-upload')).toBeUndefined()
    expect(entries('PutObject')[0]?.status).toBe(0)
  })

  it('can be removed before it fires', async () => {
    const id = emulator.faults.add({ operation: 'GetNamespace', status: 503 })
    emulator.faults.remove(id)
    expect((await client.getNamespace({})).value).toBe(NS)
    expect(entries('GetNamespace').map((entry) => entry.status)).toEqual([200])
  })

  it('faults the identity domain routes too', async () => {
    emulator.faults.add({ operation: 'TokenExchange', status: 503 })
    const response = await fetch(emulator.identity.tokenUrl, { method: 'POST', body: '' })
    expect(response.status).toBe(503)
    expect(await response.json()).toMatchObject({ code: 'ServiceUnavailable' })
  })

  it('refuses invalid specs', () => {
    expect(() => emulator.faults.add({ operation: 'GetObject' })).toThrow(
      /at least one of status, latencyMs or cut/,
    )
    expect(() => emulator.faults.add({ operation: 'Nope' as never, status: 500 })).toThrow(
      /operation: must be one of/,
    )
    expect(() => emulator.faults.add({ status: 700 })).toThrow(/status: must be an HTTP status/)
  })
})

describe('the compact fault SPEC syntax', () => {
  it('parses every key', () => {
    expect(parseFaultSpec('op=GetObject,object=*.gz,status=503,code=ServiceUnavailable,count=2')).toEqual({
      operation: 'GetObject',
      object: '*.gz',
      status: 503,
      code: 'ServiceUnavailable',
      count: 2,
    })
    expect(parseFaultSpec('operation=PutObject,cut=request,cutAfter=64k,latency=10')).toEqual({
      operation: 'PutObject',
      cut: 'request',
      cutAfterBytes: 65_536,
      latencyMs: 10,
    })
    expect(parseFaultSpec('bucket=/^ocid1\\./i,status=429,count=inf,message="slow down, please"')).toEqual({
      bucket: /^ocid1\./i,
      status: 429,
      count: Number.POSITIVE_INFINITY,
      message: 'slow down, please',
    })
  })

  it('names the bad part', () => {
    expect(() => parseFaultSpec('op=GetObject,status')).toThrow(/each part must be key=value/)
    expect(() => parseFaultSpec('colour=red,status=500')).toThrow(/keys are/)
    expect(() => parseFaultSpec('status=abc')).toThrow(/status must be a number, got 'abc'/)
    expect(() => parseFaultSpec('cut=sideways')).toThrow(/cut: must be 'request' or 'response'/)
    expect(() => parseFaultSpec('cut=response,cutAfter=lots')).toThrow(/cutAfter must be a byte count/)
  })
})
