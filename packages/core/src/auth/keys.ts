import { createHash, createPrivateKey, createPublicKey } from 'node:crypto'
import { CoreError, errorMessage } from '../errors.js'

/**
 * Parse a private key PEM up front so a wrong passphrase or a truncated secret fails here with a
 * clear message, not later inside the SDK signer with an sshpk stack trace. Returns the PEM
 * unchanged (the SDK re-parses it).
 */
export function checkPrivateKey(pem: string, passphrase: string | undefined, what: string): string {
  const normalized = pem.includes('\\n') && !pem.includes('\n') ? pem.replaceAll('\\n', '\n') : pem
  if (!/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(normalized)) {
    throw new CoreError(
      'CORE_AUTH_CONFIG',
      `${what}: must be a PEM private key (-----BEGIN ... PRIVATE KEY-----), got ${describeSecret(normalized)}`,
    )
  }
  try {
    createPrivateKey(passphrase === undefined ? normalized : { key: normalized, passphrase })
  } catch (error) {
    const encrypted = /ENCRYPTED/.test(normalized)
    const hint = encrypted
      ? passphrase === undefined
        ? 'the key is encrypted and no passphrase was given'
        : 'wrong passphrase?'
      : 'corrupt or truncated PEM?'
    // The parser's message never contains key material, only its own diagnosis.
    throw new CoreError(
      'CORE_AUTH_CONFIG',
      `${what}: cannot be parsed (${hint}): ${errorMessage(error)}`,
      {},
      {
        cause: error,
      },
    )
  }
  return normalized
}

/** Colon-hex MD5 of the DER SubjectPublicKeyInfo: the OCI API key fingerprint. */
export function fingerprintOf(keyPem: string, passphrase?: string): string {
  const key = /PRIVATE KEY/.test(keyPem)
    ? createPublicKey(createPrivateKey(passphrase === undefined ? keyPem : { key: keyPem, passphrase }))
    : createPublicKey(keyPem)
  const der = key.export({ type: 'spki', format: 'der' })
  return createHash('md5').update(der).digest('hex').match(/../g)?.join(':') ?? ''
}

/** A secret described without its content: only its length. */
export function describeSecret(value: string): string {
  return value.length === 0 ? 'an empty string' : `${value.length} characters that are not a PEM key`
}
