/**
 * Copy-engine benchmark (`npm run bench` in packages/core). One run prints one table:
 *  - a ~190 MB CSV (~30 MB .gz) copied through the emulator vs a plain zlib gunzip of the same file;
 *  - peak RSS of the copying process for that object and for a 1 GB CSV object;
 *  - 500 small objects at concurrency 8 vs 1, with 20 ms of emulator latency on every request
 *    (a real network round trip; on loopback with no latency concurrency barely matters).
 * The emulator runs in its own process (disk store), and every measurement runs in a fresh child
 * process, so each peak RSS belongs to that measurement alone. Flags: --quick skips the 1 GB object.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs'
import { request } from 'node:http'
import { cpus, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { fileURLToPath } from 'node:url'
import { createGunzip, createGzip, gzipSync } from 'node:zlib'
import { createTestApiKey, startEmulator } from '@oci-focus/emulator'
import { createAuth } from '../src/auth/index.js'
import { copyObjects } from '../src/copy/engine.js'
import { createObjectStorageClient, createObjectStore, silenceSdkRetryWarnings } from '../src/store/index.js'
import { resolveWindow } from '../src/window.js'

const TENANCY = 'ocid1.tenancy.oc1..aaaabench'
const DAYS = { large: '2026-01-10', huge: '2026-01-11', small: '2026-01-12' } as const
const folderOf = (day: string) => `FOCUS Reports/${day.replaceAll('-', '/')}/`
const MB = 1024 * 1024
/**
 * Added by the emulator to every request of the small-object runs: a stand-in for the network
 * round trip plus service time of a real Object Storage call (tens of ms from a runner to an OCI
 * region). On loopback without it, a request costs only client and emulator CPU and concurrency
 * has nothing to overlap.
 */
const SMALL_LATENCY_MS = 20

// ---------- child modes ----------

interface CopyJob {
  url: string
  day: string
  concurrency: number
  destPrefix: string
}

async function runCopyJob(job: CopyJob): Promise<void> {
  const restore = silenceSdkRetryWarnings()
  const key = createTestApiKey()
  const auth = await createAuth({
    kind: 'api-key',
    tenancy: TENANCY,
    user: 'ocid1.user.oc1..bench',
    fingerprint: key.fingerprint,
    privateKey: key.privateKeyPem,
    region: 'us-ashburn-1',
  })
  const client = createObjectStorageClient({ auth, endpoint: job.url })
  const source = createObjectStore({ client, namespace: 'bling', bucket: TENANCY })
  const destination = createObjectStore({ client, namespace: 'emulatorns', bucket: 'dest' })
  const startRss = process.memoryUsage().rss
  let peak = startRss
  let atPeak = process.memoryUsage()
  // memoryUsage.rss() is a cheap syscall; the full breakdown (which walks the heap spaces) is only
  // taken at a new peak, so the sampler itself costs the measured process next to nothing.
  const sampler = setInterval(() => {
    const rss = process.memoryUsage.rss()
    if (rss > peak) {
      peak = rss
      atPeak = process.memoryUsage()
    }
  }, 50)
  const started = performance.now()
  const cpuStart = process.cpuUsage()
  const result = await copyObjects({
    source,
    destination,
    window: resolveWindow({ date: job.day, now: new Date(`${job.day}T12:00:00Z`) }),
    concurrency: job.concurrency,
    destPrefix: job.destPrefix,
  })
  const wallMs = performance.now() - started
  const cpu = process.cpuUsage(cpuStart)
  clearInterval(sampler)
  client.close()
  restore()
  if (result.totals.failed > 0 || result.totals.copied === 0) {
    throw new Error(
      `bench copy failed: ${JSON.stringify(result.objects.find((o) => o.outcome === 'failed'))}`,
    )
  }
  const maxRss = Math.max(peak, process.resourceUsage().maxRSS * 1024)
  process.stdout.write(
    `${JSON.stringify({ wallMs, cpuMs: (cpu.user + cpu.system) / 1000, maxRss, heapAtPeak: atPeak.heapTotal, buffersAtPeak: atPeak.arrayBuffers, startRss, copied: result.totals.copied, bytesIn: result.totals.bytesIn, bytesOut: result.totals.bytesOut })}\n`,
  )
}

async function runGunzip(file: string): Promise<void> {
  const started = performance.now()
  const cpuStart = process.cpuUsage()
  let bytes = 0
  await pipeline(
    createReadStream(file),
    createGunzip(),
    new Writable({
      write(chunk: Buffer, _encoding, callback) {
        bytes += chunk.length
        callback()
      },
    }),
  )
  const wallMs = performance.now() - started
  const cpu = process.cpuUsage(cpuStart)
  process.stdout.write(
    `${JSON.stringify({ wallMs, cpuMs: (cpu.user + cpu.system) / 1000, maxRss: process.resourceUsage().maxRSS * 1024, bytes })}\n`,
  )
}

