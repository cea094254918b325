import { generateKeyPairSync } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { createTestApiKey, type Emulator, startEmulator } from '@oci-focus/emulator'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createAuth } from '../src/auth/index.js'
import type { AuthOptions, OciAuth } from '../src/auth/types.js'
import { type CoreError, isCoreError } from '../src/errors.js'
import { discoverHomeRegion, resolveHomeRegion } from '../src/regions.js'
import { createObjectStorageClient, createObjectStore } from '../src/store/index.js'

const NS = 'emulatorns'
const BUCKET = 'reports'
const TENANCY = 'ocid1.tenancy.oc1..aaaaauth'
const FAST_RETRY = { attempts: 3, baseDelayMs: 5, maxDelayMs: 20 }

async function rejection(promise: Promise<unknown>): Promise<CoreError> {
  try {
    await promise
  } catch (error) {
    if (isCoreError(error)) return error
    throw new Error(`expected a CoreError, got ${String(error)}`)
  }
  throw new Error('expected a rejection')
}

/** Put and list one object with these credentials; returns the names listed. */
async function roundTrip(emulator: Emulator, auth: OciAuth, name: string): Promise<string[]> {
  const client = createObjectStorageClient({ auth, endpoint: emulator.url })
  try {
    const store = createObjectStore({ client, namespace: NS, bucket: BUCKET, retry: FAST_RETRY })
    await store.put(name, Buffer.from(name), {})
    const names: string[] = []
    for await (const o of store.list(name)) names.push(o.name)
    return names
  } finally {
    client.close()
  }
}

