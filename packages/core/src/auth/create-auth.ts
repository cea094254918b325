import { readFileSync } from 'node:fs'
import { homedir } from 'node:os'
import { isAbsolute, join } from 'node:path'
import * as common from 'oci-common'
import fileKeySupplierModule from 'oci-common/lib/auth/file-based-key-supplier.js'
import fileRpstClientModule from 'oci-common/lib/auth/file-based-resource-principal-federation-client.js'
import fixedKeySupplierModule from 'oci-common/lib/auth/fixed-content-key-supplier.js'
import fixedRpstClientModule from 'oci-common/lib/auth/fixed-content-resource-principal-federation-client.js'
import { CoreError, errorMessage } from '../errors.js'
import { checkPrivateKey, fingerprintOf } from './keys.js'
import { SessionTokenFileProvider } from './session-token-provider.js'
import { createSessionKey, TokenExchangeProvider } from './token-exchange.js'
import type {
  ApiKeyAuthOptions,
  AuthContext,
  AuthOptions,
  ConfigFileAuthOptions,
  InstancePrincipalAuthOptions,
  OciAuth,
  OidcAuthOptions,
  ResourcePrincipalAuthOptions,
} from './types.js'

/**
 * Build the one signing provider a run uses, from typed options. Reads no environment variables;
 * entry points map `OCI_CLI_*`, `OCI_CONFIG_FILE`, `OCI_RESOURCE_PRINCIPAL_*` into these options.
 * Fails early, with a CoreError naming the bad setting, on anything that would otherwise fail on
 * the first request (unparseable key, missing profile fields, refused token exchange).
 */
export async function createAuth(options: AuthOptions, ctx: AuthContext = {}): Promise<OciAuth> {
  switch (options.kind) {
    case 'api-key':
      return apiKeyAuth(options, ctx)
    case 'config':
      return configFileAuth(options, ctx)
    case 'instance-principal':
      return instancePrincipalAuth(options)
    case 'resource-principal':
      return resourcePrincipalAuth(options)
    case 'oidc':
      return oidcAuth(options, ctx)
    default:
      throw new CoreError(
        'CORE_INVALID_OPTION',
        `auth.kind: must be api-key, config, instance-principal, resource-principal or oidc, got ${String((options as { kind?: unknown }).kind)}`,
      )
  }
}

function required(value: string | undefined, what: string): string {
  if (value === undefined || value.trim() === '') {
    throw new CoreError('CORE_AUTH_CONFIG', `${what}: is required, got nothing`)
  }
  return value.trim()
}

function apiKeyAuth(options: ApiKeyAuthOptions, ctx: AuthContext): OciAuth {
  const tenancy = required(options.tenancy, 'api-key auth: tenancy')
  const user = required(options.user, 'api-key auth: user')
  const fingerprint = required(options.fingerprint, 'api-key auth: fingerprint')
  const privateKey = checkPrivateKey(
    required(options.privateKey, 'api-key auth: private key'),
    options.passphrase,
    'api-key auth: private key',
  )
  warnOnFingerprintMismatch(fingerprint, privateKey, options.passphrase, 'api-key auth', ctx)
  const provider = new common.SimpleAuthenticationDetailsProvider(
    tenancy,
    user,
    fingerprint,
    privateKey,
    options.passphrase ?? null,
  )
  return staticAuth('api-key', provider, tenancy, options.region)
}

/**
 * OCI finds the public key by the keyId's fingerprint, so a fingerprint that does not belong to
 * the private key fails every request with a bare 401. Say so up front (a warning, not an error:
 * emulators and tests may use placeholder fingerprints).
 */
function warnOnFingerprintMismatch(
  fingerprint: string,
  privateKey: string,
  passphrase: string | undefined,
  where: string,
  ctx: AuthContext,
): void {
  const actual = fingerprintOf(privateKey, passphrase)
  if (fingerprint.toLowerCase() !== actual) {
    ctx.logger?.warn(
      `${where}: fingerprint ${fingerprint} does not match the private key (whose fingerprint is ${actual}); OCI will reject the requests`,
    )
  }
}

