import { createHash, randomBytes } from 'node:crypto'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import * as os from 'oci-objectstorage'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Emulator, startEmulator } from '../src/index.ts'
import { objectStorageClient, readAll, testKey } from './helpers.ts'

const NS = 'mpns'
const BUCKET = 'uploads'
const md5Raw = (data: Buffer) => createHash('md5').update(data).digest()

/** The multipart MD5 form: base64(MD5(raw part digests concatenated)) + "-" + part count. */
function multipartMd5(data: Buffer, partSize: number): string {
  const digests: Buffer[] = []
  for (let offset = 0; offset < data.length; offset += partSize)
    digests.push(md5Raw(data.subarray(offset, offset + partSize)))
  return `${createHash('md5').update(Buffer.concat(digests)).digest('base64')}-${digests.length}`
}

describe('multipart uploads', () => {
  let emulator: Emulator
  let client: os.ObjectStorageClient
  let workDir: string
  const base = { namespaceName: NS, bucketName: BUCKET }

  beforeAll(async () => {
    emulator = await startEmulator({ auth: 'strict', trustKeys: [testKey().publicKeyPem], namespace: NS })
    client = objectStorageClient(emulator.url, { attempts: 2 })
    await emulator.createBucket(NS, BUCKET)
    workDir = await mkdtemp(join(tmpdir(), 'emulator-mp-'))
  })
  afterAll(async () => {
    client.close()
    await emulator.stop()
    await rm(workDir, { recursive: true, force: true })
  })

  it('UploadManager uploads a stream in small parts with MD5 on every part', async () => {
    const data = randomBytes(1024 * 1024 + 12_345)
    const partSize = 256 * 1024
    const manager = new os.UploadManager(client, { partSize, enforceMD5: true, maxConcurrentUploads: 5 })
    const response = await manager.upload({
      content: { stream: Readable.from([data.subarray(0, 700_000), data.subarray(700_000)]) },
      requestDetails: {
        ...base,
        objectName: 'FOCUS Reports/2025/04/05/big part.csv',
        contentType: 'text/csv',
        opcMeta: { 'source-md5': 'abc==' },
      },
    })
    expect(response.multipartMd5).toBe(multipartMd5(data, partSize))

    const parts = emulator.requests.list().filter((entry) => entry.operation === 'UploadPart')
    expect(parts).toHaveLength(5)
    for (const part of parts) expect(part.headers['content-md5']).toMatch(/^[A-Za-z0-9+/]{22}==$/)
    const commit = emulator.requests.list().find((entry) => entry.operation === 'CommitMultipartUpload')
    expect(commit?.signedHeaders).toEqual([
      'x-date',
      '(request-target)',
      'host',
      'content-type',
      'content-length',
      'x-content-sha256',
    ])

    const head = await client.headObject({ ...base, objectName: 'FOCUS Reports/2025/04/05/big part.csv' })
    expect(head.opcMultipartMd5).toBe(multipartMd5(data, partSize))
    expect(head.contentMd5).toBeUndefined()
    expect(head.contentType).toBe('text/csv')
    expect(head.opcMeta).toEqual({ 'opc-meta-source-md5': 'abc==' })
    const get = await client.getObject({ ...base, objectName: 'FOCUS Reports/2025/04/05/big part.csv' })
    expect((await readAll(get.value)).equals(data)).toBe(true)
    const listed = await client.listObjects({ ...base, fields: 'name,md5,size' })
    expect(listed.listObjects.objects.find((o) => o.name.endsWith('big part.csv'))).toMatchObject({
      md5: multipartMd5(data, partSize),
      size: data.length,
    })
    expect(await emulator.listMultipartUploads(NS, BUCKET)).toEqual([])
  })

  it('UploadManager uploads a file in parts and a small file as one PUT with content-md5', async () => {
    const data = randomBytes(600_000)
    const path = join(workDir, 'file.bin')
    await writeFile(path, data)
    const manager = new os.UploadManager(client, { partSize: 200_000, enforceMD5: true })
    const multi = await manager.upload({
      content: { filePath: path },
      requestDetails: { ...base, objectName: 'from-file' },
    })
    expect(multi.multipartMd5).toBe(multipartMd5(data, 200_000))
    const single = await manager.upload({
      content: { blob: new Blob([data.subarray(0, 1000)]) },
      requestDetails: { ...base, objectName: 'small' },
    })
    expect(single.contentMd5).toBe(md5Raw(data.subarray(0, 1000)).toString('base64'))
    const stored = await emulator.getObject(NS, BUCKET, 'from-file')
    expect(stored?.body.equals(data)).toBe(true)
    expect(stored?.multipart).toBe(true)
  })

  it('commits parts in ascending order, whatever order they were uploaded and listed in', async () => {
    const { multipartUpload } = await client.createMultipartUpload({
      ...base,
      createMultipartUploadDetails: { object: 'ordered', metadata: { 'opc-meta-k': 'v' } },
    })
    const uploadId = multipartUpload.uploadId
    const bodies = ['third', 'first-', 'second-'].map((text) => Buffer.from(text))
    const numbers = [3, 1, 2]
    const etags = new Map<number, string>()
    for (const [index, number] of numbers.entries()) {
      const body = bodies[index]!
      const part = await client.uploadPart({
        ...base,
        objectName: 'ordered',
        uploadId,
        uploadPartNum: number,
        uploadPartBody: body,
        contentLength: body.length,
        contentMD5: md5Raw(body).toString('base64'),
      })
      expect(part.opcContentMd5).toBe(md5Raw(body).toString('base64'))
      etags.set(number, part.eTag!)
    }
    const listedParts = await client.listMultipartUploadParts({ ...base, objectName: 'ordered', uploadId })
    expect(listedParts.items.map((part) => part.partNumber)).toEqual([1, 2, 3])
    expect(listedParts.items.map((part) => part.size)).toEqual([6, 7, 5])
    const uploads = await client.listMultipartUploads(base)
    expect(uploads.items.map((upload) => upload.uploadId)).toContain(uploadId)

    const commit = await client.commitMultipartUpload({
      ...base,
      objectName: 'ordered',
      uploadId,
      commitMultipartUploadDetails: {
        partsToCommit: [3, 1, 2].map(
          (partNum) => ({ partNum, etag: etags.get(partNum)!, progress: '100' }) as never,
        ),
      },
    })
    const expected = `${createHash('md5')
      .update(
        Buffer.concat([
          md5Raw(Buffer.from('first-')),
          md5Raw(Buffer.from('second-')),
          md5Raw(Buffer.from('third')),
        ]),
      )
      .digest('base64')}-3`
    expect(commit.opcMultipartMd5).toBe(expected)
    const got = await emulator.getObject(NS, BUCKET, 'ordered')
    expect(got?.body.toString()).toBe('first-second-third')
    expect(got?.metadata).toEqual({ k: 'v' })
    await expect(
      client.listMultipartUploadParts({ ...base, objectName: 'ordered', uploadId }),
    ).rejects.toMatchObject({ statusCode: 404, serviceCode: 'UploadNotFound' })
  })

  it('refuses an empty commit, unknown parts and bad part numbers; aborts cleanly', async () => {
    const { multipartUpload } = await client.createMultipartUpload({
      ...base,
      createMultipartUploadDetails: { object: 'refused' },
    })
    const uploadId = multipartUpload.uploadId
    const commit = (partsToCommit: os.models.CommitMultipartUploadPartDetails[]) =>
      client.commitMultipartUpload({
        ...base,
        objectName: 'refused',
        uploadId,
        commitMultipartUploadDetails: { partsToCommit },
      })
    await expect(commit([])).rejects.toMatchObject({
      statusCode: 400,
      serviceCode: 'InvalidUploadPart',
      message: 'There are no parts to commit',
    })
    const part = await client.uploadPart({
      ...base,
      objectName: 'refused',
      uploadId,
      uploadPartNum: 1,
      uploadPartBody: Buffer.from('x'),
      contentLength: 1,
    })
    await expect(commit([{ partNum: 1, etag: 'wrong' }])).rejects.toMatchObject({
      statusCode: 400,
      serviceCode: 'InvalidUploadPart',
    })
    await expect(commit([{ partNum: 2, etag: part.eTag! }])).rejects.toMatchObject({
      serviceCode: 'InvalidUploadPart',
    })
    await expect(
      client.uploadPart({
        ...base,
        objectName: 'refused',
        uploadId,
        uploadPartNum: 10_001,
        uploadPartBody: Buffer.from('x'),
        contentLength: 1,
      }),
    ).rejects.toMatchObject({ statusCode: 400, serviceCode: 'InvalidParameter' })
    await expect(
      client.uploadPart({
        ...base,
        objectName: 'another-object',
        uploadId,
        uploadPartNum: 1,
        uploadPartBody: Buffer.from('x'),
        contentLength: 1,
      }),
    ).rejects.toMatchObject({ statusCode: 404, serviceCode: 'UploadNotFound' })
    await expect(
      client.uploadPart({
        ...base,
        objectName: 'refused',
        uploadId,
        uploadPartNum: 2,
        uploadPartBody: Buffer.from('x'),
        contentLength: 1,
        contentMD5: md5Raw(Buffer.from('y')).toString('base64'),
      }),
    ).rejects.toMatchObject({ statusCode: 400, serviceCode: 'UnmatchedContentMD5' })

    await client.abortMultipartUpload({ ...base, objectName: 'refused', uploadId })
    expect(await emulator.listMultipartUploads(NS, BUCKET)).toEqual([])
    expect(await emulator.getObject(NS, BUCKET, 'refused')).toBeUndefined()
    await expect(
      client.abortMultipartUpload({ ...base, objectName: 'refused', uploadId }),
    ).rejects.toMatchObject({
      statusCode: 404,
      serviceCode: 'UploadNotFound',
    })
  })

  it('UploadManager reports the empty-stream failure as real OCI does', async () => {
    const manager = new os.UploadManager(client, { partSize: 1024 })
    await expect(
      manager.upload({
        content: { stream: Readable.from([]) },
        requestDetails: { ...base, objectName: 'empty-stream' },
      }),
    ).rejects.toBeTruthy()
    const commits = emulator.requests
      .list()
      .filter((e) => e.operation === 'CommitMultipartUpload' && e.status === 400)
    expect(commits.length).toBeGreaterThan(0)
    expect(await emulator.getObject(NS, BUCKET, 'empty-stream')).toBeUndefined()
  })

  it('pages ListMultipartUploads and ListMultipartUploadParts with opc-next-page', async () => {
    const ids: string[] = []
    for (const object of ['paged-a', 'paged-b', 'paged-c']) {
      const created = await client.createMultipartUpload({
        ...base,
        createMultipartUploadDetails: { object },
      })
      ids.push(created.multipartUpload.uploadId)
    }
    const first = await client.listMultipartUploads({ ...base, limit: 2 })
    expect(first.items.map((upload) => upload.object)).toEqual(['paged-a', 'paged-b'])
    expect(first.opcNextPage).toBeTruthy()
    const second = await client.listMultipartUploads({ ...base, limit: 2, page: first.opcNextPage! })
    expect(second.items.map((upload) => upload.object)).toEqual(['paged-c'])
    expect(second.opcNextPage).toBeUndefined()

    for (const partNum of [1, 2, 3]) {
      await client.uploadPart({
        ...base,
        objectName: 'paged-a',
        uploadId: ids[0]!,
        uploadPartNum: partNum,
        uploadPartBody: Buffer.from(`part ${partNum}`),
        contentLength: 6,
      })
    }
    const parts = await client.listMultipartUploadParts({
      ...base,
      objectName: 'paged-a',
      uploadId: ids[0]!,
      limit: 2,
    })
    expect(parts.items.map((part) => part.partNumber)).toEqual([1, 2])
    const rest = await client.listMultipartUploadParts({
      ...base,
      objectName: 'paged-a',
      uploadId: ids[0]!,
      limit: 2,
      page: parts.opcNextPage!,
    })
    expect(rest.items.map((part) => part.partNumber)).toEqual([3])
    for (const [index, object] of ['paged-a', 'paged-b', 'paged-c'].entries()) {
      await client.abortMultipartUpload({ ...base, objectName: object, uploadId: ids[index]! })
    }
  })

  it('refuses CreateMultipartUpload with if-none-match * over an existing object', async () => {
    await emulator.putObject(NS, BUCKET, 'exists', 'x')
    await expect(
      client.createMultipartUpload({
        ...base,
        createMultipartUploadDetails: { object: 'exists' },
        ifNoneMatch: '*',
      }),
    ).rejects.toMatchObject({ statusCode: 412, serviceCode: 'IfNoneMatchFailed' })
  })
})
