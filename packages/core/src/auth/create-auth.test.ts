import { generateKeyPairSync } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type CoreError, isCoreError } from '../errors.js'
import { createAuth, resourcePrincipalOptionsFromEnv } from './create-auth.js'
import { decodeJwtClaims, redactTokens } from './jwt.js'
import { fingerprintOf } from './keys.js'
import type { AuthOptions } from './types.js'

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
const PEM = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()
const PKCS1_PEM = privateKey.export({ type: 'pkcs1', format: 'pem' }).toString()
const ENCRYPTED_PEM = privateKey
  .export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'correct horse' })
  .toString()

async function failure(options: AuthOptions): Promise<CoreError> {
  try {
    await createAuth(options)
  } catch (error) {
    if (isCoreError(error)) return error
    throw new Error(`expected a CoreError, got ${String(error)}`)
  }
  throw new Error('expected createAuth to fail')
}

const apiKey = {
  kind: 'api-key',
  tenancy: 'ocid1.tenancy.oc1..aaaa',
  user: 'ocid1.user.oc1..bbbb',
  fingerprint: 'aa:bb',
  privateKey: PEM,
  region: 'eu-frankfurt-1',
} as const

describe('createAuth: api-key', () => {
  it('builds a provider whose keyId is tenancy/user/fingerprint', async () => {
    const auth = await createAuth(apiKey)
    expect(auth.kind).toBe('api-key')
    expect(auth.tenancy).toBe(apiKey.tenancy)
    expect(auth.region).toBe('eu-frankfurt-1')
    expect(await auth.provider.getKeyId()).toBe('ocid1.tenancy.oc1..aaaa/ocid1.user.oc1..bbbb/aa:bb')
    expect(auth.refresh).toBeUndefined()
  })

  it('accepts PKCS#1, an encrypted key with its passphrase, and a PEM with literal \\n', async () => {
    await expect(createAuth({ ...apiKey, privateKey: PKCS1_PEM })).resolves.toBeDefined()
    const auth = await createAuth({ ...apiKey, privateKey: ENCRYPTED_PEM, passphrase: 'correct horse' })
    expect(auth.provider.getPassphrase()).toBe('correct horse')
    const oneLine = PEM.trimEnd().replaceAll('\n', '\\n')
    const flat = await createAuth({ ...apiKey, privateKey: oneLine })
    expect(flat.provider.getPrivateKey()).toContain('\n')
  })

  it('names each missing value', async () => {
    expect((await failure({ ...apiKey, user: '' })).message).toBe(
      'api-key auth: user: is required, got nothing',
    )
    expect((await failure({ ...apiKey, tenancy: ' ' })).code).toBe('CORE_AUTH_CONFIG')
    expect((await failure({ ...apiKey, fingerprint: '' })).message).toContain('fingerprint')
  })

  it('explains unusable keys without printing them', async () => {
    const notPem = await failure({ ...apiKey, privateKey: 'secret-not-a-key' })
    expect(notPem.code).toBe('CORE_AUTH_CONFIG')
    expect(notPem.message).toContain('must be a PEM private key')
    expect(notPem.message).not.toContain('secret-not-a-key')

    const wrongPass = await failure({ ...apiKey, privateKey: ENCRYPTED_PEM, passphrase: 'wrong' })
    expect(wrongPass.message).toContain('wrong passphrase?')
    expect(wrongPass.message).not.toContain('wrong"')
    const noPass = await failure({ ...apiKey, privateKey: ENCRYPTED_PEM })
    expect(noPass.message).toContain('no passphrase was given')

    const truncated = PEM.slice(0, 200) + PEM.slice(-30)
    const bad = await failure({ ...apiKey, privateKey: truncated })
    expect(bad.message).toContain('cannot be parsed')
    expect(bad.message).not.toContain(PEM.slice(40, 100))
  })

  it('warns when the fingerprint does not belong to the key', async () => {
    const warnings: string[] = []
    const logger = { debug() {}, info() {}, warn: (m: string) => warnings.push(m) }
    await createAuth({ ...apiKey, fingerprint: 'aa:bb' }, { logger })
    expect(warnings).toEqual([
      `api-key auth: fingerprint aa:bb does not match the private key (whose fingerprint is ${fingerprintOf(PEM)}); OCI will reject the requests`,
    ])
    warnings.length = 0
    await createAuth({ ...apiKey, fingerprint: fingerprintOf(PEM).toUpperCase() }, { logger })
    expect(warnings).toEqual([])
  })

  it('fingerprintOf gives the colon-hex MD5 of the public key', () => {
    const fingerprint = fingerprintOf(PEM)
    expect(fingerprint).toMatch(/^([0-9a-f]{2}:){15}[0-9a-f]{2}$/)
    expect(fingerprintOf(publicKey.export({ type: 'spki', format: 'pem' }).toString())).toBe(fingerprint)
  })
})