async function runEmulator(dataDir: string): Promise<void> {
  const emulator = await startEmulator({ dataDir })
  await emulator.createBucket('bling', TENANCY)
  await emulator.createBucket('emulatorns', 'dest')
  process.stdout.write(`${emulator.url}\n`)
  // Commands on stdin, one per line: `latency <ms>` (every request), `clear`, or `cpu` (answers
  // the process's CPU milliseconds so far).
  process.stdin.setEncoding('utf8')
  let buffered = ''
  process.stdin.on('data', (text: string) => {
    buffered += text
    for (let nl = buffered.indexOf('\n'); nl !== -1; nl = buffered.indexOf('\n')) {
      const line = buffered.slice(0, nl).trim()
      buffered = buffered.slice(nl + 1)
      if (line === 'cpu') {
        // CPU the emulator process used so far, so the table can show what it took of the cores.
        const usage = process.cpuUsage()
        process.stdout.write(`${(usage.user + usage.system) / 1000}\n`)
        continue
      }
      if (line === 'clear') emulator.faults.clear()
      const latency = /^latency (\d+)$/.exec(line)
      if (latency)
        emulator.faults.add({
          operation: '*',
          latencyMs: Number(latency[1]),
          count: Number.POSITIVE_INFINITY,
        })
      process.stdout.write('ok\n')
    }
  })
  process.stdin.on('end', () => {
    void emulator.stop().then(() => process.exit(0))
  })
}

// ---------- data ----------

/** A deterministic, FOCUS-like CSV stream compressing about 6:1 like real reports. */
function* focusLikeCsv(targetBytes: number): Generator<Buffer> {
  let seed = 0x2545f491
  const next = () => {
    seed ^= seed << 13
    seed ^= seed >>> 17
    seed ^= seed << 5
    return (seed >>> 0) / 0x100000000
  }
  const services = [
    'Compute',
    'Block Storage',
    'Object Storage',
    'Networking',
    'Database',
    'Logging',
    'Functions',
  ]
  const regions = ['us-ashburn-1', 'eu-frankfurt-1', 'uk-london-1', 'ap-tokyo-1']
  const ids = Array.from({ length: 400 }, () => randomBytes(22).toString('hex'))
  let written = 0
  yield Buffer.from(
    'BillingAccountId,ChargePeriodStart,ChargePeriodEnd,BilledCost,EffectiveCost,BillingCurrency,Region,ServiceName,ResourceId,Tags\n',
  )
  while (written < targetBytes) {
    const lines: string[] = []
    for (let i = 0; i < 2000; i++) {
      const hour = Math.floor(next() * 24)
      const service = services[Math.floor(next() * services.length)]!
      const region = regions[Math.floor(next() * regions.length)]!
      const id = ids[Math.floor(next() * ids.length)]!
      const cost = (next() * 40).toFixed(10)
      lines.push(
        `ocid1.tenancy.oc1..aaaabench,2026-01-10T${String(hour).padStart(2, '0')}:00Z,2026-01-10T${String(hour + 1).padStart(2, '0')}:00Z,${cost},${cost},USD,${region},${service},ocid1.instance.oc1.${region}.${id},"{""orcl-cloud.free-tier-retained"":""true"",""team"":""finops-${Math.floor(next() * 9)}""}"`,
      )
    }
    const chunk = Buffer.from(`${lines.join('\n')}\n`)
    written += chunk.length
    yield chunk
  }
}

async function writeGzip(file: string, csvBytes: number): Promise<{ csv: number; gz: number }> {
  let csv = 0
  await pipeline(
    (function* () {
      for (const chunk of focusLikeCsv(csvBytes)) {
        csv += chunk.length
        yield chunk
      }
    })(),
    createGzip({ level: 6 }),
    createWriteStream(file),
  )
  return { csv, gz: statSync(file).size }
}

/** Unsigned PUT (the bench emulator runs with auth off), streaming a file or a buffer. */
async function put(url: string, name: string, body: Buffer | string): Promise<void> {
  const target = new URL(`/n/bling/b/${encodeURIComponent(TENANCY)}/o/${encodeURIComponent(name)}`, url)
  const length = typeof body === 'string' ? statSync(body).size : body.length
  await new Promise<void>((resolve, reject) => {
    const req = request(target, { method: 'PUT', headers: { 'content-length': String(length) } }, (res) => {
      res.resume()
      res.on('end', () =>
        res.statusCode === 200 ? resolve() : reject(new Error(`PUT ${name}: ${res.statusCode}`)),
      )
    })
    req.on('error', reject)
    if (typeof body === 'string') createReadStream(body).pipe(req)
    else req.end(body)
  })
}

