import { createHash, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto'
import { EmulatorError } from './errors.js'

/** An RSA API signing key as OCI expects it: PEMs plus the console-style fingerprint. */
export interface TestApiKey {
  /** PKCS#8 PEM, unencrypted. */
  privateKeyPem: string
  /** SPKI PEM. */
  publicKeyPem: string
  /** Colon-separated lower-case hex MD5 of the DER SubjectPublicKeyInfo, e.g. `3a:5f:…`. */
  fingerprint: string
}

/** Generates a fresh RSA-2048 API key for tests (a few tens of milliseconds each). */
export function createTestApiKey(): TestApiKey {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
  return {
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    fingerprint: fingerprintOf(publicKey),
  }
}

/** The OCI fingerprint (colon-hex MD5 of the DER SPKI) of a public key. */
export function fingerprintOf(publicKey: KeyObject): string {
  const der = publicKey.export({ type: 'spki', format: 'der' })
  return createHash('md5').update(der).digest('hex').match(/../g)!.join(':')
}

/**
 * Reads a public or private key PEM and returns its public half and fingerprint.
 * Throws EMULATOR_INVALID_KEY (without echoing the PEM, which may be a private key).
 */
export function publicKeyFromPem(pem: string): {
  publicKey: KeyObject
  publicKeyPem: string
  fingerprint: string
} {
  let publicKey: KeyObject
  try {
    publicKey = createPublicKey(pem)
  } catch (error) {
    throw new EmulatorError(
      'EMULATOR_INVALID_KEY',
      'trusted key: must be a PEM RSA public or private key, got text that does not parse as one',
      {},
      { cause: error },
    )
  }
  return {
    publicKey,
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    fingerprint: fingerprintOf(publicKey),
  }
}
