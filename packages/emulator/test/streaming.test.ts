import { type ChildProcess, spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ensureBuilt } from './helpers.ts'

const SIZE = 300 * 1024 * 1024
const CHUNK = 1024 * 1024
const RSS_LIMIT_MB = 200

/** Peak resident set size of a process, from /proc (Linux). */
async function peakRssMb(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8')
  const match = /VmHWM:\s+(\d+) kB/.exec(status)
  if (!match) throw new Error('no VmHWM in /proc status')
  return Number(match[1]) / 1024
}

/** 1 MiB chunks whose bytes depend on their index: generated on the fly, never held whole. */
function* chunks(): Generator<Buffer> {
  const template = Buffer.alloc(CHUNK)
  for (let index = 0; index < SIZE / CHUNK; index++) {
    template.fill(index % 251)
    template.writeUInt32BE(index, 0)
    yield template
  }
}

describe.skipIf(process.platform !== 'linux')('a 300 MB object through the disk store of the bin', () => {
  let child: ChildProcess
  let url: string
  let dataDir: string

  beforeAll(async () => {
    const bin = await ensureBuilt()
    dataDir = await mkdtemp(join(tmpdir(), 'emulator-stream-'))
    child = spawn(process.execPath, [bin, '--data', dataDir], { stdio: ['ignore', 'pipe', 'inherit'] })
    const lines = createInterface({ input: child.stdout! })
    url = await new Promise<string>((resolve, reject) => {
      lines.once('line', resolve)
      child.once('exit', (code) => reject(new Error(`emulator exited with ${code}`)))
    })
    lines.on('line', () => {})
    const created = await fetch(`${url}/n/emulatorns/b`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'big', compartmentId: 'c' }),
    })
    expect(created.status).toBe(200)
  }, 120_000)

  afterAll(async () => {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve))
      child.kill('SIGTERM')
      await exited
    }
    await rm(dataDir, { recursive: true, force: true })
  })

  it('goes in and out with bounded emulator memory and intact bytes', async () => {
    const expected = createHash('md5')
    const putMd5 = await new Promise<string>((resolve, reject) => {
      const put = request(`${url}/n/emulatorns/b/big/o/large.csv`, {
        method: 'PUT',
        headers: { 'content-length': SIZE },
      })
      put.on('response', (response) => {
        response.resume()
        if (response.statusCode !== 200) reject(new Error(`PUT answered ${response.statusCode}`))
        else resolve(String(response.headers['opc-content-md5']))
      })
      put.on('error', reject)
      const source = chunks()
      const pump = () => {
        for (let next = source.next(); !next.done; next = source.next()) {
          expected.update(next.value)
          if (!put.write(next.value)) {
            put.once('drain', pump)
            return
          }
        }
        put.end()
      }
      pump()
    })
    const digest = expected.digest('base64')
    expect(putMd5).toBe(digest)

    const response = await fetch(`${url}/n/emulatorns/b/big/o/large.csv`)
    expect(response.status).toBe(200)
    expect(response.headers.get('content-length')).toBe(String(SIZE))
    const actual = createHash('md5')
    let received = 0
    for await (const chunk of response.body as ReadableStream<Uint8Array>) {
      actual.update(chunk)
      received += chunk.length
    }
    expect(received).toBe(SIZE)
    expect(actual.digest('base64')).toBe(digest)

    const peak = await peakRssMb(child.pid!)
    console.info(`emulator peak RSS after a ${SIZE / CHUNK} MiB PUT and GET: ${peak.toFixed(0)} MiB`)
    expect(peak).toBeLessThan(RSS_LIMIT_MB)
  }, 300_000)
})
