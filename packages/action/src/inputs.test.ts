import { describe, expect, it } from 'vitest'
import { type InputReader, parseCopyInputs, parseLoadInputs } from './inputs.js'

// PEM armour is assembled at run time: these are fake key bodies, and literal armour in a committed
// file reads as a leaked private key to secret scanners.
const ARMOUR = (edge: 'BEGIN' | 'END', label: string) => `-----${edge} ${label}-----`

const TENANCY = 'ocid1.tenancy.oc1..aaaaaaaatenancy'
const PEM = `${ARMOUR('BEGIN', 'PRIVATE KEY')}\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n${ARMOUR('END', 'PRIVATE KEY')}`

const OIDC: Record<string, string> = {
  auth: 'oidc',
  'tenancy-ocid': TENANCY,
  'identity-domain-url': 'https://idcs-abc.identity.oraclecloud.com/',
  'oidc-client-id': 'client',
  'oidc-client-secret': 'secret-value',
  'oidc-audience': 'https://cloud.oracle.com',
  'dest-bucket': 'focus-reports',
}
const API_KEY: Record<string, string> = {
  auth: 'api-key',
  'tenancy-ocid': TENANCY,
  'user-ocid': 'ocid1.user.oc1..aaaaaaaauser',
  fingerprint: 'AA:bb:cc:dd:ee:ff:00:11:22:33:44:55:66:77:88:99',
  'private-key': PEM,
  'oidc-audience': 'https://cloud.oracle.com',
  'dest-bucket': 'focus-reports',
}
const LOAD: Record<string, string> = {
  ...OIDC,
  'dest-bucket': '',
  bucket: 'focus-reports',
  'db-connect-string': 'mydb_high',
  'db-user': 'focus',
  'db-password': 'db-secret',
}

// Like the runner: an input that was not given reads as an empty string.
const inputs =
  (values: Record<string, string>): InputReader =>
  (name) =>
    values[name] ?? ''