function staticAuth(
  kind: OciAuth['kind'],
  provider: common.AuthenticationDetailsProvider,
  tenancy: string | undefined,
  region: string | undefined,
  refresh?: () => Promise<void>,
): OciAuth {
  return {
    kind,
    provider,
    tenancy,
    region: region === undefined || region.trim() === '' ? undefined : region.trim(),
    ...(refresh === undefined ? {} : { refresh }),
    close() {},
  }
}

function configFileAuth(options: ConfigFileAuthOptions, ctx: AuthContext): OciAuth | Promise<OciAuth> {
  const file = expandHome(options.configFile ?? join(homedir(), '.oci', 'config'))
  const profile = options.profile ?? 'DEFAULT'
  const where = `config file ${file} profile [${profile}]`
  let content: string
  try {
    content = readFileSync(file, 'utf8')
  } catch (error) {
    throw new CoreError(
      'CORE_AUTH_CONFIG',
      `${where}: cannot be read: ${errorMessage(error)}`,
      { value: file },
      {
        cause: error,
      },
    )
  }
  const values = parseConfigProfile(content, profile, where)
  const get = (key: string): string | undefined => {
    const value = values.get(key)
    return value === undefined || value === '' ? undefined : value
  }
  const region = options.region ?? get('region')
  const authType = get('authentication_type')
  if (authType === 'instance_principal') {
    return instancePrincipalAuth({
      kind: 'instance-principal',
      ...(region === undefined ? {} : { region }),
      ...(get('tenancy') === undefined ? {} : { tenancy: get('tenancy')! }),
    })
  }
  if (authType !== undefined) {
    throw new CoreError(
      'CORE_AUTH_CONFIG',
      `${where}: authentication_type must be instance_principal, got ${authType}`,
      {
        value: authType,
      },
    )
  }
  const tenancy = required(get('tenancy'), `${where}: tenancy`)
  const keyFile = expandHome(required(get('key_file'), `${where}: key_file`))
  const passphrase = get('pass_phrase')
  let keyPem: string
  try {
    keyPem = readFileSync(keyFile, 'utf8')
  } catch (error) {
    throw new CoreError(
      'CORE_AUTH_CONFIG',
      `${where}: key_file cannot be read, got ${keyFile}: ${errorMessage(error)}`,
      {
        value: keyFile,
      },
    )
  }
  keyPem = checkPrivateKey(keyPem, passphrase, `${where}: key_file ${keyFile}`)
  const tokenFile = get('security_token_file')
  if (tokenFile !== undefined) {
    const provider = new SessionTokenFileProvider(expandHome(tokenFile), keyPem, passphrase)
    ctx.logger?.debug(`auth: ${where} signs with the session token in ${tokenFile}`)
    return staticAuth('config', provider, tenancy, region, async () => {
      await provider.refresh()
    })
  }
  const user = required(get('user'), `${where}: user`)
  const fingerprint = required(get('fingerprint'), `${where}: fingerprint`)
  warnOnFingerprintMismatch(fingerprint, keyPem, passphrase, where, ctx)
  const provider = new common.SimpleAuthenticationDetailsProvider(
    tenancy,
    user,
    fingerprint,
    keyPem,
    passphrase ?? null,
  )
  return staticAuth('config', provider, tenancy, region)
}

/** The profile's keys, with DEFAULT's keys inherited as the OCI CLI does. */
function parseConfigProfile(content: string, profile: string, where: string): Map<string, string> {
  const profiles = new Map<string, Map<string, string>>()
  let current: Map<string, string> | undefined
  const lines = content.split(/\r?\n/)
  for (const [index, raw] of lines.entries()) {
    const line = raw.trim()
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue
    if (line.startsWith('[') && line.endsWith(']')) {
      const name = line.slice(1, -1).trim()
      current = profiles.get(name) ?? new Map<string, string>()
      profiles.set(name, current)
      continue
    }
    const eq = line.indexOf('=')
    if (eq <= 0 || current === undefined) {
      // The line may hold a secret (pass_phrase): name its position, never its text.
      throw new CoreError(
        'CORE_AUTH_CONFIG',
        `${where}: line ${index + 1} must be [profile] or key=value inside a profile, got a line of ${line.length} characters`,
      )
    }
    current.set(line.slice(0, eq).trim(), line.slice(eq + 1).trim())
  }
  const selected = profiles.get(profile)
  if (selected === undefined) {
    const known = [...profiles.keys()].join(', ') || 'none'
    throw new CoreError('CORE_AUTH_CONFIG', `${where}: no such profile (profiles: ${known})`, {
      value: profile,
    })
  }
  return new Map([...(profiles.get('DEFAULT') ?? new Map<string, string>()), ...selected])
}

