import { randomBytes } from 'node:crypto'
import { createServer } from 'node:net'
import {
  createTestApiKey,
  type Emulator,
  type GeneratedFile,
  generateFocusReports,
  seedReports,
  startEmulator,
} from '@oci-focus/emulator'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { leakedSecrets, runAction } from './harness.js'
import { zip } from './zip.js'

// PEM armour is assembled at run time: these are fake key bodies, and literal armour in a committed
// file reads as a leaked private key to secret scanners.
const ARMOUR = (edge: 'BEGIN' | 'END', label: string) => `-----${edge} ${label}-----`

const REGION = 'us-ashburn-1'
const day = (offset: number): string => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10)

const oracle = {
  connectString: process.env['ORACLE_TEST_CONNECT_STRING'],
  user: process.env['ORACLE_TEST_USER'],
  password: process.env['ORACLE_TEST_PASSWORD'],
}
const haveOracle =
  oracle.connectString !== undefined && oracle.user !== undefined && oracle.password !== undefined
if (!haveOracle) {
  console.log(
    '[action] skipping the real Oracle load: set ORACLE_TEST_CONNECT_STRING, ORACLE_TEST_USER and ORACLE_TEST_PASSWORD',
  )
}

let emulator: Emulator
let tenancy: string
let files: GeneratedFile[]
let bucket: string
const key = createTestApiKey()
const dbPassword = `db-${randomBytes(12).toString('hex')}`
const walletPassword = `wallet-${randomBytes(12).toString('hex')}`
const wallet = zip([
  {
    name: 'tnsnames.ora',
    data: 'focus_high = (description=(address=(protocol=tcps)(port=1522)(host=127.0.0.1)))\n',
  },
  {
    name: 'ewallet.pem',
    data: `${ARMOUR('BEGIN', 'ENCRYPTED PRIVATE KEY')}\n${randomBytes(96).toString('base64')}\n`,
  },
  { name: 'sqlnet.ora', data: 'SSL_SERVER_DN_MATCH=yes\n', deflate: true },
]).toString('base64')

/** A port on 127.0.0.1 that nothing listens on (bound, then released). */
async function closedPort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  await new Promise<void>((resolve) => server.close(() => resolve()))
  if (address === null || typeof address === 'string') throw new Error('no port')
  return address.port
}

beforeAll(async () => {
  emulator = await startEmulator({ auth: 'strict', trustKeys: [key.publicKeyPem] })
  const reports = generateFocusReports({
    seed: 11,
    startDate: day(-9),
    days: 2,
    filesPerDay: 2,
    rowsPerFile: 25,
  })
  tenancy = reports.tenancyOcid
  files = reports.files
  await seedReports(emulator, files, tenancy)
  bucket = `load-${randomBytes(3).toString('hex')}`
  await emulator.createBucket(emulator.namespace, bucket)
  // The bucket the load reads is filled by the copy action, as in the export workflow.
  const copy = await runAction('copy', {
    ...authInputs(),
    'home-region': REGION,
    'dest-namespace': emulator.namespace,
    'dest-bucket': bucket,
    from: day(-9),
    to: day(-8),
  })
  expect(copy.outputs['copied']).toBe(String(files.length))
})

afterAll(async () => {
  await emulator?.stop()
})

function authInputs(): Record<string, string> {
  return {
    auth: 'api-key',
    'tenancy-ocid': tenancy,
    'user-ocid': 'ocid1.user.oc1..aaaaaaaaloadtest',
    fingerprint: key.fingerprint,
    'private-key': key.privateKeyPem,
    region: REGION,
    endpoint: emulator.url,
  }
}

function loadInputs(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    ...authInputs(),
    namespace: emulator.namespace,
    bucket,
    'db-connect-string': 'focus_high',
    'db-user': 'focus',
    'db-password': dbPassword,
    ...overrides,
  }
}

const DEFAULTS = {
  'files-loaded': '0',
  'files-skipped': '0',
  'files-failed': '0',
  rows: '0',
  'rejected-rows': '0',
}

