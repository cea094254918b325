import { generateKeyPairSync, sign } from 'node:crypto'
import { request as httpRequest } from 'node:http'
import * as common from 'oci-common'
import * as os from 'oci-objectstorage'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApiKey, type Emulator, startEmulator } from '../src/index.ts'
import { legacyRequestTarget } from '../src/signing/verify.ts'
import { objectStorageClient, TENANCY, testKey, USER } from './helpers.ts'

const NS = 'signns'

/** Signs a request with the SDK's own signer and returns what it produced. */
async function sdkSigned(
  url: string,
  method: 'GET' | 'POST',
  body?: string,
  headers: Record<string, string> = {},
): Promise<Headers> {
  const key = testKey()
  const provider = new common.SimpleAuthenticationDetailsProvider(
    TENANCY,
    USER,
    key.fingerprint,
    key.privateKeyPem,
    null,
    common.Region.US_ASHBURN_1,
  )
  const signer = new common.DefaultRequestSigner(provider)
  const request: common.HttpRequest = {
    method,
    uri: url,
    headers: new Headers(headers),
    ...(body !== undefined ? { body } : {}),
  }
  await signer.signHttpRequest(request)
  return request.headers
}

describe('request signatures', () => {
  let emulator: Emulator
  let client: os.ObjectStorageClient

  beforeAll(async () => {
    emulator = await startEmulator({ auth: 'strict', trustKeys: [testKey().publicKeyPem], namespace: NS })
    client = objectStorageClient(emulator.url, { attempts: 1 })
    await emulator.createBucket(NS, 'b')
    await emulator.putObject(NS, 'b', 'o', 'payload')
  })
  afterAll(async () => {
    client.close()
    await emulator.stop()
  })

  it('accepts the SDK signing with a trusted key', async () => {
    expect((await client.getNamespace({})).value).toBe(NS)
    const entry = emulator.requests.list().at(-1)
    expect(entry?.keyId).toBe(`${TENANCY}/${USER}/${testKey().fingerprint}`)
    expect(entry?.authError).toBeUndefined()
  })

  it('answers 401 NotAuthenticated to an untrusted key', async () => {
    const stranger = objectStorageClient(emulator.url, { key: createTestApiKey(), attempts: 1 })
    await expect(stranger.getNamespace({})).rejects.toMatchObject({
      statusCode: 401,
      serviceCode: 'NotAuthenticated',
    })
    stranger.close()
    expect(emulator.requests.list().at(-1)?.authError).toMatch(/no trusted key has fingerprint/)
  })

  it('answers 401 to a key that claims a trusted fingerprint but signs with another private key', async () => {
    const impostor = { ...createTestApiKey(), fingerprint: testKey().fingerprint }
    const client2 = objectStorageClient(emulator.url, { key: impostor, attempts: 1 })
    await expect(
      client2.getObject({ namespaceName: NS, bucketName: 'b', objectName: 'o' }),
    ).rejects.toMatchObject({
      statusCode: 401,
      serviceCode: 'NotAuthenticated',
    })
    client2.close()
    expect(emulator.requests.list().at(-1)?.authError).toMatch(/does not verify/)
  })

  it('answers 401 to tampered requests: another target, a changed signed header, a changed body', async () => {
    const target = `${emulator.url}/n/${NS}/b/b/o/o`
    const headers = await sdkSigned(target, 'GET')
    expect((await fetch(target, { headers })).status).toBe(200)
    expect((await fetch(`${emulator.url}/n/${NS}/b/b/o/other`, { headers })).status).toBe(401)
    const redated = new Headers(headers)
    redated.set('x-date', new Date(Date.now() + 1000).toUTCString())
    expect((await fetch(target, { headers: redated })).status).toBe(401)

    const createUrl = `${emulator.url}/n/${NS}/b/b/u`
    const body = JSON.stringify({ object: 'new-upload' })
    const postHeaders = await sdkSigned(createUrl, 'POST', body)
    const tampered = await fetch(createUrl, {
      method: 'POST',
      headers: postHeaders,
      body: body.replace('new', 'old'),
    })
    expect(tampered.status).toBe(401)
    expect(emulator.requests.list().at(-1)?.authError).toMatch(/x-content-sha256/)
    const genuine = await fetch(createUrl, { method: 'POST', headers: postHeaders, body })
    expect(genuine.status).toBe(200)
    expect(emulator.requests.list().at(-1)?.signedHeaders).toContain('x-content-sha256')
  })

  it('answers 401 when x-date is outside the clock skew', async () => {
    const target = `${emulator.url}/n/${NS}/b/b/o/o`
    const headers = await sdkSigned(target, 'GET', undefined, {
      'x-date': new Date(Date.now() - 10 * 60_000).toUTCString(),
    })
    const response = await fetch(target, { headers })
    expect(response.status).toBe(401)
    expect(emulator.requests.list().at(-1)?.authError).toMatch(/away from the server clock/)
  })

  it('in strict mode requires POST bodies to be covered by the signature', async () => {
    const createUrl = `${emulator.url}/n/${NS}/b/b/u`
    const key = testKey()
    const date = new Date().toUTCString()
    const host = new URL(emulator.url).host
    const signingString = `x-date: ${date}\n(request-target): post /n/${NS}/b/b/u\nhost: ${host}`
    const signature = sign('RSA-SHA256', Buffer.from(signingString), key.privateKeyPem).toString('base64')
    const response = await fetch(createUrl, {
      method: 'POST',
      headers: {
        'x-date': date,
        'content-type': 'application/json',
        authorization: `Signature version="1",keyId="${TENANCY}/${USER}/${key.fingerprint}",algorithm="rsa-sha256",headers="x-date (request-target) host",signature="${signature}"`,
      },
      body: JSON.stringify({ object: 'unsigned-body' }),
    })
    expect(response.status).toBe(401)
    expect(emulator.requests.list().at(-1)?.authError).toMatch(/must sign content-type/)
  })

  it('accepts a signature over the legacy url.parse target (older SDKs), and says so in the log', async () => {
    await emulator.putObject(NS, 'b', "it's", 'quoted')
    const wireTarget = `/n/${NS}/b/b/o/it's`
    expect(legacyRequestTarget(wireTarget)).toBe(`/n/${NS}/b/b/o/it%27s`)
    expect(legacyRequestTarget('/n/x?prefix=%C3%BC{a}')).toBe('/n/x?prefix=ü%7Ba%7D')
    const key = testKey()
    const date = new Date().toUTCString()
    const host = new URL(emulator.url).host
    const signingString = `x-date: ${date}\n(request-target): get ${legacyRequestTarget(wireTarget)}\nhost: ${host}`
    const signature = sign('RSA-SHA256', Buffer.from(signingString), key.privateKeyPem).toString('base64')
    const status = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(`${emulator.url}${wireTarget}`, {
        headers: {
          'x-date': date,
          authorization: `Signature version="1",keyId="${TENANCY}/${USER}/${key.fingerprint}",algorithm="rsa-sha256",headers="x-date (request-target) host",signature="${signature}"`,
        },
      })
      req.on('response', (res) => {
        res.resume()
        resolve(res.statusCode ?? 0)
      })
      req.on('error', reject)
      req.end()
    })
    expect(status).toBe(200)
    expect(emulator.requests.list().at(-1)?.authError).toMatch(/legacy/)
  })

  it('verifies session-token (ST$) signatures against the key carried in a UPST from the identity domain', async () => {
    const session = generateKeyPairSync('rsa', { modulusLength: 2048 })
    const publicKeyDer = session.publicKey.export({ type: 'spki', format: 'der' }).toString('base64')
    const exchange = async () => {
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
          public_key: publicKeyDer,
        }),
      })
      expect(response.status).toBe(200)
      return ((await response.json()) as { token: string }).token
    }
    const privateKeyPem = session.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()
    const clientFor = (token: string) => {
      const provider: common.AuthenticationDetailsProvider = {
        getKeyId: async () => `ST$${token}`,
        getPrivateKey: () => privateKeyPem,
        getPassphrase: () => null,
      }
      const sessionClient = new os.ObjectStorageClient(
        { authenticationDetailsProvider: provider },
        { retryConfiguration: { terminationStrategy: new common.MaxAttemptsTerminationStrategy(1) } },
      )
      sessionClient.endpoint = emulator.url
      return sessionClient
    }

    const good = clientFor(await exchange())
    expect((await good.getNamespace({})).value).toBe(NS)
    expect(emulator.requests.list().at(-1)?.keyId).toBe('ST$…')
    good.close()

    const forged = clientFor('not-a-token')
    await expect(forged.getNamespace({})).rejects.toMatchObject({
      statusCode: 401,
      serviceCode: 'NotAuthenticated',
    })
    forged.close()

    emulator.identity.setTokenLifetime(0)
    const expired = clientFor(await exchange())
    emulator.identity.setTokenLifetime(3600)
    await expect(expired.getNamespace({})).rejects.toMatchObject({ statusCode: 401 })
    expect(emulator.requests.list().at(-1)?.authError).toMatch(/session token/)
    expired.close()
  })
})

describe('lenient and off modes', () => {
  it('lenient accepts a bad signature and records why', async () => {
    const emulator = await startEmulator({ auth: 'lenient', namespace: 'len' })
    const client = objectStorageClient(emulator.url, { attempts: 1 })
    expect((await client.getNamespace({})).value).toBe('len')
    expect(emulator.requests.list().at(-1)?.authError).toMatch(/no trusted key/)
    client.close()
    await emulator.stop()
  })

  it('off accepts anything and still records the keyId and signed headers', async () => {
    const emulator = await startEmulator()
    const client = objectStorageClient(emulator.url, { attempts: 1 })
    expect((await client.getNamespace({})).value).toBe('emulatorns')
    const entry = emulator.requests.list().at(-1)
    expect(entry?.keyId).toContain(TENANCY)
    expect(entry?.signedHeaders).toEqual(['x-date', '(request-target)', 'host'])
    expect(entry?.authError).toBeUndefined()
    expect((await fetch(`${emulator.url}/n`)).status).toBe(200)
    client.close()
    await emulator.stop()
  })
})