/** A UPST for `publicKeyPem`, exchanged by hand at the emulator's identity domain (what `oci session` leaves on disk). */
async function mintUpst(emulator: Emulator, publicKeyDerB64: string): Promise<string> {
  const response = await fetch(emulator.identity.tokenUrl, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${emulator.identity.clientId}:${emulator.identity.clientSecret}`).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams({
      grant_type: 'urn:ietf:params:oauth:grant-type:token-exchange',
      requested_token_type: 'urn:oci:token-type:oci-upst',
      subject_token: emulator.oidc.mint(),
      subject_token_type: 'jwt',
      public_key: publicKeyDerB64,
    }).toString(),
  })
  expect(response.status).toBe(200)
  return ((await response.json()) as { token: string }).token
}

/** A 127.0.0.1 URL where nothing listens (a port we just released). */
async function closedPortUrl(): Promise<string> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return `http://127.0.0.1:${port}`
}

/** What the GitHub Actions runner does for core.getIDToken(audience). */
async function githubStyleIdToken(emulator: Emulator, audience: string): Promise<string> {
  const separator = emulator.oidc.requestUrl.includes('?') ? '&' : '?'
  const response = await fetch(
    `${emulator.oidc.requestUrl}${separator}audience=${encodeURIComponent(audience)}`,
    {
      headers: { authorization: `Bearer ${emulator.oidc.requestToken}` },
    },
  )
  expect(response.status).toBe(200)
  return ((await response.json()) as { value: string }).value
}

describe('auth modes against the emulator in strict signature mode', () => {
  const apiKey = createTestApiKey()
  const session = generateKeyPairSync('rsa', { modulusLength: 2048 })
  const sessionPrivatePem = session.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()
  const sessionPublicDer = session.publicKey.export({ type: 'spki', format: 'der' }).toString('base64')
  let emulator: Emulator
  let dir: string

  beforeAll(async () => {
    emulator = await startEmulator({ auth: 'strict', trustKeys: [apiKey.publicKeyPem] })
    await emulator.createBucket(NS, BUCKET)
    dir = mkdtempSync(join(tmpdir(), 'oci-focus-auth-it-'))
    writeFileSync(join(dir, 'api.pem'), apiKey.privateKeyPem)
    writeFileSync(join(dir, 'session.pem'), sessionPrivatePem)
  })

  afterAll(async () => {
    await emulator?.stop()
    if (dir) rmSync(dir, { recursive: true, force: true })
  })

  beforeEach(() => {
    emulator.identity.setTokenLifetime(3600)
    emulator.requests.clear()
    emulator.faults.clear()
  })

  it('config file: an API-key profile', async () => {
    const file = join(dir, 'config-api')
    writeFileSync(
      file,
      `[DEFAULT]\nregion=us-ashburn-1\n\n[CI]\ntenancy=${TENANCY}\nuser=ocid1.user.oc1..ci\nfingerprint=${apiKey.fingerprint}\nkey_file=${join(dir, 'api.pem')}\n`,
    )
    const auth = await createAuth({ kind: 'config', configFile: file, profile: 'CI' })
    expect(await roundTrip(emulator, auth, 'config-api.csv')).toEqual(['config-api.csv'])
    expect(
      emulator.requests
        .list()
        .every((r) => r.keyId === `${TENANCY}/ocid1.user.oc1..ci/${apiKey.fingerprint}`),
    ).toBe(true)
  })

  it('config file: a session-token profile signs as ST$<upst>', async () => {
    const upst = await mintUpst(emulator, sessionPublicDer)
    writeFileSync(join(dir, 'token'), `${upst}\n`)
    const file = join(dir, 'config-session')
    writeFileSync(
      file,
      `[SESSION]\ntenancy=${TENANCY}\nregion=us-ashburn-1\nfingerprint=00:11\nkey_file=${join(dir, 'session.pem')}\nsecurity_token_file=${join(dir, 'token')}\n`,
    )
    const auth = await createAuth({ kind: 'config', configFile: file, profile: 'SESSION' })
    emulator.requests.clear()
    expect(await roundTrip(emulator, auth, 'config-session.csv')).toEqual(['config-session.csv'])
    const log = emulator.requests.list()
    expect(log.length).toBeGreaterThan(0)
    expect(log.every((r) => r.keyId === 'ST$…' && r.status === 200)).toBe(true)
  })

  it('an expired session token fails with CORE_AUTH_FAILED and the hint', async () => {
    emulator.identity.setTokenLifetime(0)
    const upst = await mintUpst(emulator, sessionPublicDer)
    writeFileSync(join(dir, 'expired-token'), upst)
    const file = join(dir, 'config-expired')
    writeFileSync(
      file,
      `[DEFAULT]\ntenancy=${TENANCY}\nregion=us-ashburn-1\nfingerprint=00:11\nkey_file=${join(dir, 'session.pem')}\nsecurity_token_file=${join(dir, 'expired-token')}\n`,
    )
    const auth = await createAuth({ kind: 'config', configFile: file })
    const error = await rejection(roundTrip(emulator, auth, 'never.csv'))
    expect(error.code).toBe('CORE_AUTH_FAILED')
    expect(error.message).toContain('credentials rejected (expired or wrong key?)')
    expect(error.message).not.toContain(upst)
    expect(await emulator.listObjectNames(NS, BUCKET)).not.toContain('never.csv')
  })

  it('resource principal from values: an RPST and its private key', async () => {
    const token = await mintUpst(emulator, sessionPublicDer)
    const auth = await createAuth({
      kind: 'resource-principal',
      sessionToken: token,
      privateKey: sessionPrivatePem,
      region: 'us-ashburn-1',
    })
    expect(await roundTrip(emulator, auth, 'resource-principal.csv')).toEqual(['resource-principal.csv'])
    auth.close()
  })

  describe('OIDC token exchange', () => {
    const oidcOptions = (overrides: Partial<Extract<AuthOptions, { kind: 'oidc' }>> = {}) =>
      ({
        kind: 'oidc',
        identityDomainUrl: emulator.identity.url,
        clientId: emulator.identity.clientId,
        clientSecret: emulator.identity.clientSecret,
        getIdToken: () => githubStyleIdToken(emulator, emulator.oidc.audience),
        tenancy: TENANCY,
        region: 'us-ashburn-1',
        ...overrides,
      }) as const

    it('end to end: GitHub-style OIDC token → identity domain → ST$ signatures', async () => {
      const auth = await createAuth(oidcOptions())
      expect(auth.kind).toBe('oidc')
      expect(auth.tenancy).toBe(TENANCY)
      expect(await roundTrip(emulator, auth, 'oidc.csv')).toEqual(['oidc.csv'])
      const log = emulator.requests.list()
      expect(log.filter((r) => r.operation === 'TokenExchange').map((r) => r.status)).toEqual([200])
      const storage = log.filter((r) => r.operation === 'PutObject' || r.operation === 'ListObjects')
      expect(storage.length).toBe(2)
      expect(storage.every((r) => r.keyId === 'ST$…' && r.status === 200)).toBe(true)
    })

    it('re-exchanges before expiry so a run longer than the token keeps working', async () => {
      emulator.identity.setTokenLifetime(3)
      let idTokens = 0
      const auth = await createAuth(
        oidcOptions({
          getIdToken: async () => {
            idTokens++
            return emulator.oidc.mint()
          },
        }),
      )
      const client = createObjectStorageClient({ auth, endpoint: emulator.url })
      try {
        const store = createObjectStore({ client, namespace: NS, bucket: BUCKET, retry: FAST_RETRY })
        // about 8 s of work with 3-second tokens: several re-exchanges, no 401
        for (let i = 0; i < 8; i++) {
          await store.put(`long-run-${i}.csv`, Buffer.from(`${i}`), {})
          await sleep(1000)
        }
      } finally {
        client.close()
      }
      const log = emulator.requests.list()
      const exchanges = log.filter((r) => r.operation === 'TokenExchange')
      expect(exchanges.length).toBeGreaterThanOrEqual(3)
      expect(exchanges.every((r) => r.status === 200)).toBe(true)
      expect(idTokens).toBe(exchanges.length)
      expect(log.filter((r) => r.operation === 'PutObject').map((r) => r.status)).toEqual(
        new Array(8).fill(200),
      )
    })

    it('concurrent requests after expiry share one re-exchange', async () => {
      emulator.identity.setTokenLifetime(2)
      const auth = await createAuth(oidcOptions({ getIdToken: async () => emulator.oidc.mint() }))
      const client = createObjectStorageClient({ auth, endpoint: emulator.url })
      try {
        const store = createObjectStore({ client, namespace: NS, bucket: BUCKET, retry: FAST_RETRY })
        await sleep(2200)
        emulator.requests.clear()
        await Promise.all(
          Array.from({ length: 6 }, (_, i) => store.put(`burst-${i}.csv`, Buffer.from('b'), {})),
        )
      } finally {
        client.close()
      }
      const log = emulator.requests.list()
      expect(log.filter((r) => r.operation === 'TokenExchange').length).toBe(1)
      expect(log.filter((r) => r.operation === 'PutObject').map((r) => r.status)).toEqual(
        new Array(6).fill(200),
      )
    })

    it('a 401 (clocks disagree about expiry) renews the token once and retries', async () => {
      emulator.identity.setTokenLifetime(0) // the first UPST is already expired by the service's clock
      const auth = await createAuth(oidcOptions({ getIdToken: async () => emulator.oidc.mint() }), {
        now: () => Date.now() - 120_000, // and our clock says it is still good
      })
      emulator.identity.setTokenLifetime(3600)
      emulator.requests.clear()
      expect(await roundTrip(emulator, auth, 'after-401.csv')).toEqual(['after-401.csv'])
      const log = emulator.requests.list()
      expect(log.map((r) => `${r.operation} ${r.status}`).slice(0, 3)).toEqual([
        'PutObject 401',
        'TokenExchange 200',
        'PutObject 200',
      ])
    })

    it('a bad client secret: "bad client", without secret or token in the message', async () => {
      let token = ''
      const error = await rejection(
        createAuth(
          oidcOptions({
            clientSecret: 'definitely-wrong-secret',
            getIdToken: async () => {
              token = emulator.oidc.mint()
              return token
            },
          }),
        ),
      )
      expect(error.code).toBe('CORE_TOKEN_EXCHANGE_FAILED')
      expect(error.message).toContain('bad client')
      expect(error.message).toContain(emulator.identity.clientId)
      expect(error.status).toBe(401)
      expect(error.serviceCode).toBe('invalid_client')
      expect(error.message).not.toContain('definitely-wrong-secret')
      expect(error.message).not.toContain(token)
    })

    it('an untrusted issuer: "untrusted issuer"', async () => {
      let token = ''
      const error = await rejection(
        createAuth(
          oidcOptions({
            getIdToken: async () => {
              token = emulator.oidc.mint({ iss: 'https://token.actions.example.invalid' })
              return token
            },
          }),
        ),
      )
      expect(error.code).toBe('CORE_TOKEN_EXCHANGE_FAILED')
      expect(error.message).toContain('untrusted issuer')
      expect(error.message).not.toContain(token)
    })

    it('a wrong audience: "wrong audience"', async () => {
      const error = await rejection(
        createAuth(
          oidcOptions({ getIdToken: () => githubStyleIdToken(emulator, 'https://not-the-audience') }),
        ),
      )
      expect(error.code).toBe('CORE_TOKEN_EXCHANGE_FAILED')
      expect(error.message).toContain('wrong audience')
      expect(error.serviceCode).toBe('invalid_grant')
    })
  })

  it('discovers the home region from the identity stand-in, signed with the same credentials', async () => {
    const auth = await createAuth({
      kind: 'api-key',
      tenancy: TENANCY,
      user: 'ocid1.user.oc1..u',
      fingerprint: apiKey.fingerprint,
      privateKey: apiKey.privateKeyPem,
    })
    expect(await discoverHomeRegion({ auth, endpoint: emulator.url })).toBe('us-ashburn-1')
    const entry = emulator.requests.list().at(-1)
    expect(entry?.target).toBe(`/20160918/tenancies/${TENANCY}/regionSubscriptions`)
    // the stand-in does not verify identity-route signatures; the SDK signer's x-date shows it was signed
    expect(entry?.headers['x-date']).toBeDefined()

    const noTenancy = await rejection(
      discoverHomeRegion({ auth: { ...auth, tenancy: undefined }, endpoint: emulator.url }),
    )
    expect(noTenancy.code).toBe('CORE_INVALID_OPTION')

    emulator.requests.clear()
    expect(await resolveHomeRegion({ auth, homeRegion: 'eu-zurich-1', endpoint: emulator.url })).toBe(
      'eu-zurich-1',
    )
    expect(emulator.requests.list()).toEqual([])
    expect(await resolveHomeRegion({ auth, endpoint: emulator.url })).toBe('us-ashburn-1')

    // discovery refused (here: nothing listens) → the credentials' region, with a warning
    const warnings: string[] = []
    const logger = { debug() {}, info() {}, warn: (m: string) => warnings.push(m) }
    const regional = { ...auth, region: 'eu-frankfurt-1' }
    const closed = await closedPortUrl()
    expect(await resolveHomeRegion({ auth: regional, endpoint: closed, logger, retry: FAST_RETRY })).toBe(
      'eu-frankfurt-1',
    )
    expect(warnings.join('\n')).toMatch(
      /home region: discovery failed .*using the credentials' region eu-frankfurt-1/,
    )
    const failed = await rejection(resolveHomeRegion({ auth, endpoint: closed, retry: FAST_RETRY }))
    expect(failed.code).toBe('CORE_REGION_DISCOVERY_FAILED')
  })
})