// ---------- orchestration ----------

const self = fileURLToPath(import.meta.url)

function child(args: string[]): Promise<Record<string, number>> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, [self, ...args], { stdio: ['ignore', 'pipe', 'inherit'] })
    let out = ''
    proc.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString()
    })
    proc.on('close', (code) => {
      if (code !== 0) reject(new Error(`${args[0]} exited with ${code}`))
      else resolve(JSON.parse(out.trim().split('\n').pop()!) as Record<string, number>)
    })
  })
}

async function startEmulatorProcess(
  dataDir: string,
): Promise<{ url: string; proc: ChildProcess; send(line: string): Promise<string> }> {
  const proc = spawn(process.execPath, [self, 'emulator', dataDir], { stdio: ['pipe', 'pipe', 'inherit'] })
  const lines: string[] = []
  const waiters: Array<(line: string) => void> = []
  let partial = ''
  proc.stdout!.on('data', (chunk: Buffer) => {
    partial += chunk.toString()
    for (let nl = partial.indexOf('\n'); nl !== -1; nl = partial.indexOf('\n')) {
      const line = partial.slice(0, nl)
      partial = partial.slice(nl + 1)
      const waiter = waiters.shift()
      if (waiter) waiter(line)
      else lines.push(line)
    }
  })
  const nextLine = () =>
    new Promise<string>((resolve) => {
      const line = lines.shift()
      if (line !== undefined) resolve(line)
      else waiters.push(resolve)
    })
  const url = await nextLine()
  return {
    url,
    proc,
    async send(line: string) {
      proc.stdin!.write(`${line}\n`)
      return nextLine()
    },
  }
}

