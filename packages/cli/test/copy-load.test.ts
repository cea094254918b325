import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import type { CopyResult } from '@oci-focus/core'
import {
  createTestApiKey,
  type Emulator,
  type GeneratedReports,
  generateFocusReports,
  seedReports,
  startEmulator,
} from '@oci-focus/emulator'
import type { LoadResult } from '@oci-focus/loader'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { runCli } from './helpers.js'

// core's clients run with the SDK circuit breaker and retrier off, so a failed object cannot make
// later calls fail fast.
const TENANCY = 'ocid1.tenancy.oc1..aaaaaaaaclitest'
const NAMESPACE = 'clins'
const DAY_MS = 86_400_000
const NOW = new Date()
const today = Math.floor(NOW.getTime() / DAY_MS) * DAY_MS
const day = (offset: number) => new Date(today - offset * DAY_MS).toISOString().slice(0, 10)

let emulator: Emulator
let reports: GeneratedReports
let env: Record<string, string>
let key: ReturnType<typeof createTestApiKey>
let workDir: string
let bucketCounter = 0

/** A fresh destination bucket per test, so tests do not see each other's copies. */
async function freshBucket(): Promise<string> {
  const bucket = `dest-${++bucketCounter}`
  await emulator.createBucket(NAMESPACE, bucket)
  return bucket
}

/** What `--json` prints for copy, load and sync. */
interface CliDocument {
  command: string
  ok: boolean
  exitCode: number
  copy: CopyResult
  load: LoadResult
  error: { code: string; message: string }
}

function parseJson(stdout: string): CliDocument {
  // One document and nothing else: JSON.parse fails on any stray line.
  return JSON.parse(stdout)
}

/** Every secret the tests put in the environment, none of which may ever be printed. */
function expectNoSecrets(run: { stdout: string; stderr: string }, extra: string[] = []): void {
  const lines = key.privateKeyPem.split('\n').filter((line) => line.length > 20)
  for (const secret of [...lines, 'pass-phrase-value', ...extra]) {
    expect(run.stdout).not.toContain(secret)
    expect(run.stderr).not.toContain(secret)
  }
}

beforeAll(async () => {
  key = createTestApiKey()
  emulator = await startEmulator({ auth: 'strict', trustKeys: [key.publicKeyPem], namespace: NAMESPACE })
  // Three days ending today: the default 3-day look-back covers them.
  reports = generateFocusReports({
    seed: 7,
    startDate: day(2),
    days: 3,
    filesPerDay: 2,
    rowsPerFile: 40,
    tenancyOcid: TENANCY,
  })
  await seedReports(emulator, reports.files, TENANCY)
  env = {
    OCI_CLI_USER: 'ocid1.user.oc1..aaaaaaaaclitest',
    OCI_CLI_TENANCY: TENANCY,
    OCI_CLI_FINGERPRINT: key.fingerprint,
    OCI_CLI_KEY_CONTENT: key.privateKeyPem,
    OCI_CLI_REGION: 'us-ashburn-1',
    OCI_OBJECTSTORAGE_ENDPOINT: emulator.url,
  }
  workDir = await mkdtemp(join(tmpdir(), 'oci-focus-cli-'))
})

afterAll(async () => {
  await emulator?.stop()
  if (workDir) await rm(workDir, { recursive: true, force: true })
})

beforeEach(() => {
  emulator.faults.clear()
})