function expandHome(path: string): string {
  return path === '~' ? homedir() : path.startsWith('~/') ? join(homedir(), path.slice(2)) : path
}

async function instancePrincipalAuth(options: InstancePrincipalAuthOptions): Promise<OciAuth> {
  const builder = new common.InstancePrincipalsAuthenticationDetailsProviderBuilder()
  if (options.metadataBaseUrl !== undefined) builder.metadataBaseUrl = options.metadataBaseUrl
  let provider: Awaited<ReturnType<typeof builder.build>>
  try {
    provider = await builder.build()
  } catch (error) {
    throw new CoreError(
      'CORE_AUTH_CONFIG',
      `instance principal: cannot get an identity from the instance metadata service (not on an OCI instance, or no dynamic group?): ${errorMessage(error)}`,
      {},
      { cause: error },
    )
  }
  const region = options.region ?? regionIdOf(provider)
  return {
    kind: 'instance-principal',
    provider,
    tenancy: options.tenancy,
    region,
    refresh: async () => {
      await provider.refresh()
    },
    close: () => provider.closeProvider(),
  }
}

type ResourcePrincipalProvider = common.ResourcePrincipalAuthenticationDetailsProvider

async function resourcePrincipalAuth(options: ResourcePrincipalAuthOptions): Promise<OciAuth> {
  const sessionToken = required(
    options.sessionToken,
    'resource principal: session token (OCI_RESOURCE_PRINCIPAL_RPST)',
  )
  const privateKey = required(
    options.privateKey,
    'resource principal: private key (OCI_RESOURCE_PRINCIPAL_PRIVATE_PEM)',
  )
  const regionInput = required(options.region, 'resource principal: region (OCI_RESOURCE_PRINCIPAL_REGION)')
  const passphrase = options.passphrase
  if (!isAbsolute(privateKey)) checkPrivateKey(privateKey, passphrase, 'resource principal: private key')
  if (isAbsolute(privateKey) && passphrase !== undefined && !isAbsolute(passphrase)) {
    throw new CoreError(
      'CORE_AUTH_CONFIG',
      'resource principal: passphrase must be a file path when the private key is a file path, got a value',
    )
  }
  const regionId = common.Region.getRegionIdFromShortCode(regionInput)
  let provider: ResourcePrincipalProvider
  try {
    // The same pieces the SDK's v2.2 builder assembles from environment variables, given values.
    const keySupplier = isAbsolute(privateKey)
      ? new (cjsDefault(fileKeySupplierModule))(privateKey, passphrase)
      : new (cjsDefault(fixedKeySupplierModule))(privateKey, passphrase)
    const federationClient = isAbsolute(sessionToken)
      ? new (cjsDefault(fileRpstClientModule))(keySupplier, sessionToken)
      : new (cjsDefault(fixedRpstClientModule))(sessionToken, keySupplier)
    provider = new common.ResourcePrincipalAuthenticationDetailsProvider(
      federationClient,
      keySupplier,
      common.Region.fromRegionId(regionId),
    )
  } catch (error) {
    throw new CoreError(
      'CORE_AUTH_CONFIG',
      `resource principal: cannot be set up: ${errorMessage(error)}`,
      { value: regionId },
      { cause: error },
    )
  }
  const claim = await provider.getStringClaim('res_tenant').catch(() => null)
  return {
    kind: 'resource-principal',
    provider,
    tenancy: typeof claim === 'string' && claim !== '' ? claim : undefined,
    region: regionId,
    refresh: async () => {
      await provider.refresh()
    },
    close: () => provider.closeProvider(),
  }
}

/**
 * Map a resource-principal runtime's environment (OCI Functions sets these) to options. Entry
 * points call it with `process.env`; core itself reads no environment.
 */
