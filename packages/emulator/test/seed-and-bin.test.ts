import { type ChildProcess, spawn } from 'node:child_process'
import { mkdir, mkdtemp, rm, utimes, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { createInterface } from 'node:readline'
import { gzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { startEmulator } from '../src/index.ts'
import { ensureBuilt, objectStorageClient, readAll, testKey } from './helpers.ts'

const TENANCY_BUCKET = 'ocid1.tenancy.oc1..aaaaaaaaseedtenancy'
const REPORT = 'FOCUS Reports/2025/04/05/0001000002711630-00001.csv.gz'
const gz = gzipSync(Buffer.from('BilledCost,EffectiveCost\r\n1.5,1.25\r\n'))

async function writeSeed(dir: string): Promise<void> {
  await mkdir(join(dir, 'bling', TENANCY_BUCKET, 'FOCUS Reports/2025/04/05'), { recursive: true })
  await writeFile(join(dir, 'bling', TENANCY_BUCKET, REPORT), gz)
  await utimes(
    join(dir, 'bling', TENANCY_BUCKET, REPORT),
    new Date('2025-04-06T03:00:00Z'),
    new Date('2025-04-06T03:00:00Z'),
  )
  await mkdir(join(dir, 'bling', 'ocid1.tenancy.oc1..empty'), { recursive: true })
  await mkdir(join(dir, 'custns', 'dest'), { recursive: true })
  await writeFile(join(dir, 'custns', 'dest', '.gitkeep'), '')
  await writeFile(join(dir, 'README.md'), 'files beside namespace folders are ignored')
}

describe('--seed DIR (programmatic)', () => {
  let seedDir: string
  beforeAll(async () => {
    seedDir = await mkdtemp(join(tmpdir(), 'emulator-seed-'))
    await writeSeed(seedDir)
  })
  afterAll(async () => {
    await rm(seedDir, { recursive: true, force: true })
  })

  it('turns every bucket folder into a bucket and every file into an object with its stored bytes', async () => {
    const emulator = await startEmulator({ seedDir })
    expect(await emulator.listObjectNames('bling', TENANCY_BUCKET)).toEqual([REPORT])
    expect(await emulator.listObjectNames('bling', 'ocid1.tenancy.oc1..empty')).toEqual([])
    expect(await emulator.listObjectNames('custns', 'dest')).toEqual([])
    const stored = await emulator.getObject('bling', TENANCY_BUCKET, REPORT)
    expect(stored?.body.equals(gz)).toBe(true)
    expect(stored?.timeModified.toISOString()).toBe('2025-04-06T03:00:00.000Z')
    await emulator.stop()
  })

  it('names the folder when the seed is malformed', async () => {
    const bad = await mkdtemp(join(tmpdir(), 'emulator-badseed-'))
    await mkdir(join(bad, 'ns'))
    await writeFile(join(bad, 'ns', 'stray.csv'), 'x')
    await expect(startEmulator({ seedDir: bad })).rejects.toMatchObject({
      code: 'EMULATOR_SEED_FAILED',
      message: expect.stringContaining('stray.csv: must be a bucket folder'),
    })
    await expect(startEmulator({ seedDir: join(bad, 'missing') })).rejects.toMatchObject({
      code: 'EMULATOR_SEED_FAILED',
    })
    await rm(bad, { recursive: true, force: true })
  })
})

describe('oci-focus-emulator bin', () => {
  let seedDir: string
  let child: ChildProcess
  let url: string
  let extraLines: string[]

  beforeAll(async () => {
    // the committed shim npm links as `oci-focus-emulator`, which forwards to dist/bin.js
    const bin = join(dirname(await ensureBuilt()), '..', 'bin', 'oci-focus-emulator.js')
    seedDir = await mkdtemp(join(tmpdir(), 'emulator-binseed-'))
    await writeSeed(seedDir)
    const keyFile = join(seedDir, '..', `${seedDir.split('/').pop()}-key.pem`)
    await writeFile(keyFile, testKey().publicKeyPem)
    child = spawn(
      process.execPath,
      [
        bin,
        '--seed',
        seedDir,
        '--namespace',
        'custns',
        '--auth',
        'strict',
        '--trust-key',
        keyFile,
        '--fault',
        'op=GetObject,object=*.gz,status=503,count=1',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    )
    const lines = createInterface({ input: child.stdout! })
    extraLines = []
    // One listener from the start: readline emits every line of a chunk synchronously, so a
    // listener added after the first line resolves would miss the lines that came with it.
    url = await new Promise<string>((resolve, reject) => {
      let first: string | undefined
      lines.on('line', (line) => {
        if (first === undefined) {
          first = line
          resolve(line)
        } else {
          extraLines.push(line)
        }
      })
      child.once('exit', (code) => reject(new Error(`emulator exited with ${code}`)))
    })
    await rm(keyFile)
  }, 120_000)

  afterAll(async () => {
    if (child.exitCode === null) child.kill('SIGKILL')
    await rm(seedDir, { recursive: true, force: true })
  })

  it('prints its base URL first and serves the seed through the official client', async () => {
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    const client = objectStorageClient(url, { attempts: 3 })
    expect((await client.getNamespace({})).value).toBe('custns')
    const listed = await client.listObjects({
      namespaceName: 'bling',
      bucketName: TENANCY_BUCKET,
      prefix: 'FOCUS Reports/',
      fields: 'name,size,timeModified',
    })
    expect(listed.listObjects.objects).toEqual([
      { name: REPORT, size: gz.length, timeModified: '2025-04-06T03:00:00.000Z' },
    ])
    // the first GET meets the --fault 503 and the SDK retries
    const got = await client.getObject({
      namespaceName: 'bling',
      bucketName: TENANCY_BUCKET,
      objectName: REPORT,
    })
    expect(got.contentEncoding).toBeUndefined()
    expect((await readAll(got.value)).equals(gz)).toBe(true)
    await client.headBucket({ namespaceName: 'bling', bucketName: 'ocid1.tenancy.oc1..empty' })
    await client.headBucket({ namespaceName: 'custns', bucketName: 'dest' })
    client.close()
    await vi.waitFor(() => expect(extraLines.join('\n')).toContain('identity token URL'), { timeout: 10_000 })
  })

  it('stops cleanly on SIGTERM', async () => {
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
    child.kill('SIGTERM')
    expect(await exited).toBe(0)
    await expect(fetch(`${url}/n`)).rejects.toBeTruthy()
  })

  it('exits with a clear message on a bad flag', async () => {
    const bin = await ensureBuilt()
    const bad = spawn(process.execPath, [bin, '--fault', 'op=GetObject'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stderr = ''
    bad.stderr!.on('data', (chunk: Buffer) => {
      stderr += chunk.toString()
    })
    const code = await new Promise<number | null>((resolve) => bad.once('exit', resolve))
    expect(code).toBe(2)
    expect(stderr).toMatch(/at least one of status, latencyMs or cut/)
  })
})
