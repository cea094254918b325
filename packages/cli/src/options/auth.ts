import { access, readFile } from 'node:fs/promises'
import { homedir } from 'node:os'
import { isAbsolute, join, resolve } from 'node:path'
import { type AuthOptions, resourcePrincipalOptionsFromEnv } from '@oci-focus/core'
import type { ParsedFlags } from '../args/parse.js'
import { CliError } from '../errors.js'
import type { CliEnv } from '../io.js'
import type { Redactor } from '../output/redact.js'

export type AuthMode = Extract<AuthOptions['kind'], string>

export interface AuthFromEnvContext {
  readonly flags: ParsedFlags
  readonly env: CliEnv
  readonly redactor: Redactor
  readonly cwd: string
  /** Used for the GitHub Actions token request; default the global fetch. */
  readonly fetch?: typeof fetch
}

// The OCI CLI's OCI_CLI_AUTH spellings, mapped to ours. A session-token profile lives in the config file.
const OCI_CLI_AUTH_NAMES: Readonly<Record<string, AuthMode>> = {
  api_key: 'api-key',
  'api-key': 'api-key',
  security_token: 'config',
  config: 'config',
  instance_principal: 'instance-principal',
  'instance-principal': 'instance-principal',
  resource_principal: 'resource-principal',
  'resource-principal': 'resource-principal',
  oidc: 'oidc',
}

function value(env: CliEnv, name: string): string | undefined {
  const v = env[name]
  return v === undefined || v.trim() === '' ? undefined : v
}

/** `~/x` → `$HOME/x`, relative → against cwd. */
export function expandPath(path: string, env: CliEnv, cwd: string): string {
  if (path === '~' || path.startsWith('~/')) return join(value(env, 'HOME') ?? homedir(), path.slice(1))
  return isAbsolute(path) ? path : resolve(cwd, path)
}

/** Which auth mode the flags and environment ask for. */
export function authModeOf(flags: ParsedFlags, env: CliEnv): AuthMode {
  const flag = flags.string('auth')
  if (flag !== undefined) return flag as AuthMode
  const fromEnv = value(env, 'OCI_CLI_AUTH')
  if (fromEnv !== undefined) {
    const mode = OCI_CLI_AUTH_NAMES[fromEnv.trim().toLowerCase()]
    if (!mode) {
      throw CliError.usage(
        `Invalid OCI_CLI_AUTH: expected one of ${Object.keys(OCI_CLI_AUTH_NAMES).join(', ')}, got ${JSON.stringify(fromEnv)}`,
        { flag: 'OCI_CLI_AUTH', value: fromEnv },
      )
    }
    return mode
  }
  const hasApiKey =
    value(env, 'OCI_CLI_USER') !== undefined &&
    value(env, 'OCI_CLI_FINGERPRINT') !== undefined &&
    (value(env, 'OCI_CLI_KEY_CONTENT') !== undefined || value(env, 'OCI_CLI_KEY_FILE') !== undefined)
  return hasApiKey ? 'api-key' : 'config'
}

/**
 * Builds core's AuthOptions from flags and the OCI CLI environment variables. Every secret read
 * here is registered with the redactor before anything can fail or print.
 */
export async function authFromEnv(ctx: AuthFromEnvContext): Promise<AuthOptions> {
  const { flags, env, redactor } = ctx
  for (const name of ['OCI_CLI_KEY_CONTENT', 'OCI_CLI_PASSPHRASE', 'OCI_OIDC_CLIENT_SECRET']) {
    redactor.add(value(env, name))
  }
  const mode = authModeOf(flags, env)
  const region = value(env, 'OCI_CLI_REGION')
  const tenancy = value(env, 'OCI_CLI_TENANCY') ?? flags.string('tenancy')
  const withRegion = region === undefined ? {} : { region }

  switch (mode) {
    case 'api-key': {
      const user = value(env, 'OCI_CLI_USER')
      const fingerprint = value(env, 'OCI_CLI_FINGERPRINT')
      const keyFile = value(env, 'OCI_CLI_KEY_FILE')
      let privateKey = value(env, 'OCI_CLI_KEY_CONTENT')
      const missing = [
        tenancy === undefined && 'OCI_CLI_TENANCY (or --tenancy)',
        user === undefined && 'OCI_CLI_USER',
        fingerprint === undefined && 'OCI_CLI_FINGERPRINT',
        privateKey === undefined && keyFile === undefined && 'OCI_CLI_KEY_CONTENT or OCI_CLI_KEY_FILE',
      ].filter((item): item is string => typeof item === 'string')
      if (missing.length > 0 || tenancy === undefined || user === undefined || fingerprint === undefined) {
        throw CliError.usage(`API-key auth: needs ${missing.join(', ')}, got them unset`, {
          flag: 'auth',
          value: mode,
        })
      }
      if (privateKey === undefined && keyFile !== undefined) {
        const path = expandPath(keyFile, env, ctx.cwd)
        try {
          privateKey = await readFile(path, 'utf8')
        } catch (error) {
          throw CliError.usage(
            `OCI_CLI_KEY_FILE: must be a readable private key file, got ${path} (${(error as NodeJS.ErrnoException).code ?? 'unreadable'})`,
            { flag: 'OCI_CLI_KEY_FILE', value: path },
          )
        }
        redactor.add(privateKey)
      }
      const passphrase = value(env, 'OCI_CLI_PASSPHRASE')
      return {
        kind: 'api-key',
        tenancy,
        user,
        fingerprint,
        privateKey: privateKey ?? '',
        ...(passphrase === undefined ? {} : { passphrase }),
        ...withRegion,
      }
    }
    case 'config': {
      const configFile = expandPath(flags.string('config-file') ?? '~/.oci/config', env, ctx.cwd)
      try {
        await access(configFile)
      } catch {
        throw CliError.usage(
          `No OCI credentials: expected the config file ${configFile} (--config-file, OCI_CONFIG_FILE), ` +
            'or OCI_CLI_USER, OCI_CLI_TENANCY, OCI_CLI_FINGERPRINT and OCI_CLI_KEY_CONTENT, or another --auth; got none',
          { flag: 'config-file', value: configFile },
        )
      }
      return { kind: 'config', configFile, profile: flags.string('profile') ?? 'DEFAULT', ...withRegion }
    }
    case 'instance-principal':
      return { kind: 'instance-principal', ...withRegion, ...(tenancy === undefined ? {} : { tenancy }) }
    case 'resource-principal': {
      const options = resourcePrincipalOptionsFromEnv(env)
      redactor.add(options.privateKey)
      redactor.add(options.sessionToken)
      redactor.add(options.passphrase)
      return options
    }
    case 'oidc':
      return oidcAuth(ctx, tenancy, region)
  }
}

