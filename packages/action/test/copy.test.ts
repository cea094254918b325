import { createPrivateKey, randomBytes } from 'node:crypto'
import { resolveWindow } from '@oci-focus/core'
import {
  createTestApiKey,
  type Emulator,
  type GeneratedFile,
  generateFocusReports,
  seedReports,
  startEmulator,
} from '@oci-focus/emulator'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type ActionRun, leakedSecrets, runAction } from './harness.js'

const REGION = 'us-ashburn-1'

/** `YYYY-MM-DD`, `offset` days from today (UTC); report windows must lie inside OCI's retention. */
function day(offset: number): string {
  return new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10)
}

let emulator: Emulator
let tenancy: string
let files: GeneratedFile[]
const key = createTestApiKey()
// An encrypted key exercises private-key-passphrase, the other API-key secret.
const passphrase = `pass-${randomBytes(8).toString('hex')}`
const encryptedKey = createPrivateKey(key.privateKeyPem)
  .export({ type: 'pkcs1', format: 'pem', cipher: 'aes-256-cbc', passphrase })
  .toString()

const FIRST = -20
beforeAll(async () => {
  emulator = await startEmulator({ auth: 'strict', trustKeys: [key.publicKeyPem] })
  const reports = generateFocusReports({
    seed: 7,
    startDate: day(FIRST),
    days: 5,
    filesPerDay: 2,
    rowsPerFile: 20,
  })
  tenancy = reports.tenancyOcid
  files = reports.files
  await seedReports(emulator, files, tenancy)
})

afterAll(async () => {
  await emulator?.stop()
})

function apiKeyInputs(bucket: string): Record<string, string> {
  return {
    auth: 'api-key',
    'tenancy-ocid': tenancy,
    'user-ocid': 'ocid1.user.oc1..aaaaaaaaactiontest',
    fingerprint: key.fingerprint,
    'private-key': encryptedKey,
    'private-key-passphrase': passphrase,
    region: REGION,
    'home-region': REGION,
    endpoint: emulator.url,
    'dest-namespace': emulator.namespace,
    'dest-bucket': bucket,
  }
}

async function freshBucket(name: string): Promise<string> {
  const bucket = `${name}-${randomBytes(3).toString('hex')}`
  await emulator.createBucket(emulator.namespace, bucket)
  return bucket
}

const csvName = (file: GeneratedFile, prefix = ''): string => `${prefix}${file.name.replace(/\.gz$/, '')}`
const inDays = (from: number, to: number) => files.filter((f) => f.day >= day(from) && f.day <= day(to))

function expectNoLeaks(run: ActionRun, secrets: readonly string[]): void {
  expect(leakedSecrets(run, secrets)).toEqual([])
  for (const secret of secrets) expect(run.masks, 'every secret is masked').toContain(secret.trim())
}