export function resourcePrincipalOptionsFromEnv(
  env: Readonly<Record<string, string | undefined>>,
): ResourcePrincipalAuthOptions {
  const version = env['OCI_RESOURCE_PRINCIPAL_VERSION']
  if (version !== undefined && version !== '2.2') {
    throw new CoreError('CORE_AUTH_CONFIG', `OCI_RESOURCE_PRINCIPAL_VERSION: must be 2.2, got ${version}`, {
      value: version,
    })
  }
  const pick = (name: string): Record<string, string> => {
    const value = env[name]
    return value === undefined || value === '' ? {} : { [name]: value }
  }
  const token = pick('OCI_RESOURCE_PRINCIPAL_RPST')['OCI_RESOURCE_PRINCIPAL_RPST']
  const key = pick('OCI_RESOURCE_PRINCIPAL_PRIVATE_PEM')['OCI_RESOURCE_PRINCIPAL_PRIVATE_PEM']
  const passphrase = pick('OCI_RESOURCE_PRINCIPAL_PRIVATE_PEM_PASSPHRASE')[
    'OCI_RESOURCE_PRINCIPAL_PRIVATE_PEM_PASSPHRASE'
  ]
  const region = pick('OCI_RESOURCE_PRINCIPAL_REGION')['OCI_RESOURCE_PRINCIPAL_REGION']
  return {
    kind: 'resource-principal',
    ...(token === undefined ? {} : { sessionToken: token }),
    ...(key === undefined ? {} : { privateKey: key }),
    ...(passphrase === undefined ? {} : { passphrase }),
    ...(region === undefined ? {} : { region }),
  }
}

async function oidcAuth(options: OidcAuthOptions, ctx: AuthContext): Promise<OciAuth> {
  const identityDomainUrl = required(options.identityDomainUrl, 'oidc auth: identity domain URL')
  let parsed: URL | undefined
  try {
    parsed = new URL(identityDomainUrl)
  } catch {
    parsed = undefined
  }
  if (
    parsed === undefined ||
    (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') ||
    parsed.username !== '' ||
    parsed.password !== '' ||
    parsed.pathname !== '/' ||
    parsed.search !== '' ||
    parsed.hash !== ''
  ) {
    // Never echo userinfo: it would be a password.
    const shown =
      parsed !== undefined && (parsed.username !== '' || parsed.password !== '')
        ? `${parsed.protocol}//***@${parsed.host}${parsed.pathname}`
        : identityDomainUrl
    throw new CoreError(
      'CORE_AUTH_CONFIG',
      `oidc auth: identity domain URL must be http(s)://host with no path or credentials, got ${shown}`,
      { value: shown },
    )
  }
  required(options.clientId, 'oidc auth: client id')
  required(options.clientSecret, 'oidc auth: client secret')
  const tenancy = required(options.tenancy, 'oidc auth: tenancy')
  if (typeof options.getIdToken !== 'function') {
    throw new CoreError(
      'CORE_AUTH_CONFIG',
      'oidc auth: getIdToken must be a function returning a fresh OIDC JWT',
    )
  }
  if (
    options.refreshMarginSeconds !== undefined &&
    (!Number.isFinite(options.refreshMarginSeconds) || options.refreshMarginSeconds < 0)
  ) {
    throw new CoreError(
      'CORE_INVALID_OPTION',
      `oidc auth: refreshMarginSeconds must be a number >= 0, got ${options.refreshMarginSeconds}`,
    )
  }
  const key = await createSessionKey()
  const provider = new TokenExchangeProvider({ ...options, identityDomainUrl }, key, {
    fetch: ctx.fetch ?? globalThis.fetch,
    logger: ctx.logger,
    now: ctx.now ?? Date.now,
  })
  // Exchange now: a misconfigured trust should fail before any listing starts.
  await provider.refresh()
  return staticAuth('oidc', provider, tenancy, options.region, async () => {
    await provider.refresh()
  })
}

/**
 * The class a CommonJS `exports.default = X` module holds. Node's ESM loader hands over
 * `module.exports` (so `.default` is the class); bundlers and vitest may unwrap it already.
 */
function cjsDefault<T>(mod: { default: T } | T): T {
  return typeof mod === 'function' ? (mod as T) : (mod as { default: T }).default
}

function regionIdOf(provider: unknown): string | undefined {
  if (!common.isRegionProvider(provider)) return undefined
  const region = provider.getRegion() as common.Region | undefined
  return region?.regionId
}
