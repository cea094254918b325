import { generateKeyPairSync } from 'node:crypto'
import { getIDToken } from '@actions/core'
import * as common from 'oci-common'
import * as os from 'oci-objectstorage'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { type Emulator, startEmulator } from '../src/index.ts'

common.CircuitBreaker.EnableGlobalCircuitBreaker = false

let emulator: Emulator

beforeAll(async () => {
  emulator = await startEmulator({ auth: 'strict' })
})

afterAll(async () => {
  vi.unstubAllEnvs()
  await emulator.stop()
})

/** A session-token provider as core's OIDC auth builds it: keyId `ST$<UPST>`, signed with the session key. */
function sessionClient(token: string, privateKeyPem: string): os.ObjectStorageClient {
  const provider: common.AuthenticationDetailsProvider = {
    getKeyId: async () => `ST$${token}`,
    getPrivateKey: () => privateKeyPem,
    getPassphrase: () => null,
  }
  const client = new os.ObjectStorageClient(
    { authenticationDetailsProvider: provider },
    {
      retryConfiguration: {
        terminationStrategy: new common.MaxAttemptsTerminationStrategy(1),
        delayStrategy: new common.FixedTimeDelayStrategy(0.05),
      },
      circuitBreaker: new common.CircuitBreaker({ disableClientCircuitBreaker: true }),
    },
  )
  client.endpoint = emulator.url
  return client
}

describe('GitHub OIDC → identity domain → signed Object Storage calls, through startEmulator', () => {
  it('runs the whole workload-identity flow with the real toolkit and the official client', async () => {
    vi.stubEnv('ACTIONS_ID_TOKEN_REQUEST_URL', emulator.oidc.requestUrl)
    vi.stubEnv('ACTIONS_ID_TOKEN_REQUEST_TOKEN', emulator.oidc.requestToken)
    const write = vi.spyOn(process.stdout, 'write').mockImplementation(() => true)
    let idToken: string
    try {
      idToken = await getIDToken(emulator.oidc.audience)
    } finally {
      write.mockRestore()
    }

    const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
    const response = await fetch(emulator.identity.tokenUrl, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${emulator.identity.clientId}:${emulator.identity.clientSecret}`).toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({
        grant_type: 'urn:ietf:params:oauth:grant-type:token-exchange',
        requested_token_type: 'urn:oci:token-type:oci-upst',
        subject_token: idToken,
        subject_token_type: 'jwt',
        public_key: publicKey.export({ type: 'spki', format: 'der' }).toString('base64'),
      }).toString(),
    })
    expect(response.status).toBe(200)
    const { token } = (await response.json()) as { token: string }
    const privateKeyPem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()

    const client = sessionClient(token, privateKeyPem)
    try {
      const namespace = await client.getNamespace({})
      expect(namespace.value).toBe(emulator.namespace)
    } finally {
      client.close()
    }

    // The same UPST with another private key does not pass the strict signature check.
    const otherKey = generateKeyPairSync('rsa', { modulusLength: 2048 })
      .privateKey.export({ type: 'pkcs8', format: 'pem' })
      .toString()
    const impostor = sessionClient(token, otherKey)
    try {
      await expect(impostor.getNamespace({})).rejects.toMatchObject({ statusCode: 401 })
    } finally {
      impostor.close()
    }
  })

  it('answers regionSubscriptions for home-region discovery', async () => {
    const response = await fetch(
      `${emulator.url}/20160918/tenancies/ocid1.tenancy.oc1..aaaa/regionSubscriptions`,
    )
    expect(response.status).toBe(200)
    const regions = (await response.json()) as Array<{ regionName: string; isHomeRegion: boolean }>
    expect(regions.filter((r) => r.isHomeRegion).map((r) => r.regionName)).toEqual(['us-ashburn-1'])
  })
})