async function oidcAuth(ctx: AuthFromEnvContext, tenancy: string | undefined, region: string | undefined) {
  const { flags, env, redactor } = ctx
  const identityDomainUrl = flags.string('identity-domain-url')
  const clientId = flags.string('oidc-client-id')
  const clientSecret = value(env, 'OCI_OIDC_CLIENT_SECRET')
  const tokenFile = value(env, 'OCI_OIDC_TOKEN_FILE')
  const requestUrl = value(env, 'ACTIONS_ID_TOKEN_REQUEST_URL')
  const requestToken = value(env, 'ACTIONS_ID_TOKEN_REQUEST_TOKEN')
  redactor.add(requestToken)
  const missing = [
    identityDomainUrl === undefined && '--identity-domain-url',
    clientId === undefined && '--oidc-client-id',
    clientSecret === undefined && 'OCI_OIDC_CLIENT_SECRET',
    tenancy === undefined && 'OCI_CLI_TENANCY (or --tenancy)',
    tokenFile === undefined &&
      (requestUrl === undefined || requestToken === undefined) &&
      'OCI_OIDC_TOKEN_FILE or ACTIONS_ID_TOKEN_REQUEST_URL + ACTIONS_ID_TOKEN_REQUEST_TOKEN',
  ].filter((item): item is string => typeof item === 'string')
  if (
    missing.length > 0 ||
    identityDomainUrl === undefined ||
    clientId === undefined ||
    clientSecret === undefined ||
    tenancy === undefined
  ) {
    throw CliError.usage(`OIDC auth: needs ${missing.join(', ')}, got them unset`, {
      flag: 'auth',
      value: 'oidc',
    })
  }

  const audience = flags.string('oidc-audience') ?? 'https://cloud.oracle.com'
  const fetchImpl = ctx.fetch ?? fetch
  // A token file wins: Kubernetes and GitLab rotate a projected file; read it fresh for each exchange.
  const getIdToken = async (): Promise<string> => {
    if (tokenFile !== undefined) {
      const path = expandPath(tokenFile, env, ctx.cwd)
      let token: string
      try {
        token = (await readFile(path, 'utf8')).trim()
      } catch (error) {
        throw new CliError(
          'CLI_FAILED',
          `OCI_OIDC_TOKEN_FILE: must be a readable file holding a JWT, got ${path} (${(error as NodeJS.ErrnoException).code ?? 'unreadable'})`,
          { flag: 'OCI_OIDC_TOKEN_FILE', value: path },
        )
      }
      redactor.add(token)
      return token
    }
    return requestActionsIdToken(fetchImpl, requestUrl ?? '', requestToken ?? '', audience, redactor)
  }

  return {
    kind: 'oidc' as const,
    identityDomainUrl,
    clientId,
    clientSecret,
    getIdToken,
    tenancy,
    ...(region === undefined ? {} : { region }),
  }
}

/** What `core.getIDToken(audience)` does in an action: GET the runner's endpoint, answer `{ value }`. */
async function requestActionsIdToken(
  fetchImpl: typeof fetch,
  requestUrl: string,
  requestToken: string,
  audience: string,
  redactor: Redactor,
): Promise<string> {
  let url: URL
  try {
    url = new URL(requestUrl)
  } catch {
    throw CliError.usage(`ACTIONS_ID_TOKEN_REQUEST_URL: must be a URL, got ${JSON.stringify(requestUrl)}`, {
      flag: 'ACTIONS_ID_TOKEN_REQUEST_URL',
    })
  }
  url.searchParams.set('audience', audience)
  const response = await fetchImpl(url, {
    headers: { authorization: `Bearer ${requestToken}`, accept: 'application/json' },
  })
  const text = await response.text()
  if (!response.ok) {
    throw new CliError(
      'CLI_FAILED',
      `GitHub OIDC token request: expected HTTP 200, got ${response.status} (${text.slice(0, 200)})`,
    )
  }
  let token: unknown
  try {
    token = (JSON.parse(text) as { value?: unknown }).value
  } catch {
    token = undefined
  }
  if (typeof token !== 'string' || token === '') {
    throw new CliError(
      'CLI_FAILED',
      'GitHub OIDC token request: expected JSON { "value": "<jwt>" }, got another answer',
    )
  }
  redactor.add(token)
  return token
}