describe('load action', () => {
  it('validation: a missing or malformed input fails first, names it, and sets every output', async () => {
    emulator.requests.clear()
    const missing = await runAction('load', loadInputs({ 'db-connect-string': '' }))
    expect(missing.exitCode).toBe(1)
    expect(missing.errors).toEqual([`input 'db-connect-string': required, got nothing`])
    expect(missing.outputs).toEqual(DEFAULTS)

    const badMode = await runAction('load', loadInputs({ 'on-error': 'skip' }))
    expect(badMode.errors).toEqual([`input 'on-error': must be one of fail-file, reject-rows, got "skip"`])
    expect(badMode.outputs).toEqual(DEFAULTS)

    const badWallet = await runAction(
      'load',
      loadInputs({ 'db-wallet': Buffer.from('not a zip').toString('base64') }),
    )
    expect(badWallet.exitCode).toBe(1)
    expect(badWallet.errors).toEqual([
      `input 'db-wallet': must be a zip file, got no end-of-central-directory record`,
    ])
    expect(badWallet.leftoverTempFiles).toEqual([])
    expect(emulator.requests.list()).toEqual([])
    for (const run of [missing, badMode, badWallet])
      expect(leakedSecrets(run, [dbPassword, key.privateKeyPem])).toEqual([])
  })

  it('an unreachable database fails with a clear error, sets the outputs, leaks nothing and removes the wallet', async () => {
    const port = await closedPort()
    const run = await runAction(
      'load',
      loadInputs({
        'db-connect-string': `127.0.0.1:${port}/FREEPDB1`,
        'db-wallet': wallet,
        'db-wallet-password': walletPassword,
      }),
    )
    expect(run.exitCode).toBe(1)
    expect(run.errors).toHaveLength(1)
    expect(run.errors[0]).toContain(`could not connect as focus to 127.0.0.1:${port}/FREEPDB1`)
    expect(run.outputs).toEqual(DEFAULTS)
    expect(run.stdout).toContain('wallet unpacked: tnsnames.ora, ewallet.pem, sqlnet.ora')
    expect(run.leftoverTempFiles).toEqual([])
    const secrets = [dbPassword, walletPassword, wallet, key.privateKeyPem]
    expect(leakedSecrets(run, secrets)).toEqual([])
    for (const secret of secrets) expect(run.masks).toContain(secret.trim())
  })

  describe.skipIf(!haveOracle)('against a real Oracle database', () => {
    const table = `OCI_FOCUS_ACTION_${randomBytes(3).toString('hex').toUpperCase()}`

    afterAll(async () => {
      // Drop what the sink created (views first), as the loader's own Oracle suite does.
      const oracledb = (await import('oracledb')).default
      const connection = await oracledb.getConnection({
        user: oracle.user ?? '',
        password: oracle.password ?? '',
        connectString: oracle.connectString ?? '',
        connectTimeout: 60,
        transportConnectTimeout: 20,
      })
      try {
        for (const view of ['DAILY_COST', 'MONTHLY_COST', 'TAGS']) {
          await connection.execute(`DROP VIEW "${table}_${view}"`).catch(() => undefined)
        }
        for (const name of [table, `${table}_LOAD_LEDGER`, `${table}_REJECTS`, `${table}_TAG_PAIRS`]) {
          await connection.execute(`DROP TABLE "${name}" PURGE`).catch(() => undefined)
        }
      } finally {
        await connection.close()
      }
    })

    it('loads every copied file once; a second run skips them all', async () => {
      const inputs = loadInputs({
        'db-connect-string': oracle.connectString ?? '',
        'db-user': oracle.user ?? '',
        'db-password': oracle.password ?? '',
        table,
      })
      const first = await runAction('load', inputs)
      expect(first.stderr).toBe('')
      expect(first.exitCode).toBe(0)
      const rows = files.reduce((sum, file) => sum + file.rows, 0)
      expect(first.outputs).toEqual({ ...DEFAULTS, 'files-loaded': String(files.length), rows: String(rows) })
      expect(first.summary).toContain(table)
      expect(leakedSecrets(first, [oracle.password ?? '', key.privateKeyPem])).toEqual([])

      const second = await runAction('load', inputs)
      expect(second.exitCode).toBe(0)
      expect(second.outputs).toEqual({ ...DEFAULTS, 'files-skipped': String(files.length) })
    })
  })
})