describe('copy action', () => {
  it('copies a range with an API key, decompressed, and a second run skips everything', async () => {
    const bucket = await freshBucket('api-key')
    const wanted = inDays(FIRST, FIRST + 3)
    expect(wanted).toHaveLength(8)

    const run = await runAction('copy', {
      ...apiKeyInputs(bucket),
      from: day(FIRST),
      to: day(FIRST + 3),
      'dest-prefix': 'raw',
    })
    expect(run.stderr).toBe('')
    expect(run.exitCode).toBe(0)
    expect(run.errors).toEqual([])
    const bytes = wanted.reduce((sum, file) => sum + file.csv.length, 0)
    expect(run.outputs).toEqual({
      copied: '8',
      skipped: '0',
      failed: '0',
      'bytes-written': String(bytes),
      objects: expect.any(String),
    })
    expect(JSON.parse(run.outputs['objects'] ?? '').sort()).toEqual(
      wanted.map((f) => csvName(f, 'raw/')).sort(),
    )
    for (const file of wanted) {
      const copy = await emulator.getObject(emulator.namespace, bucket, csvName(file, 'raw/'))
      expect(copy?.body.equals(file.csv), file.name).toBe(true)
    }
    expect(run.summary).toContain(`${day(FIRST)} to ${day(FIRST + 3)}`)
    expect(run.summary).toContain('<td>copied</td>')
    expect(run.summary).toContain('Totals')
    expectNoLeaks(run, [encryptedKey, passphrase])

    emulator.requests.clear()
    const again = await runAction('copy', {
      ...apiKeyInputs(bucket),
      from: day(FIRST),
      to: day(FIRST + 3),
      'dest-prefix': 'raw',
    })
    expect(again.exitCode).toBe(0)
    expect(again.outputs).toMatchObject({
      copied: '0',
      skipped: '8',
      failed: '0',
      'bytes-written': '0',
      objects: '[]',
    })
    const writes = emulator.requests.list().filter((r) => ['PutObject', 'UploadPart'].includes(r.operation))
    expect(writes).toEqual([])
    expect(again.stdout).toMatch(/copy: skip FOCUS Reports\//)
  })

  it('copies with GitHub OIDC: the JWT is exchanged for a UPST, and neither token leaks', async () => {
    const bucket = await freshBucket('oidc')
    const clientSecret = emulator.identity.clientSecret
    const run = await runAction(
      'copy',
      {
        auth: 'oidc',
        'tenancy-ocid': tenancy,
        'identity-domain-url': emulator.identity.url,
        'oidc-client-id': emulator.identity.clientId,
        'oidc-client-secret': clientSecret,
        'oidc-audience': emulator.oidc.audience,
        region: REGION,
        'home-region': REGION,
        endpoint: emulator.url,
        'dest-bucket': bucket,
        date: day(FIRST + 1),
      },
      {
        ACTIONS_ID_TOKEN_REQUEST_URL: emulator.oidc.requestUrl,
        ACTIONS_ID_TOKEN_REQUEST_TOKEN: emulator.oidc.requestToken,
      },
    )
    expect(run.stderr).toBe('')
    expect(run.exitCode).toBe(0)
    expect(run.outputs).toMatchObject({ copied: '2', skipped: '0', failed: '0' })
    expect(emulator.identity.exchanges.filter((e) => e.outcome === 'ok').length).toBeGreaterThanOrEqual(1)
    expect(emulator.oidc.requests).toBeGreaterThanOrEqual(1)
    // Requests were signed with the session token, in strict mode.
    const signed = emulator.requests.list().filter((r) => r.bucket === bucket && r.operation === 'PutObject')
    expect(signed.length).toBe(2)
    expect(signed.every((r) => r.keyId?.startsWith('ST$'))).toBe(true)

    // The masks hold the GitHub JWT (issued by the emulator's issuer) and the UPST (verifiable).
    const jwts = run.masks.filter((mask) => /^eyJ[\w-]+\.[\w-]+\.[\w-]+$/.test(mask))
    const upsts = jwts.filter((token) => {
      try {
        emulator.identity.verifyUpst(token)
        return true
      } catch {
        return false
      }
    })
    const githubTokens = jwts.filter((token) => !upsts.includes(token))
    expect(upsts.length).toBeGreaterThanOrEqual(1)
    expect(githubTokens.length).toBeGreaterThanOrEqual(1)
    const claims = JSON.parse(Buffer.from(githubTokens[0]?.split('.')[1] ?? '', 'base64url').toString())
    expect(claims.iss).toBe(emulator.oidc.issuer)
    expectNoLeaks(run, [clientSecret, ...jwts])
  })

  it('fetches a fresh GitHub token for every re-exchange when the session token runs out mid-copy', async () => {
    const bucket = await freshBucket('oidc-refresh')
    const requestsBefore = emulator.oidc.requests
    const exchangesBefore = emulator.identity.exchanges.length
    // 4-second UPSTs and slow downloads: core re-exchanges at half-life, several times per run.
    emulator.identity.setTokenLifetime(4)
    const slow = emulator.faults.add({
      operation: 'GetObject',
      latencyMs: 1_500,
      count: Number.POSITIVE_INFINITY,
    })
    try {
      const run = await runAction(
        'copy',
        {
          auth: 'oidc',
          'tenancy-ocid': tenancy,
          'identity-domain-url': emulator.identity.url,
          'oidc-client-id': emulator.identity.clientId,
          'oidc-client-secret': emulator.identity.clientSecret,
          'oidc-audience': emulator.oidc.audience,
          region: REGION,
          'home-region': REGION,
          endpoint: emulator.url,
          'dest-bucket': bucket,
          from: day(FIRST),
          to: day(FIRST + 1),
          concurrency: '1',
        },
        {
          ACTIONS_ID_TOKEN_REQUEST_URL: emulator.oidc.requestUrl,
          ACTIONS_ID_TOKEN_REQUEST_TOKEN: emulator.oidc.requestToken,
        },
      )
      expect(run.exitCode).toBe(0)
      expect(run.outputs).toMatchObject({ copied: '4', failed: '0' })
      const exchanges = emulator.identity.exchanges.slice(exchangesBefore)
      expect(exchanges.length).toBeGreaterThanOrEqual(2)
      expect(exchanges.every((exchange) => exchange.outcome === 'ok')).toBe(true)
      // One GitHub token per exchange: GitHub tokens are single-use for the identity domain.
      expect(emulator.oidc.requests - requestsBefore).toBe(exchanges.length)
      expectNoLeaks(
        run,
        run.masks.filter((mask) => mask.startsWith('eyJ')),
      )
    } finally {
      emulator.faults.remove(slow)
      emulator.identity.setTokenLifetime(3600)
    }
  })

  it('backfills a range: only the days inside it are copied', async () => {
    const bucket = await freshBucket('backfill')
    const wanted = inDays(FIRST + 1, FIRST + 2)
    expect(wanted).toHaveLength(4)
    const run = await runAction('copy', { ...apiKeyInputs(bucket), from: day(FIRST + 1), to: day(FIRST + 2) })
    expect(run.exitCode).toBe(0)
    expect(run.outputs).toMatchObject({ copied: '4', skipped: '0', failed: '0' })
    expect((await emulator.listObjectNames(emulator.namespace, bucket)).sort()).toEqual(
      wanted.map((f) => csvName(f)).sort(),
    )
    expect(run.summary).toContain('(2 days, UTC)')
  })

  it('with no day inputs, copies the default 3-day look-back up to today (UTC)', async () => {
    const recent = generateFocusReports({
      seed: 9,
      startDate: day(-6),
      days: 7,
      filesPerDay: 1,
      rowsPerFile: 5,
      tenancyOcid: tenancy,
    })
    await seedReports(emulator, recent.files, tenancy)
    const bucket = await freshBucket('lookback')
    const run = await runAction('copy', apiKeyInputs(bucket))
    expect(run.exitCode).toBe(0)
    const expected = resolveWindow({ lookbackDays: 3 })
    const copiedDays = JSON.parse(run.outputs['objects'] ?? '[]').map((name: string) =>
      name.split('/').slice(1, 4).join('-'),
    )
    expect([...new Set(copiedDays)].sort()).toEqual(
      expected.days.filter((d) => recent.files.some((f) => f.day === d)).sort(),
    )
    expect(run.summary).toContain(`${expected.from} to ${expected.to}`)
  })

  it('dry-run plans without writing and reports the planned objects', async () => {
    const bucket = await freshBucket('dry-run')
    emulator.requests.clear()
    const run = await runAction('copy', { ...apiKeyInputs(bucket), date: day(FIRST + 3), 'dry-run': 'true' })
    expect(run.exitCode).toBe(0)
    expect(run.outputs).toMatchObject({ copied: '2', skipped: '0', failed: '0', 'bytes-written': '0' })
    expect(JSON.parse(run.outputs['objects'] ?? '')).toHaveLength(2)
    expect(await emulator.listObjectNames(emulator.namespace, bucket)).toEqual([])
    const writes = emulator.requests
      .list()
      .filter((r) => ['PutObject', 'UploadPart', 'CreateMultipartUpload'].includes(r.operation))
    expect(writes).toEqual([])
    expect(run.summary).toContain('dry run')
  })

  it('a corrupt archive among good ones: one ::error, the rest copied, outputs set, exit code 1', async () => {
    const bucket = await freshBucket('partial')
    // A day no other test copies, so the extra object disturbs nothing else.
    const corruptDay = day(FIRST + 4)
    const corrupt = `FOCUS Reports/${corruptDay.replace(/-/g, '/')}/0000000000009999-00001.csv.gz`
    await emulator.putObject('bling', tenancy, corrupt, Buffer.from('this is not gzip data at all'))
    const run = await runAction('copy', { ...apiKeyInputs(bucket), date: corruptDay })
    expect(run.exitCode).toBe(1)
    expect(run.errors).toHaveLength(1)
    expect(run.errors[0]).toContain(corrupt)
    // ... and not a warning annotation for the same object on top of it.
    expect(
      run.stdout.split('\n').filter((line) => line.startsWith('::warning') && line.includes(corrupt)),
    ).toEqual([])
    expect(run.outputs).toMatchObject({ copied: '2', skipped: '0', failed: '1' })
    expect(JSON.parse(run.outputs['objects'] ?? '')).toHaveLength(2)
    expect(run.summary).toContain('<td>failed</td>')
    expect(run.summary).toContain(corrupt)
    expect(run.stdout).toContain('1 of 3 objects failed to copy')
  })

  it('a cancelled run (SIGINT) stops early, reports what was not copied once, and leaves no upload open', async () => {
    const bucket = await freshBucket('cancelled')
    emulator.requests.clear()
    const slow = emulator.faults.add({
      operation: 'GetObject',
      latencyMs: 2_000,
      count: Number.POSITIVE_INFINITY,
    })
    const started = Date.now()
    try {
      const run = await runAction(
        'copy',
        { ...apiKeyInputs(bucket), from: day(FIRST), to: day(FIRST + 3), concurrency: '1' },
        {},
        {
          onStart: (child) => {
            // Cancel once the first download is under way, as the runner does on "Cancel workflow".
            const poll = setInterval(() => {
              if (
                emulator.requests.list().some((r) => r.operation === 'GetObject') ||
                Date.now() - started > 60_000
              ) {
                clearInterval(poll)
                child.kill('SIGINT')
              }
            }, 50)
            child.on('exit', () => clearInterval(poll))
          },
        },
      )
      expect(run.exitCode).toBe(1)
      expect(run.errors).toHaveLength(1)
      expect(run.errors[0]).toMatch(
        /^cancelled \(SIGINT\): \d+ objects? not copied, [01] copied; a re-run copies the rest$/,
      )
      expect(Number(run.outputs['copied']) + Number(run.outputs['failed'])).toBe(8)
      expect(Number(run.outputs['failed'])).toBeGreaterThanOrEqual(7)
      // 8 downloads of 2 s each one at a time would take 16 s; stopping early takes far less.
      expect(emulator.requests.list().filter((r) => r.operation === 'GetObject').length).toBeLessThanOrEqual(
        2,
      )
      expect(await emulator.listMultipartUploads(emulator.namespace, bucket)).toEqual([])
    } finally {
      emulator.faults.remove(slow)
    }
  })

  it('bad input fails before any request, names the input, and still sets every output', async () => {
    emulator.requests.clear()
    const run = await runAction('copy', { ...apiKeyInputs('unused'), concurrency: '0' })
    expect(run.exitCode).toBe(1)
    expect(run.errors).toEqual([`input 'concurrency': must be a whole number from 1 to 64, got "0"`])
    expect(run.outputs).toEqual({
      copied: '0',
      skipped: '0',
      failed: '0',
      'bytes-written': '0',
      objects: '[]',
    })
    expect(emulator.requests.list()).toEqual([])
    expectNoLeaks(run, [encryptedKey, passphrase])
  })

  it('OIDC without id-token: write fails first with the fix, before any request', async () => {
    emulator.requests.clear()
    const clientSecret = emulator.identity.clientSecret
    const run = await runAction('copy', {
      auth: 'oidc',
      'tenancy-ocid': tenancy,
      'identity-domain-url': emulator.identity.url,
      'oidc-client-id': emulator.identity.clientId,
      'oidc-client-secret': clientSecret,
      region: REGION,
      endpoint: emulator.url,
      'dest-bucket': 'unused',
    })
    expect(run.exitCode).toBe(1)
    expect(run.errors).toHaveLength(1)
    expect(run.errors[0]).toContain("needs 'permissions: id-token: write'")
    expect(run.outputs).toEqual({
      copied: '0',
      skipped: '0',
      failed: '0',
      'bytes-written': '0',
      objects: '[]',
    })
    expect(emulator.requests.list()).toEqual([])
    expectNoLeaks(run, [clientSecret])
  })

  it('a wrong key fails the step once, without leaking it', async () => {
    const other = createTestApiKey()
    const run = await runAction('copy', {
      ...apiKeyInputs(await freshBucket('unauthorized')),
      'private-key': other.privateKeyPem,
      'private-key-passphrase': '',
      fingerprint: other.fingerprint,
      date: day(FIRST),
    })
    expect(run.exitCode).toBe(1)
    expect(run.errors).toHaveLength(1)
    expect(run.outputs).toMatchObject({ copied: '0', failed: '0' })
    expectNoLeaks(run, [other.privateKeyPem])
  })
})