describe('parseCopyInputs', () => {
  it('validation: names the input and the value', () => {
    expect(() => parseCopyInputs(inputs({ ...OIDC, concurrency: 'lots' }))).toThrow(
      `input 'concurrency': must be a whole number from 1 to 64, got "lots"`,
    )
    expect(() => parseCopyInputs(inputs({ ...OIDC, date: '2026-02-30' }))).toThrow(
      `input 'date': must be a UTC calendar day YYYY-MM-DD, got "2026-02-30"`,
    )
    expect(() => parseCopyInputs(inputs({ ...OIDC, 'dry-run': 'yes' }))).toThrow(
      `input 'dry-run': must be true or false, got "yes"`,
    )
    expect(() => parseCopyInputs(inputs({ ...OIDC, auth: 'password' }))).toThrow(
      `input 'auth': must be one of oidc, api-key, got "password"`,
    )
    expect(() => parseCopyInputs(inputs({ ...OIDC, 'dest-bucket': '' }))).toThrow(
      `input 'dest-bucket': required, got nothing`,
    )
  })

  it('reads an OIDC copy with defaults: 3-day look-back, concurrency 4, decompress, no dry run', () => {
    const parsed = parseCopyInputs(inputs(OIDC))
    expect(parsed.auth).toEqual({
      kind: 'oidc',
      tenancy: TENANCY,
      identityDomainUrl: 'https://idcs-abc.identity.oraclecloud.com',
      clientId: 'client',
      clientSecret: 'secret-value',
      audience: 'https://cloud.oracle.com',
    })
    expect(parsed.window).toEqual({ kind: 'focus', lookbackDays: 3 })
    expect(parsed).toMatchObject({ concurrency: 4, keepCompressed: false, dryRun: false, ignored: [] })
    expect(parsed.destination).toEqual({ bucket: 'focus-reports' })
  })

  it('reads an API-key copy and lower-cases the fingerprint', () => {
    const parsed = parseCopyInputs(inputs({ ...API_KEY, 'private-key-passphrase': 'pw' }))
    expect(parsed.auth).toEqual({
      kind: 'api-key',
      tenancy: TENANCY,
      user: 'ocid1.user.oc1..aaaaaaaauser',
      fingerprint: 'aa:bb:cc:dd:ee:ff:00:11:22:33:44:55:66:77:88:99',
      privateKey: PEM,
      passphrase: 'pw',
    })
  })

  it('never echoes a secret in a validation error', () => {
    const key = 'not-a-pem-but-a-secret'
    expect(() => parseCopyInputs(inputs({ ...API_KEY, 'private-key': key }))).toThrow(/input 'private-key'/)
    try {
      parseCopyInputs(inputs({ ...API_KEY, 'private-key': key }))
    } catch (error) {
      expect(String(error)).not.toContain(key)
    }
  })

  it('lists inputs that do not apply to the chosen auth', () => {
    expect(parseCopyInputs(inputs({ ...OIDC, 'private-key': PEM })).ignored).toEqual(['private-key'])
    expect(parseCopyInputs(inputs({ ...API_KEY, 'oidc-client-id': 'x' })).ignored).toEqual(['oidc-client-id'])
  })

  it('takes a day, a range or a look-back, one at a time', () => {
    expect(parseCopyInputs(inputs({ ...OIDC, date: '2026-11-30' })).window).toEqual({
      kind: 'focus',
      date: '2026-11-30',
    })
    expect(parseCopyInputs(inputs({ ...OIDC, from: '2026-10-01', to: '2026-10-31' })).window).toEqual({
      kind: 'focus',
      from: '2026-10-01',
      to: '2026-10-31',
    })
    expect(parseCopyInputs(inputs({ ...OIDC, 'lookback-days': '7', 'report-type': 'cost' })).window).toEqual({
      kind: 'cost',
      lookbackDays: 7,
    })
    expect(() => parseCopyInputs(inputs({ ...OIDC, from: '2026-10-01' }))).toThrow(
      `input 'to': required together with 'from'`,
    )
    expect(() =>
      parseCopyInputs(inputs({ ...OIDC, date: '2026-10-01', from: '2026-10-01', to: '2026-10-02' })),
    ).toThrow(`input 'date': give either 'date' or 'from'/'to', not both`)
    expect(() => parseCopyInputs(inputs({ ...OIDC, date: '2026-10-01', 'lookback-days': '2' }))).toThrow(
      `input 'lookback-days': give either 'lookback-days' or 'date', not both`,
    )
    expect(() => parseCopyInputs(inputs({ ...OIDC, from: '2026-10-05', to: '2026-10-01' }))).toThrow(
      `input 'from': must not be after 'to' (2026-10-01), got "2026-10-05"`,
    )
  })

  it('rejects URLs that carry credentials without echoing them', () => {
    expect(() => parseCopyInputs(inputs({ ...OIDC, endpoint: 'http://user:pw@127.0.0.1:9' }))).toThrow(
      `input 'endpoint': must be an http(s) URL without credentials, got "http://127.0.0.1:9"`,
    )
  })
})

describe('parseLoadInputs', () => {
  it('validation: names the input and the value', () => {
    expect(() => parseLoadInputs(inputs({ ...LOAD, 'on-error': 'ignore' }))).toThrow(
      `input 'on-error': must be one of fail-file, reject-rows, got "ignore"`,
    )
    expect(() => parseLoadInputs(inputs({ ...LOAD, table: 'focus; drop table x' }))).toThrow(
      `input 'table': must be a letter then letters, digits or _ (at most 100), got "focus; drop table x"`,
    )
    expect(() => parseLoadInputs(inputs({ ...LOAD, 'db-password': '' }))).toThrow(
      `input 'db-password': required (pass it from a secret), got nothing`,
    )
    expect(() => parseLoadInputs(inputs({ ...LOAD, 'db-wallet': 'not base64!' }))).toThrow(
      `input 'db-wallet': must be base64 of the wallet zip`,
    )
  })

  it('reads a load with defaults: table OCI_FOCUS, fail-file', () => {
    const parsed = parseLoadInputs(inputs({ ...LOAD, prefix: 'raw/' }))
    expect(parsed.source).toEqual({ bucket: 'focus-reports', prefix: 'raw/' })
    expect(parsed.database).toEqual({ connectString: 'mydb_high', user: 'focus', password: 'db-secret' })
    expect(parsed).toMatchObject({ table: 'OCI_FOCUS', onError: 'fail-file' })
  })
})
