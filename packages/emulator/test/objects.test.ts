import { createHash } from 'node:crypto'
import * as common from 'oci-common'
import type * as os from 'oci-objectstorage'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Emulator, startEmulator } from '../src/index.ts'
import { objectStorageClient, readAll, testKey } from './helpers.ts'

const BUCKET = 'ocid1.tenancy.oc1..aaaaaaaab5y6i7example'
const md5 = (data: Buffer | string) => createHash('md5').update(data).digest('base64')

describe('object operations through the official client (strict signatures)', () => {
  let emulator: Emulator
  let client: os.ObjectStorageClient
  let namespaceName: string
  const bucketName = BUCKET

  const put = (
    objectName: string,
    body: Buffer | string,
    extra: Partial<os.requests.PutObjectRequest> = {},
  ) =>
    client.putObject({
      namespaceName,
      bucketName,
      objectName,
      putObjectBody: body,
      contentLength: Buffer.byteLength(body),
      ...extra,
    })
  const getText = async (objectName: string, extra: Partial<os.requests.GetObjectRequest> = {}) => {
    const response = await client.getObject({ namespaceName, bucketName, objectName, ...extra })
    return { response, text: (await readAll(response.value)).toString() }
  }

  beforeAll(async () => {
    emulator = await startEmulator({
      auth: 'strict',
      trustKeys: [testKey().publicKeyPem],
      namespace: 'testns',
    })
    client = objectStorageClient(emulator.url, { attempts: 1 })
    namespaceName = (await client.getNamespace({})).value
    await client.createBucket({
      namespaceName,
      createBucketDetails: { name: BUCKET, compartmentId: 'ocid1.compartment.oc1..x' },
    })
  })
  afterAll(async () => {
    client.close()
    await emulator.stop()
  })

  it('answers GetNamespace with the configured namespace', () => {
    expect(namespaceName).toBe('testns')
  })

  it('gets and heads a bucket whose name is a tenancy OCID, with approximate counts on request', async () => {
    await emulator.putObject('testns', BUCKET, 'count-me', 'abc')
    const bucket = await client.getBucket({
      namespaceName,
      bucketName,
      fields: [
        'approximateCount' as os.requests.GetBucketRequest.Fields,
        'approximateSize' as os.requests.GetBucketRequest.Fields,
      ],
    })
    expect(bucket.bucket.name).toBe(BUCKET)
    expect(bucket.bucket.namespace).toBe('testns')
    expect(bucket.bucket.compartmentId).toBe('ocid1.compartment.oc1..x')
    expect(bucket.bucket.approximateCount).toBeGreaterThanOrEqual(1)
    expect(bucket.bucket.approximateSize).toBeGreaterThanOrEqual(3)
    expect(bucket.eTag).toBe(bucket.bucket.etag)
    const head = await client.headBucket({ namespaceName, bucketName })
    expect(head.eTag).toBe(bucket.eTag)
    await expect(client.getBucket({ namespaceName, bucketName: 'nope' })).rejects.toMatchObject({
      statusCode: 404,
      serviceCode: 'BucketNotFound',
    })
    await expect(client.headBucket({ namespaceName, bucketName: 'nope' })).rejects.toMatchObject({
      statusCode: 404,
    })
    await expect(
      client.getBucket({ namespaceName, bucketName, ifNoneMatch: bucket.eTag! }),
    ).rejects.toMatchObject({ statusCode: 304 })
  })

  it('lists and deletes buckets, refusing to delete one that is not empty', async () => {
    await client.createBucket({
      namespaceName,
      createBucketDetails: { name: 'short-lived', compartmentId: 'c' },
    })
    const listed = await client.listBuckets({ namespaceName, compartmentId: 'c' })
    expect(listed.items.map((bucket) => bucket.name)).toEqual(expect.arrayContaining([BUCKET, 'short-lived']))
    await emulator.putObject('testns', 'short-lived', 'x', 'x')
    await expect(client.deleteBucket({ namespaceName, bucketName: 'short-lived' })).rejects.toMatchObject({
      statusCode: 409,
      serviceCode: 'BucketNotEmpty',
    })
    await client.deleteObject({ namespaceName, bucketName: 'short-lived', objectName: 'x' })
    await client.deleteBucket({ namespaceName, bucketName: 'short-lived' })
    await expect(client.headBucket({ namespaceName, bucketName: 'short-lived' })).rejects.toMatchObject({
      statusCode: 404,
    })
  })

  it('refuses to create a bucket twice', async () => {
    await expect(
      client.createBucket({ namespaceName, createBucketDetails: { name: BUCKET, compartmentId: 'c' } }),
    ).rejects.toMatchObject({ statusCode: 409, serviceCode: 'BucketAlreadyExists' })
  })

  it('puts, heads, gets and deletes an object with spaces and slashes in its name', async () => {
    const objectName = 'FOCUS Reports/2025/04/05/0001000002711630-00001.csv.gz'
    const body = Buffer.from('a,b\r\n1,2\r\n')
    const putResponse = await put(objectName, body, {
      contentMD5: md5(body),
      contentType: 'text/csv',
      opcMeta: { 'source-name': 'x.csv.gz' },
    })
    expect(putResponse.opcContentMd5).toBe(md5(body))
    expect(putResponse.eTag).toMatch(/^[0-9a-f-]{36}$/)

    const head = await client.headObject({ namespaceName, bucketName, objectName })
    expect(head.contentLength).toBe(body.length)
    expect(head.contentMd5).toBe(md5(body))
    expect(head.opcMultipartMd5).toBeUndefined()
    expect(head.eTag).toBe(putResponse.eTag)
    expect(head.contentType).toBe('text/csv')
    expect(head.opcMeta).toEqual({ 'opc-meta-source-name': 'x.csv.gz' })

    const { response, text } = await getText(objectName)
    expect(text).toBe(body.toString())
    expect(response.contentEncoding).toBeUndefined()
    expect(response.contentMd5).toBe(md5(body))

    const log = emulator.requests.list().filter((entry) => entry.operation === 'GetObject')
    expect(log.at(-1)?.target).toContain('FOCUS%20Reports%2F2025')
    expect(log.at(-1)?.object).toBe(objectName)
    expect(log.at(-1)?.signedHeaders).toEqual(['x-date', '(request-target)', 'host'])
    expect(log.at(-1)?.keyId).toMatch(/\/[0-9a-f:]{47}$/)
    expect(log.at(-1)?.bytesOut).toBe(body.length)

    await client.deleteObject({ namespaceName, bucketName, objectName })
    await expect(client.headObject({ namespaceName, bucketName, objectName })).rejects.toMatchObject({
      statusCode: 404,
    })
    await expect(client.deleteObject({ namespaceName, bucketName, objectName })).rejects.toMatchObject({
      statusCode: 404,
      serviceCode: 'ObjectNotFound',
    })
    await expect(client.getObject({ namespaceName, bucketName, objectName })).rejects.toMatchObject({
      statusCode: 404,
      serviceCode: 'ObjectNotFound',
    })
  })

  it('routes odd names: leading slash, dots, plus, quote, percent, unicode', async () => {
    const names = [
      '/leading/slash',
      'a/../b/./c',
      'plus+sign',
      "it's",
      '100% done',
      'ünï/cødé 😀',
      'a//double',
    ]
    for (const name of names) await put(name, `body of ${name}`)
    for (const name of names) expect((await getText(name)).text).toBe(`body of ${name}`)
    const stored = await emulator.listObjectNames('testns', BUCKET)
    for (const name of names) expect(stored).toContain(name)
  })

  it('rejects a body whose Content-MD5 does not match and keeps the old object', async () => {
    await put('md5-check', 'original')
    await expect(put('md5-check', 'changed', { contentMD5: md5('something else') })).rejects.toMatchObject({
      statusCode: 400,
      serviceCode: 'UnmatchedContentMD5',
    })
    expect((await getText('md5-check')).text).toBe('original')
  })

  it('gives a fresh etag on every write, replaces metadata and keeps content types', async () => {
    const first = await put('rewrite', Buffer.from('v1'), {
      opcMeta: { a: '1', b: '2' },
      contentType: 'text/plain',
    })
    // a Buffer body, so fetch adds no text/plain content type of its own
    const second = await put('rewrite', Buffer.from('v2'), { opcMeta: { c: '3' } })
    expect(second.eTag).not.toBe(first.eTag)
    const head = await client.headObject({ namespaceName, bucketName, objectName: 'rewrite' })
    expect(head.opcMeta).toEqual({ 'opc-meta-c': '3' })
    expect(head.contentType).toBe('application/octet-stream')
    expect((await getText('rewrite')).text).toBe('v2')
  })

  it('creates only when absent with if-none-match *', async () => {
    await put('create-only', 'first', { ifNoneMatch: '*' })
    await expect(put('create-only', 'second', { ifNoneMatch: '*' })).rejects.toMatchObject({
      statusCode: 412,
      serviceCode: 'IfNoneMatchFailed',
    })
    expect((await getText('create-only')).text).toBe('first')
  })

  it('honours if-match on put, get, head and delete', async () => {
    const { eTag } = await put('guarded', 'one')
    await expect(put('guarded', 'two', { ifMatch: 'not-the-etag' })).rejects.toMatchObject({
      statusCode: 412,
      serviceCode: 'IfMatchFailed',
    })
    const updated = await put('guarded', 'two', { ifMatch: eTag! })
    await expect(getText('guarded', { ifMatch: eTag! })).rejects.toMatchObject({
      statusCode: 412,
      serviceCode: 'IfMatchFailed',
    })
    expect((await getText('guarded', { ifMatch: updated.eTag! })).text).toBe('two')
    await expect(
      client.headObject({ namespaceName, bucketName, objectName: 'guarded', ifMatch: eTag! }),
    ).rejects.toMatchObject({ statusCode: 412 })
    await expect(
      client.deleteObject({ namespaceName, bucketName, objectName: 'guarded', ifMatch: eTag! }),
    ).rejects.toMatchObject({ statusCode: 412, serviceCode: 'IfMatchFailed' })
    expect((await getText('guarded')).text).toBe('two')
  })

  it('answers 304 to if-none-match with the current etag', async () => {
    const { eTag } = await put('cached', 'data')
    await expect(getText('cached', { ifNoneMatch: eTag! })).rejects.toMatchObject({ statusCode: 304 })
    await expect(
      client.headObject({ namespaceName, bucketName, objectName: 'cached', ifNoneMatch: eTag! }),
    ).rejects.toMatchObject({ statusCode: 304 })
    expect((await getText('cached', { ifNoneMatch: 'other' })).text).toBe('data')
  })

  it('serves byte ranges with 206 and refuses unsatisfiable ones with 416', async () => {
    await put('ranged', '0123456789')
    const { response, text } = await getText('ranged', { range: new common.Range(2, 5, null) })
    expect(text).toBe('2345')
    expect(response.contentLength).toBe(4)
    const clamped = await getText('ranged', { range: new common.Range(8, 100, null) })
    expect(clamped.text).toBe('89')
    await expect(getText('ranged', { range: new common.Range(10, 20, null) })).rejects.toMatchObject({
      statusCode: 416,
      serviceCode: 'InvalidRange',
    })

    // Range forms the SDK never sends, over plain fetch against an unsigned emulator
    const open = await startEmulator()
    await open.createBucket('ns', 'b')
    await open.putObject('ns', 'b', 'o', '0123456789')
    const raw = async (range: string) => {
      const response = await fetch(`${open.url}/n/ns/b/b/o/o`, { headers: { range } })
      return {
        status: response.status,
        contentRange: response.headers.get('content-range'),
        text: await response.text(),
      }
    }
    expect(await raw('bytes=-3')).toEqual({ status: 206, contentRange: 'bytes 7-9/10', text: '789' })
    expect(await raw('bytes=4-')).toEqual({ status: 206, contentRange: 'bytes 4-9/10', text: '456789' })
    expect(await raw('bytes=0-null')).toMatchObject({ status: 200, text: '0123456789' })
    expect(await raw('bytes=12-')).toMatchObject({ status: 416, contentRange: 'bytes */10' })
    expect(await raw('bytes=5-2')).toMatchObject({ status: 200, text: '0123456789' })
    await open.stop()
  })

  it('serves an empty object', async () => {
    await put('empty', Buffer.alloc(0))
    const head = await client.headObject({ namespaceName, bucketName, objectName: 'empty' })
    expect(head.contentLength).toBe(0)
    expect(head.contentMd5).toBe(md5(''))
    expect((await getText('empty')).text).toBe('')
  })

  it('answers errors as JSON with the real codes', async () => {
    const response = await fetch(`${emulator.url}/n/testns/b/${BUCKET}/o/whatever`)
    expect(response.status).toBe(401)
    expect(response.headers.get('content-type')).toBe('application/json')
    expect(await response.json()).toMatchObject({ code: 'NotAuthenticated' })
    const unrouted = await fetch(`${emulator.url}/nothing-here`)
    expect(unrouted.status).toBe(404)
    expect(await unrouted.json()).toMatchObject({ code: 'NotFound' })
  })

  it('renames an object', async () => {
    await put('before-rename', 'payload')
    await client.renameObject({
      namespaceName,
      bucketName,
      renameObjectDetails: { sourceName: 'before-rename', newName: 'after rename' },
    })
    expect((await getText('after rename')).text).toBe('payload')
    await expect(
      client.headObject({ namespaceName, bucketName, objectName: 'before-rename' }),
    ).rejects.toMatchObject({
      statusCode: 404,
    })
  })

  it('offers direct helpers for test set-up', async () => {
    const { etag, md5: digest } = await emulator.putObject('testns', BUCKET, 'direct', 'hello', {
      metadata: { 'opc-meta-Source-Name': 'x' },
      contentType: 'text/plain',
    })
    const head = await client.headObject({ namespaceName, bucketName, objectName: 'direct' })
    expect(head.eTag).toBe(etag)
    expect(head.contentMd5).toBe(digest)
    expect(head.opcMeta).toEqual({ 'opc-meta-source-name': 'x' })
    const got = await emulator.getObject('testns', BUCKET, 'direct')
    expect(got?.body.toString()).toBe('hello')
    expect(got?.metadata).toEqual({ 'source-name': 'x' })
    expect(await emulator.getObject('testns', BUCKET, 'missing')).toBeUndefined()
  })
})