describe('oci-focus copy', () => {
  it('copies the look-back window with API-key auth from OCI_CLI_* variables, printing one JSON document', async () => {
    const bucket = await freshBucket()
    const run = await runCli(['copy', '--dest-bucket', bucket, '--home-region', 'us-ashburn-1', '--json'], {
      env,
      now: NOW,
    })
    expect(run.code, run.stderr).toBe(0)
    const document = parseJson(run.stdout)
    expect(document).toMatchObject({
      command: 'copy',
      ok: true,
      exitCode: 0,
      copy: {
        window: { kind: 'focus', from: day(2), to: day(0) },
        dryRun: false,
        totals: { planned: reports.files.length, copied: reports.files.length, skipped: 0, failed: 0 },
      },
    })
    const totalGz = reports.files.reduce((sum, file) => sum + file.gz.length, 0)
    const totalCsv = reports.files.reduce((sum, file) => sum + file.csv.length, 0)
    expect(document.copy.totals.bytesIn).toBe(totalGz)
    expect(document.copy.totals.bytesOut).toBe(totalCsv)
    expect(document.copy.objects).toHaveLength(reports.files.length)
    const names = await emulator.listObjectNames(NAMESPACE, bucket)
    expect(names.sort()).toEqual(reports.files.map((file) => file.name.replace(/\.gz$/, '')).sort())
    const first = reports.files[0]!
    expect(
      (await emulator.getObject(NAMESPACE, bucket, first.name.replace(/\.gz$/, '')))?.body.equals(first.csv),
    ).toBe(true)
    expectNoSecrets(run)
  })

  it('copies nothing the second time (no PutObject in the request log) and says so', async () => {
    const bucket = await freshBucket()
    const args = ['copy', '--dest-bucket', bucket, '--home-region', 'us-ashburn-1']
    expect((await runCli(args, { env, now: NOW })).code).toBe(0)
    emulator.requests.clear()
    const run = await runCli(args, { env, now: NOW })
    expect(run.code, run.stderr).toBe(0)
    expect(run.stdout).toContain(`copied 0 · skipped ${reports.files.length} · failed 0`)
    expect(emulator.requests.list().filter((r) => r.operation === 'PutObject')).toEqual([])
  })

  it('--dry-run plans the copy and writes nothing', async () => {
    const bucket = await freshBucket()
    const run = await runCli(
      ['copy', '--dest-bucket', bucket, '--home-region', 'us-ashburn-1', '--dry-run', '--json'],
      { env, now: NOW },
    )
    expect(run.code, run.stderr).toBe(0)
    const document = parseJson(run.stdout)
    expect(document.copy.dryRun).toBe(true)
    expect(document.copy.totals).toMatchObject({ planned: reports.files.length, copied: 0 })
    expect(document.copy.objects.every((o) => o.outcome === 'planned')).toBe(true)
    expect(await emulator.listObjectNames(NAMESPACE, bucket)).toEqual([])
  })

  it('exits 1 when one object fails (a corrupt gzip) and copies the others', async () => {
    const tenancy = 'ocid1.tenancy.oc1..aaaaaaaacorrupt'
    const small = generateFocusReports({
      seed: 9,
      startDate: day(1),
      days: 2,
      filesPerDay: 1,
      rowsPerFile: 10,
      tenancyOcid: tenancy,
    })
    await seedReports(emulator, small.files, tenancy)
    const corrupt = `FOCUS Reports/${day(0).replaceAll('-', '/')}/0000000000000001-00001.csv.gz`
    const gz = gzipSync(Buffer.from('BilledCost\n1\n'))
    gz[gz.length - 5] = (gz[gz.length - 5] ?? 0) ^ 0xff // break the CRC/length trailer
    await emulator.putObject(
      'bling',
      tenancy,
      corrupt,
      Buffer.concat([gz.subarray(0, 12), Buffer.from('not deflate at all')]),
    )
    const bucket = await freshBucket()
    const run = await runCli(
      ['copy', '--dest-bucket', bucket, '--tenancy', tenancy, '--home-region', 'us-ashburn-1', '--json'],
      { env, now: NOW },
    )
    expect(run.code).toBe(1)
    const document = parseJson(run.stdout)
    expect(document.ok).toBe(false)
    expect(document.copy.totals).toMatchObject({ copied: small.files.length, failed: 1 })
    const failed = document.copy.objects.find((o) => o.outcome === 'failed')
    expect(failed).toMatchObject({ source: corrupt })
    expect(failed?.errorCode).toMatch(/^CORE_/)
    expect(run.stderr).toContain(corrupt)
    expect((await emulator.listObjectNames(NAMESPACE, bucket)).sort()).toEqual(
      small.files.map((file) => file.name.replace(/\.gz$/, '')).sort(),
    )
  })

  it('shows a live progress line on a terminal and a table of what moved', async () => {
    const bucket = await freshBucket()
    const run = await runCli(['copy', '--dest-bucket', bucket, '--home-region', 'us-ashburn-1'], {
      env,
      now: NOW,
      tty: true,
    })
    expect(run.code, run.stderr).toBe(0)
    expect(run.stderr).toMatch(/\r\x1b\[2Kcopy: \d+\/\d+ objects/)
    expect(run.stdout).toContain(`copy focus ${day(2)}..${day(0)} (3 days)`)
    expect(run.stdout).toMatch(/^copied +FOCUS Reports\//m)
  })

  it('reads the key from OCI_CLI_KEY_FILE, and an encrypted key with OCI_CLI_PASSPHRASE', async () => {
    const { createPrivateKey } = await import('node:crypto')
    const encrypted = createPrivateKey(key.privateKeyPem).export({
      type: 'pkcs8',
      format: 'pem',
      cipher: 'aes-256-cbc',
      passphrase: 'pass-phrase-value',
    }) as string
    const keyFile = join(workDir, 'key.pem')
    await writeFile(keyFile, encrypted)
    const { OCI_CLI_KEY_CONTENT: _, ...rest } = env
    const bucket = await freshBucket()
    const run = await runCli(
      ['copy', '--dest-bucket', bucket, '--home-region', 'us-ashburn-1', '--date', day(1)],
      {
        env: { ...rest, OCI_CLI_KEY_FILE: keyFile, OCI_CLI_PASSPHRASE: 'pass-phrase-value' },
        now: NOW,
      },
    )
    expect(run.code, run.stderr).toBe(0)
    expect(run.stdout).toContain('copied 2 · skipped 0 · failed 0')
    expectNoSecrets(
      run,
      encrypted.split('\n').filter((line) => line.length > 20),
    )
  })

  it('fails a wrong passphrase without printing key material or the passphrase', async () => {
    const { createPrivateKey } = await import('node:crypto')
    const encrypted = createPrivateKey(key.privateKeyPem).export({
      type: 'pkcs8',
      format: 'pem',
      cipher: 'aes-256-cbc',
      passphrase: 'pass-phrase-value',
    }) as string
    const run = await runCli(['copy', '--dest-bucket', 'x', '--home-region', 'us-ashburn-1', '--json'], {
      env: { ...env, OCI_CLI_KEY_CONTENT: encrypted, OCI_CLI_PASSPHRASE: 'wrong-pass-phrase' },
      now: NOW,
    })
    expect(run.code).toBe(2)
    expect(parseJson(run.stdout).error.code).toBe('CORE_AUTH_CONFIG')
    expectNoSecrets(run, [...encrypted.split('\n').filter((line) => line.length > 20), 'wrong-pass-phrase'])
  })

  it.each([
    [['--date', day(-1)], '--date'],
    [['--from', day(1), '--to', day(3)], '--from..--to'],
    [['--to', day(1)], '--from'],
    [['--date', day(0), '--lookback-days', '2'], '--date'],
    [['--from', '2001-01-01'], 'retention'],
    [['--endpoint', 'ftp://x'], '--endpoint'],
  ])('exits 2 on an invalid window or endpoint %j', async (args, mention) => {
    const run = await runCli(['copy', '--dest-bucket', 'x', ...args], { env, now: NOW })
    expect(run.code, run.stderr).toBe(2)
    expect(run.stderr).toContain(mention)
    expect(run.stdout).toBe('')
  })

  it('exits 2 naming what is missing when there are no credentials', async () => {
    const run = await runCli(['copy', '--dest-bucket', 'x'], { env: { HOME: workDir }, now: NOW })
    expect(run.code).toBe(2)
    expect(run.stderr).toContain('No OCI credentials')
    expect(run.stderr).toContain(join(workDir, '.oci', 'config'))
    const apiKey = await runCli(['copy', '--dest-bucket', 'x', '--auth', 'api-key'], {
      env: { OCI_CLI_USER: 'u' },
      now: NOW,
    })
    expect(apiKey.code).toBe(2)
    expect(apiKey.stderr).toContain('OCI_CLI_FINGERPRINT')
    expect(apiKey.stderr).toContain('OCI_CLI_KEY_CONTENT or OCI_CLI_KEY_FILE')
  })

  it('authenticates with an OCI config file profile (--config-file, --profile)', async () => {
    const keyFile = join(workDir, 'config-key.pem')
    await writeFile(keyFile, key.privateKeyPem)
    const config = join(workDir, 'oci-config')
    await writeFile(
      config,
      `[DEFAULT]\nuser=nobody\n\n[CLI]\nuser=${env['OCI_CLI_USER']}\nfingerprint=${key.fingerprint}\ntenancy=${TENANCY}\nregion=us-ashburn-1\nkey_file=${keyFile}\n`,
    )
    const bucket = await freshBucket()
    const run = await runCli(
      [
        'copy',
        '--dest-bucket',
        bucket,
        '--config-file',
        config,
        '--profile',
        'CLI',
        '--date',
        day(0),
        '--json',
      ],
      { env: { OCI_OBJECTSTORAGE_ENDPOINT: emulator.url }, now: NOW },
    )
    expect(run.code, run.stderr).toBe(0)
    expect(parseJson(run.stdout).copy.totals.copied).toBe(2)
    expectNoSecrets(run)
  })

  it('authenticates with --auth oidc: GitHub-style token request → identity domain → ST$ signatures', async () => {
    const bucket = await freshBucket()
    const run = await runCli(
      [
        'copy',
        '--dest-bucket',
        bucket,
        '--auth',
        'oidc',
        '--identity-domain-url',
        emulator.identity.url,
        '--oidc-client-id',
        emulator.identity.clientId,
        '--oidc-audience',
        emulator.oidc.audience,
        '--home-region',
        'us-ashburn-1',
        '--date',
        day(0),
        '--json',
      ],
      {
        env: {
          OCI_CLI_TENANCY: TENANCY,
          OCI_CLI_REGION: 'us-ashburn-1',
          OCI_OBJECTSTORAGE_ENDPOINT: emulator.url,
          OCI_OIDC_CLIENT_SECRET: emulator.identity.clientSecret,
          ACTIONS_ID_TOKEN_REQUEST_URL: emulator.oidc.requestUrl,
          ACTIONS_ID_TOKEN_REQUEST_TOKEN: emulator.oidc.requestToken,
        },
        now: NOW,
      },
    )
    expect(run.code, run.stderr).toBe(0)
    expect(parseJson(run.stdout).copy.totals.copied).toBe(2)
    expect(emulator.requests.list().some((r) => r.bucket === bucket && r.keyId?.startsWith('ST$'))).toBe(true)
    expectNoSecrets(run, [emulator.identity.clientSecret, emulator.oidc.requestToken])
  })
})

describe('auth from the environment', () => {
  it('uses the JWT in OCI_OIDC_TOKEN_FILE for --auth oidc (and OCI_CLI_AUTH=oidc selects it)', async () => {
    const tokenFile = join(workDir, 'oidc-token')
    const token = emulator.oidc.mint()
    await writeFile(tokenFile, `${token}\n`)
    const bucket = await freshBucket()
    const run = await runCli(
      [
        'copy',
        '--dest-bucket',
        bucket,
        '--identity-domain-url',
        emulator.identity.url,
        '--oidc-client-id',
        emulator.identity.clientId,
        '--home-region',
        'us-ashburn-1',
        '--date',
        day(0),
        '--json',
      ],
      {
        env: {
          OCI_CLI_AUTH: 'oidc',
          OCI_CLI_TENANCY: TENANCY,
          OCI_OBJECTSTORAGE_ENDPOINT: emulator.url,
          OCI_OIDC_CLIENT_SECRET: emulator.identity.clientSecret,
          OCI_OIDC_TOKEN_FILE: tokenFile,
        },
        now: NOW,
      },
    )
    expect(run.code, run.stderr).toBe(0)
    expect(parseJson(run.stdout).copy.totals.copied).toBe(2)
    expectNoSecrets(run, [token, emulator.identity.clientSecret])
  })

  it('names every missing OIDC input', async () => {
    const run = await runCli(['copy', '--dest-bucket', 'b', '--auth', 'oidc'], { env: {}, now: NOW })
    expect(run.code).toBe(2)
    for (const name of [
      '--identity-domain-url',
      '--oidc-client-id',
      'OCI_OIDC_CLIENT_SECRET',
      'OCI_OIDC_TOKEN_FILE',
    ]) {
      expect(run.stderr).toContain(name)
    }
  })

  it('understands the OCI CLI spelling OCI_CLI_AUTH=api_key and rejects unknown modes', async () => {
    const bucket = await freshBucket()
    const ok = await runCli(
      ['copy', '--dest-bucket', bucket, '--home-region', 'us-ashburn-1', '--date', day(0)],
      {
        env: { ...env, OCI_CLI_AUTH: 'api_key' },
        now: NOW,
      },
    )
    expect(ok.code, ok.stderr).toBe(0)
    const bad = await runCli(['copy', '--dest-bucket', bucket], {
      env: { ...env, OCI_CLI_AUTH: 'password' },
      now: NOW,
    })
    expect(bad.code).toBe(2)
    expect(bad.stderr).toContain('OCI_CLI_AUTH')
    expect(bad.stderr).toContain('"password"')
  })
})

describe('oci-focus load', () => {
  it('loads a folder into DuckDB, then skips every file the second time', async () => {
    const dir = join(workDir, 'csv')
    const { mkdir } = await import('node:fs/promises')
    for (const file of reports.files) {
      const path = join(dir, file.name.replace(/\.gz$/, ''))
      await mkdir(join(path, '..'), { recursive: true })
      await writeFile(path, file.csv)
    }
    const db = join(workDir, 'dir.duckdb')
    const args = ['load', '--dir', dir, '--target', `duckdb:${db}`, '--json']
    const run = await runCli(args, { env: {}, now: NOW })
    expect(run.code, run.stderr).toBe(0)
    const document = parseJson(run.stdout)
    expect(document.load.totals).toEqual({
      loaded: reports.files.length,
      skipped: 0,
      failed: 0,
      rows: reports.expected.rows,
      rejectedRows: 0,
    })
    const again = parseJson((await runCli(args, { env: {}, now: NOW })).stdout)
    expect(again.load.totals).toMatchObject({ loaded: 0, skipped: reports.files.length, rows: 0 })
  })

  it('draws load progress on a terminal', async () => {
    const dir = join(workDir, 'tty')
    const { mkdir } = await import('node:fs/promises')
    await mkdir(dir, { recursive: true })
    await writeFile(join(dir, 'one.csv'), reports.files[0]!.csv)
    const run = await runCli(['load', '--dir', dir, '--target', `duckdb:${join(workDir, 'tty.duckdb')}`], {
      env: {},
      now: NOW,
      tty: true,
    })
    expect(run.code, run.stderr).toBe(0)
    expect(run.stderr).toMatch(/\r\x1b\[2Kload: 1\/1 files · 40 rows/)
    expect(run.stdout).toMatch(/^loaded +one\.csv +40 +oci-focus$/m)
  })

  it('loads the copies from --bucket NS/BUCKET/PREFIX', async () => {
    const bucket = await freshBucket()
    const copy = await runCli(
      ['copy', '--dest-bucket', bucket, '--dest-prefix', 'raw', '--home-region', 'us-ashburn-1'],
      { env, now: NOW },
    )
    expect(copy.code, copy.stderr).toBe(0)
    const db = join(workDir, 'bucket.duckdb')
    const run = await runCli(
      ['load', '--bucket', `${NAMESPACE}/${bucket}/raw/FOCUS Reports/`, '--target', `duckdb:${db}`, '--json'],
      { env, now: NOW },
    )
    expect(run.code, run.stderr).toBe(0)
    expect(parseJson(run.stdout).load.totals).toMatchObject({
      loaded: reports.files.length,
      failed: 0,
      rows: reports.expected.rows,
    })
    expectNoSecrets(run)
  })

  it('exits 1 when a file is malformed and reports where', async () => {
    const dir = join(workDir, 'bad')
    const { mkdir } = await import('node:fs/promises')
    await mkdir(dir, { recursive: true })
    const good = reports.files[0]!
    await writeFile(join(dir, 'good.csv'), good.csv)
    const lines = good.csv.toString('utf8').split('\r\n')
    lines[3] = lines[3]!.replace(/,(-?\d+\.\d+),/, ',12abc,')
    await writeFile(join(dir, 'bad.csv'), lines.join('\r\n'))
    const run = await runCli(
      ['load', '--dir', dir, '--target', `duckdb:${join(workDir, 'bad.duckdb')}`, '--json'],
      {
        env: {},
        now: NOW,
      },
    )
    expect(run.code, run.stderr).toBe(1)
    const document = parseJson(run.stdout)
    expect(document.load.totals).toMatchObject({ loaded: 1, failed: 1 })
    const failed = document.load.files.find((file) => file.outcome === 'failed')
    expect(failed).toMatchObject({ file: 'bad.csv', line: 4 })
  })

  it.each([
    [['--target', 'duckdb:x.duckdb'], 'exactly one of --bucket'],
    [['--dir', '.', '--bucket', 'a/b', '--target', 'duckdb:x.duckdb'], 'got both'],
    [['--dir', '.'], 'Missing --target'],
    [['--dir', '.', '--target', 'postgres'], '"postgres"'],
    [['--dir', '.', '--target', 'duckdb:x', '--table', '1bad'], '--table'],
    [['--dir', '.', '--target', 'oracle', '--connect-string', 'db'], 'ORACLE_PASSWORD'],
    [['--dir', 'no-such-folder', '--target', 'duckdb:x'], '--dir'],
    [['--bucket', 'just-a-bucket', '--target', 'duckdb:x'], '--bucket'],
    [['--dir', '.', '--target', 'duckdb:x', '--on-error', 'ignore'], '--on-error'],
  ])('exits 2 on bad load flags %j', async (args, mention) => {
    const run = await runCli(['load', ...args], { env: {}, cwd: workDir, now: NOW })
    expect(run.code, run.stderr).toBe(2)
    expect(run.stderr).toContain(mention)
  })

  it('never prints ORACLE_PASSWORD, even when the database cannot be reached', async () => {
    const password = 'Oracle-Secret-Pw-42'
    const run = await runCli(
      [
        'load',
        '--dir',
        workDir,
        '--target',
        'oracle',
        '--connect-string',
        '127.0.0.1:9/nothing',
        '--user',
        'finops',
        '--json',
      ],
      { env: { ORACLE_PASSWORD: password, ORACLE_WALLET_PASSWORD: 'Wallet-Secret-Pw-42' }, now: NOW },
    )
    expect(run.code).toBe(1)
    expect(parseJson(run.stdout).ok).toBe(false)
    expectNoSecrets(run, [password, 'Wallet-Secret-Pw-42'])
  })
})

describe('oci-focus sync', () => {
  it('copies then loads the window; the second run copies 0 and loads 0', async () => {
    const bucket = await freshBucket()
    const db = join(workDir, 'sync.duckdb')
    const args = [
      'sync',
      '--dest-bucket',
      bucket,
      '--home-region',
      'us-ashburn-1',
      '--target',
      `duckdb:${db}`,
      '--json',
    ]
    const first = await runCli(args, { env, now: NOW })
    expect(first.code, first.stderr).toBe(0)
    const one = parseJson(first.stdout)
    expect(one.copy.totals.copied).toBe(reports.files.length)
    expect(one.load.totals).toMatchObject({
      loaded: reports.files.length,
      failed: 0,
      rows: reports.expected.rows,
    })
    const second = parseJson((await runCli(args, { env, now: NOW })).stdout)
    expect(second.copy.totals).toMatchObject({ copied: 0, skipped: reports.files.length })
    expect(second.load.totals).toMatchObject({ loaded: 0, skipped: reports.files.length })
    expectNoSecrets(first)
  })

  it('keeps the copy result and exits 1 when the database cannot be reached for the load', async () => {
    const bucket = await freshBucket()
    const password = 'Sync-Oracle-Pw-77'
    const run = await runCli(
      [
        'sync',
        '--dest-bucket',
        bucket,
        '--home-region',
        'us-ashburn-1',
        '--date',
        day(0),
        '--target',
        'oracle',
        '--connect-string',
        '127.0.0.1:9/nothing',
        '--user',
        'finops',
        '--json',
      ],
      { env: { ...env, ORACLE_PASSWORD: password }, now: NOW },
    )
    expect(run.code).toBe(1)
    const document = parseJson(run.stdout)
    expect(document.copy.totals.copied).toBe(2)
    expect(document.load).toBeNull()
    expect(document.error.code).toMatch(/^LOAD_/)
    expectNoSecrets(run, [password])
  })

  it('--dry-run plans the copy and loads nothing', async () => {
    const bucket = await freshBucket()
    const run = await runCli(
      [
        'sync',
        '--dest-bucket',
        bucket,
        '--home-region',
        'us-ashburn-1',
        '--target',
        `duckdb:${join(workDir, 'dry.duckdb')}`,
        '--dry-run',
      ],
      { env, now: NOW },
    )
    expect(run.code, run.stderr).toBe(0)
    expect(run.stdout).toContain('load skipped: dry run')
    expect(await emulator.listObjectNames(NAMESPACE, bucket)).toEqual([])
  })

  it('refuses legacy report kinds, which the loader does not read', async () => {
    const run = await runCli(['sync', '--dest-bucket', 'b', '--report', 'cost', '--target', 'duckdb:x'], {
      env,
      now: NOW,
    })
    expect(run.code).toBe(2)
    expect(run.stderr).toContain('--report')
  })
})