describe('createAuth: config file', () => {
  let dir: string
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'oci-focus-auth-'))
    writeFileSync(join(dir, 'key.pem'), PEM)
    writeFileSync(join(dir, 'enc.pem'), ENCRYPTED_PEM)
    writeFileSync(join(dir, 'token'), 'header.payload.signature\n')
  })
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  function config(text: string): string {
    const file = join(dir, `config-${Math.random().toString(36).slice(2)}`)
    writeFileSync(file, text)
    return file
  }

  it('reads an API-key profile, inheriting DEFAULT values', async () => {
    const file = config(
      `[DEFAULT]\nregion=us-ashburn-1\ntenancy=ocid1.tenancy.oc1..t\n\n[WORK]\nuser=ocid1.user.oc1..u\nfingerprint=11:22\nkey_file=${dir}/key.pem\n`,
    )
    const auth = await createAuth({ kind: 'config', configFile: file, profile: 'WORK' })
    expect(auth.tenancy).toBe('ocid1.tenancy.oc1..t')
    expect(auth.region).toBe('us-ashburn-1')
    expect(await auth.provider.getKeyId()).toBe('ocid1.tenancy.oc1..t/ocid1.user.oc1..u/11:22')
  })

  it('signs a security_token_file profile as ST$<token>, without the trailing newline', async () => {
    const file = config(
      `[DEFAULT]\nfingerprint=11:22\nkey_file=${dir}/key.pem\ntenancy=ocid1.tenancy.oc1..t\nregion=us-phoenix-1\nsecurity_token_file=${dir}/token\n`,
    )
    const auth = await createAuth({ kind: 'config', configFile: file })
    expect(await auth.provider.getKeyId()).toBe('ST$header.payload.signature')
    expect(auth.refresh).toBeDefined()
    // A refreshed token file (oci session refresh) is picked up without rebuilding anything.
    writeFileSync(join(dir, 'token'), 'header.payload2.signature2')
    await auth.refresh?.()
    expect(await auth.provider.getKeyId()).toBe('ST$header.payload2.signature2')
  })

  it('uses pass_phrase for an encrypted key_file', async () => {
    const file = config(
      `[DEFAULT]\nuser=u\nfingerprint=f\nkey_file=${dir}/enc.pem\npass_phrase=correct horse\ntenancy=t\nregion=r\n`,
    )
    await expect(createAuth({ kind: 'config', configFile: file })).resolves.toBeDefined()
  })

  it('names the file, profile and missing key', async () => {
    const file = config(
      `[DEFAULT]\nregion=us-ashburn-1\n[P]\ntenancy=t\nfingerprint=f\nkey_file=${dir}/key.pem\n`,
    )
    const missingUser = await failure({ kind: 'config', configFile: file, profile: 'P' })
    expect(missingUser.code).toBe('CORE_AUTH_CONFIG')
    expect(missingUser.message).toBe(`config file ${file} profile [P]: user: is required, got nothing`)

    const noProfile = await failure({ kind: 'config', configFile: file, profile: 'NOPE' })
    expect(noProfile.message).toContain('no such profile (profiles: DEFAULT, P)')

    const noFile = await failure({ kind: 'config', configFile: join(dir, 'absent') })
    expect(noFile.message).toContain('cannot be read')

    const noKey = await failure({
      kind: 'config',
      configFile: config(`[DEFAULT]\ntenancy=t\nuser=u\nfingerprint=f\nkey_file=${dir}/absent.pem\n`),
    })
    expect(noKey.message).toContain(`key_file cannot be read, got ${dir}/absent.pem`)
  })

  it('reports a malformed line by number, not by content', async () => {
    const file = config('[DEFAULT]\ntenancy=t\npass phrase without equals sign\n')
    const error = await failure({ kind: 'config', configFile: file })
    expect(error.message).toContain('line 3 must be [profile] or key=value')
    expect(error.message).not.toContain('without equals')
  })
})