async function main(): Promise<void> {
  const quick = process.argv.includes('--quick')
  const work = mkdtempSync(join(tmpdir(), 'oci-focus-bench-'))
  const emulatorData = join(work, 'emulator')
  const fmtMb = (bytes: number) => `${(bytes / MB).toFixed(1)} MB`
  try {
    console.log('generating data…')
    const largeFile = join(work, 'large.csv.gz')
    const large = await writeGzip(largeFile, 190 * MB)
    const hugeFile = join(work, 'huge.csv.gz')
    const huge = quick ? undefined : await writeGzip(hugeFile, 1024 * MB)

    const emulator = await startEmulatorProcess(emulatorData)
    console.log(`emulator (separate process, disk store) at ${emulator.url}; seeding…`)
    await put(emulator.url, `${folderOf(DAYS.large)}0001000000000001-00001.csv.gz`, largeFile)
    if (huge) await put(emulator.url, `${folderOf(DAYS.huge)}0001000000000002-00001.csv.gz`, hugeFile)
    const small: Buffer[] = []
    for (let i = 0; i < 500; i++) {
      small.push(gzipSync(Buffer.from(`a,b,c\n${`${i},${'x'.repeat(40)},${i * 3}\n`.repeat(200)}`)))
    }
    for (let i = 0; i < 500; i += 25) {
      await Promise.all(
        small
          .slice(i, i + 25)
          .map((body, j) =>
            put(
              emulator.url,
              `${folderOf(DAYS.small)}${String(1_000_000 + i + j).padStart(16, '0')}-00001.csv.gz`,
              body,
            ),
          ),
      )
    }

    console.log('measuring…')
    /** A copy in a fresh child process, with the CPU the emulator process spent meanwhile. */
    const measureCopy = async (job: Omit<CopyJob, 'url'>): Promise<Record<string, number>> => {
      const emulatorCpuBefore = Number(await emulator.send('cpu'))
      const result = await child(['copy', JSON.stringify({ url: emulator.url, ...job })])
      return { ...result, emulatorCpuMs: Number(await emulator.send('cpu')) - emulatorCpuBefore }
    }
    const gunzip = await child(['gunzip', largeFile])
    const copyLarge = await measureCopy({ day: DAYS.large, concurrency: 4, destPrefix: 'large/' })
    const copyHuge = huge
      ? await measureCopy({ day: DAYS.huge, concurrency: 4, destPrefix: 'huge/' })
      : undefined
    await emulator.send(`latency ${SMALL_LATENCY_MS}`)
    const c1 = await measureCopy({ day: DAYS.small, concurrency: 1, destPrefix: 'c1/' })
    const c8 = await measureCopy({ day: DAYS.small, concurrency: 8, destPrefix: 'c8/' })
    emulator.proc.stdin!.end()

    const largeRatio = copyLarge.wallMs! / gunzip.wallMs!
    const concurrencyRatio = c1.wallMs! / c8.wallMs!
    const rows: Array<[string, string, string, string]> = [
      ['measurement', 'result', 'target', 'met'],
      [
        `plain zlib gunzip, ${fmtMb(large.gz)} .gz → ${fmtMb(large.csv)} (baseline)`,
        `${(gunzip.wallMs! / 1000).toFixed(2)} s`,
        '',
        '',
      ],
      [
        'copy of the same object through the emulator (GET → gunzip → MD5 → multipart)',
        `${(copyLarge.wallMs! / 1000).toFixed(2)} s = ${largeRatio.toFixed(2)}× gunzip`,
        '≤ 2×',
        largeRatio <= 2 ? 'yes' : 'NO',
      ],
      [
        'CPU time of the copying process for that copy (the rest is the emulator and the network)',
        `${(copyLarge.cpuMs! / 1000).toFixed(2)} s = ${(copyLarge.cpuMs! / gunzip.cpuMs!).toFixed(2)}× gunzip CPU`,
        '',
        '',
      ],
      [
        'CPU time of the emulator process during that copy (shares the same cores)',
        `${(copyLarge.emulatorCpuMs! / 1000).toFixed(2)} s`,
        '',
        '',
      ],
      [
        'peak RSS, copying process, ~190 MB CSV object',
        fmtMb(copyLarge.maxRss!),
        '< 200 MB',
        copyLarge.maxRss! < 200 * MB ? 'yes' : 'NO',
      ],
    ]
    if (copyHuge && huge) {
      rows.push([
        `peak RSS, copying process, ${fmtMb(huge.csv)} CSV object (${fmtMb(huge.gz)} .gz, ${(copyHuge.wallMs! / 1000).toFixed(1)} s)`,
        fmtMb(copyHuge.maxRss!),
        '< 200 MB',
        copyHuge.maxRss! < 200 * MB ? 'yes' : 'NO',
      ])
    }
    rows.push(
      [
        `500 small objects, concurrency 1 (${SMALL_LATENCY_MS} ms emulator latency per request)`,
        `${(c1.wallMs! / 1000).toFixed(2)} s (CPU: copy ${(c1.cpuMs! / 1000).toFixed(1)} s, emulator ${(c1.emulatorCpuMs! / 1000).toFixed(1)} s)`,
        '',
        '',
      ],
      [
        '500 small objects, concurrency 8 (same latency)',
        `${(c8.wallMs! / 1000).toFixed(2)} s = ${concurrencyRatio.toFixed(2)}× faster (CPU: copy ${(c8.cpuMs! / 1000).toFixed(1)} s, emulator ${(c8.emulatorCpuMs! / 1000).toFixed(1)} s)`,
        '≥ 4×',
        concurrencyRatio >= 4 ? 'yes' : 'NO',
      ],
      ['peak RSS, 500 objects at concurrency 8', fmtMb(c8.maxRss!), '', ''],
    )
    const widths = [0, 1, 2, 3].map((col) => Math.max(...rows.map((row) => row[col]!.length)))
    console.log('')
    for (const [index, row] of rows.entries()) {
      console.log(`| ${row.map((cell, col) => cell.padEnd(widths[col]!)).join(' | ')} |`)
      if (index === 0) console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`)
    }
    console.log(
      `\nplain gunzip peak RSS: ${fmtMb(gunzip.maxRss!)} (for reference); node ${process.version}; load average ${loadavg()
        .map((load) => load.toFixed(1))
        .join(' ')} on ${cpus().length} CPUs`,
    )
    console.log(
      `parameters: large copy at concurrency 4 with the engine defaults (8 MiB parts, 3 in flight); ${SMALL_LATENCY_MS} ms emulator latency on every request of the small-object runs only (a network round trip + service time); emulator in its own process on the same machine with a disk store (its CPU is shown above: a real service would not take it from the client's cores); one fresh child process per measurement.`,
    )
  } finally {
    rmSync(work, { recursive: true, force: true })
  }
}

const [mode, arg] = process.argv.slice(2)
if (mode === 'copy') await runCopyJob(JSON.parse(arg!) as CopyJob)
else if (mode === 'gunzip') await runGunzip(arg!)
else if (mode === 'emulator') await runEmulator(arg!)
else await main()
