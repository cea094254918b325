import { createHash } from 'node:crypto'
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

  beforeAll(async () => {
    emulator = await startEmulator({
      auth: 'strict',
      trustKeys: [testKey().publicKeyPem],
      namespace: 'testns',
    })
    client = objectStorageClient(emulator.url)
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

  it('gets and heads a bucket whose name is a tenancy OCID', async () => {
    const bucket = await client.getBucket({ namespaceName, bucketName: BUCKET, fields: [] })
    expect(bucket.bucket.name).toBe(BUCKET)
    expect(bucket.bucket.namespace).toBe('testns')
    expect(bucket.eTag).toBe(bucket.bucket.etag)
    const head = await client.headBucket({ namespaceName, bucketName: BUCKET })
    expect(head.eTag).toBe(bucket.eTag)
    await expect(client.getBucket({ namespaceName, bucketName: 'nope' })).rejects.toMatchObject({
      statusCode: 404,
      serviceCode: 'BucketNotFound',
    })
  })

  it('puts, heads, gets and deletes an object with spaces and slashes in its name', async () => {
    const objectName = 'FOCUS Reports/2025/04/05/0001000002711630-00001.csv.gz'
    const body = Buffer.from('a,b\r\n1,2\r\n')
    const put = await client.putObject({
      namespaceName,
      bucketName: BUCKET,
      objectName,
      putObjectBody: body,
      contentLength: body.length,
      contentMD5: md5(body),
      contentType: 'text/csv',
      opcMeta: { 'source-name': 'x.csv.gz' },
    })
    expect(put.opcContentMd5).toBe(md5(body))
    expect(put.eTag).toMatch(/^[0-9a-f-]{36}$/)

    const head = await client.headObject({ namespaceName, bucketName: BUCKET, objectName })
    expect(head.contentLength).toBe(body.length)
    expect(head.contentMd5).toBe(md5(body))
    expect(head.eTag).toBe(put.eTag)
    expect(head.contentType).toBe('text/csv')
    expect(head.opcMeta).toEqual({ 'opc-meta-source-name': 'x.csv.gz' })

    const get = await client.getObject({ namespaceName, bucketName: BUCKET, objectName })
    expect(await readAll(get.value)).toEqual(body)
    expect(get.contentEncoding).toBeUndefined()

    const log = emulator.requests.list().filter((entry) => entry.operation === 'GetObject')
    expect(log.at(-1)?.target).toContain('FOCUS%20Reports%2F2025')
    expect(log.at(-1)?.object).toBe(objectName)
    expect(log.at(-1)?.signedHeaders).toEqual(['x-date', '(request-target)', 'host'])

    await client.deleteObject({ namespaceName, bucketName: BUCKET, objectName })
    await expect(client.headObject({ namespaceName, bucketName: BUCKET, objectName })).rejects.toMatchObject({
      statusCode: 404,
    })
    await expect(
      client.deleteObject({ namespaceName, bucketName: BUCKET, objectName }),
    ).rejects.toMatchObject({
      statusCode: 404,
      serviceCode: 'ObjectNotFound',
    })
  })
})