describe('createAuth: principals (offline)', () => {
  let server: Server
  let url: string
  let hits = 0
  beforeAll(async () => {
    // A stand-in metadata service that is down: the builder must fail with a clear error.
    server = createServer((_req, res) => {
      hits++
      res.writeHead(500).end('metadata service unavailable')
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/opc/v2/`
  })
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()))
  })

  it('instance principal: a broken metadata service gives CORE_AUTH_CONFIG', async () => {
    const error = await failure({ kind: 'instance-principal', metadataBaseUrl: url })
    expect(error.code).toBe('CORE_AUTH_CONFIG')
    expect(error.message).toMatch(
      /^instance principal: cannot get an identity from the instance metadata service/,
    )
    expect(hits).toBeGreaterThan(0)
  })

  it('resource principal: requires the token, key and region', async () => {
    expect((await failure({ kind: 'resource-principal' })).message).toContain('OCI_RESOURCE_PRINCIPAL_RPST')
    expect((await failure({ kind: 'resource-principal', sessionToken: 'a.b.c' })).message).toContain(
      'OCI_RESOURCE_PRINCIPAL_PRIVATE_PEM',
    )
    const badKey = await failure({
      kind: 'resource-principal',
      sessionToken: 'a.b.c',
      privateKey: 'nope',
      region: 'iad',
    })
    expect(badKey.message).toContain('resource principal: private key: must be a PEM private key')
  })

  it('resource principal: signs as ST$<rpst> and reads the tenancy claim', async () => {
    const payload = Buffer.from(
      JSON.stringify({ res_tenant: 'ocid1.tenancy.oc1..rp', exp: 4_102_444_800 }),
    ).toString('base64url')
    const rpst = `eyJhbGciOiJSUzI1NiJ9.${payload}.c2ln`
    const auth = await createAuth({
      kind: 'resource-principal',
      sessionToken: rpst,
      privateKey: PEM,
      region: 'iad',
    })
    expect(await auth.provider.getKeyId()).toBe(`ST$${rpst}`)
    expect(auth.tenancy).toBe('ocid1.tenancy.oc1..rp')
    expect(auth.region).toBe('us-ashburn-1')
    auth.close()
  })

  it('resourcePrincipalOptionsFromEnv maps the runtime variables', () => {
    expect(
      resourcePrincipalOptionsFromEnv({
        OCI_RESOURCE_PRINCIPAL_VERSION: '2.2',
        OCI_RESOURCE_PRINCIPAL_RPST: '/var/rp/token',
        OCI_RESOURCE_PRINCIPAL_PRIVATE_PEM: '/var/rp/key.pem',
        OCI_RESOURCE_PRINCIPAL_REGION: 'phx',
        UNRELATED: 'x',
      }),
    ).toEqual({
      kind: 'resource-principal',
      sessionToken: '/var/rp/token',
      privateKey: '/var/rp/key.pem',
      region: 'phx',
    })
    expect(() => resourcePrincipalOptionsFromEnv({ OCI_RESOURCE_PRINCIPAL_VERSION: '1.1' })).toThrow(
      /must be 2.2/,
    )
  })
})

describe('createAuth: oidc option checks', () => {
  const oidc = {
    kind: 'oidc',
    identityDomainUrl: 'http://127.0.0.1:1',
    clientId: 'id',
    clientSecret: 'secret',
    tenancy: 't',
    getIdToken: async () => 'x.y.z',
  } as const

  it('rejects a URL with a path, a missing secret and a bad margin before any request', async () => {
    expect(
      (await failure({ ...oidc, identityDomainUrl: 'http://127.0.0.1:1/oauth2/v1/token' })).message,
    ).toContain('must be http(s)://host with no path or credentials')
    const withUser = await failure({ ...oidc, identityDomainUrl: 'https://app:topsecret@idcs.example' })
    expect(withUser.message).toContain('got https://***@idcs.example/')
    expect(withUser.message).not.toContain('topsecret')
    expect((await failure({ ...oidc, clientSecret: '' })).message).toBe(
      'oidc auth: client secret: is required, got nothing',
    )
    expect((await failure({ ...oidc, refreshMarginSeconds: -1 })).code).toBe('CORE_INVALID_OPTION')
  })

  it('a getIdToken failure is a token-exchange failure without the token', async () => {
    const error = await failure({
      ...oidc,
      getIdToken: async () => {
        throw new Error('runner refused: eyJhbGciOi.eyJzdWIiOiJ4In0.sig')
      },
    })
    expect(error.code).toBe('CORE_TOKEN_EXCHANGE_FAILED')
    expect(error.message).toContain('getIdToken callback failed')
    expect(error.message).toContain('<redacted token>')
    expect(error.message).not.toContain('eyJzdWIiOiJ4In0')
  })

  it('an unreachable identity domain is a token-exchange failure', async () => {
    const error = await failure({ ...oidc, getIdToken: async () => 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.' })
    expect(error.code).toBe('CORE_TOKEN_EXCHANGE_FAILED')
    expect(error.message).toContain('unreachable')
  })
})

describe('jwt helpers', () => {
  it('decodes claims without verifying and redacts token-shaped text', () => {
    const token = `eyJhbGciOiJub25lIn0.${Buffer.from('{"exp":123,"sub":"s"}').toString('base64url')}.sig`
    expect(decodeJwtClaims(token)).toEqual({ exp: 123, sub: 's' })
    expect(decodeJwtClaims('not-a-jwt')).toBeUndefined()
    expect(decodeJwtClaims('a.bm90IGpzb24.c')).toBeUndefined()
    expect(redactTokens(`bad token ${token} here`)).toBe('bad token <redacted token> here')
  })
})
