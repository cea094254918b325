import { ActionError } from './errors.js'

/** Inputs both actions take: how to reach OCI. Names match action.yml and load/action.yml. */
export const AUTH_INPUTS = {
  auth: 'auth',
  tenancyOcid: 'tenancy-ocid',
  identityDomainUrl: 'identity-domain-url',
  oidcClientId: 'oidc-client-id',
  oidcClientSecret: 'oidc-client-secret',
  oidcAudience: 'oidc-audience',
  userOcid: 'user-ocid',
  fingerprint: 'fingerprint',
  privateKey: 'private-key',
  privateKeyPassphrase: 'private-key-passphrase',
  region: 'region',
  endpoint: 'endpoint',
} as const

/** The copy action's inputs (action.yml). */
export const COPY_INPUTS = {
  ...AUTH_INPUTS,
  homeRegion: 'home-region',
  reportType: 'report-type',
  date: 'date',
  from: 'from',
  to: 'to',
  lookbackDays: 'lookback-days',
  destNamespace: 'dest-namespace',
  destBucket: 'dest-bucket',
  destPrefix: 'dest-prefix',
  keepCompressed: 'keep-compressed',
  concurrency: 'concurrency',
  dryRun: 'dry-run',
} as const

/** The load action's inputs (load/action.yml). */
export const LOAD_INPUTS = {
  ...AUTH_INPUTS,
  namespace: 'namespace',
  bucket: 'bucket',
  prefix: 'prefix',
  dbConnectString: 'db-connect-string',
  dbUser: 'db-user',
  dbPassword: 'db-password',
  dbWallet: 'db-wallet',
  dbWalletPassword: 'db-wallet-password',
  table: 'table',
  onError: 'on-error',
} as const

/** Inputs masked before anything else runs. The OIDC JWT and the UPST are masked where they appear. */
export const SECRET_INPUTS = [
  AUTH_INPUTS.oidcClientSecret,
  AUTH_INPUTS.privateKey,
  AUTH_INPUTS.privateKeyPassphrase,
  LOAD_INPUTS.dbPassword,
  LOAD_INPUTS.dbWallet,
  LOAD_INPUTS.dbWalletPassword,
] as const

/** Reads one raw input by its kebab-case name (`core.getInput` in the action, a map in tests). */
export type InputReader = (name: string) => string

export type AuthInputs =
  | {
      readonly kind: 'oidc'
      readonly tenancy: string
      readonly identityDomainUrl: string
      readonly clientId: string
      readonly clientSecret: string
      readonly audience: string
    }
  | {
      readonly kind: 'api-key'
      readonly tenancy: string
      readonly user: string
      readonly fingerprint: string
      readonly privateKey: string
      readonly passphrase?: string
    }

export interface CommonInputs {
  readonly auth: AuthInputs
  readonly region?: string
  readonly endpoint?: string
  /** Inputs that were given but do not apply (e.g. `private-key` with `auth: oidc`). */
  readonly ignored: readonly string[]
}

export const REPORT_TYPES = ['focus', 'cost', 'usage'] as const
export type ReportType = (typeof REPORT_TYPES)[number]

export interface CopyInputs extends CommonInputs {
  readonly homeRegion?: string
  readonly window: {
    readonly kind: ReportType
    readonly date?: string
    readonly from?: string
    readonly to?: string
    readonly lookbackDays?: number
  }
  readonly destination: { readonly bucket: string; readonly namespace?: string; readonly prefix?: string }
  readonly keepCompressed: boolean
  readonly concurrency: number
  readonly dryRun: boolean
}

export const ON_ERROR_MODES = ['fail-file', 'reject-rows'] as const
export type OnErrorMode = (typeof ON_ERROR_MODES)[number]

export interface LoadInputs extends CommonInputs {
  readonly source: { readonly bucket: string; readonly namespace?: string; readonly prefix?: string }
  readonly database: {
    readonly connectString: string
    readonly user: string
    readonly password: string
    /** base64 of the wallet zip */
    readonly wallet?: string
    readonly walletPassword?: string
  }
  readonly table: string
  readonly onError: OnErrorMode
}

/** The copy action's window default when no day, range or look-back is given. */
export const DEFAULT_LOOKBACK_DAYS = 3
const MAX_CONCURRENCY = 64
// Matches the retention OCI keeps reports for, so a typo like 3650 fails here, not after listing.
const MAX_LOOKBACK_DAYS = 366

/** Parses and validates the copy action's inputs. Throws ActionError naming the input and value. */
export function parseCopyInputs(get: InputReader): CopyInputs {
  const read = reader(get)
  const common = parseCommon(read)
  const date = optionalDay(read, COPY_INPUTS.date)
  const from = optionalDay(read, COPY_INPUTS.from)
  const to = optionalDay(read, COPY_INPUTS.to)
  const lookback = read.optional(COPY_INPUTS.lookbackDays)
  if ((from === undefined) !== (to === undefined)) {
    const [given, missing] = from === undefined ? ['to', 'from'] : ['from', 'to']
    throw invalid(missing, `required together with '${given}'`, '')
  }
  if (date !== undefined && from !== undefined) {
    throw invalid('date', `give either 'date' or 'from'/'to', not both`, date)
  }
  if (lookback !== undefined && (date !== undefined || from !== undefined)) {
    throw invalid(
      COPY_INPUTS.lookbackDays,
      `give either 'lookback-days' or '${date !== undefined ? 'date' : 'from/to'}', not both`,
      lookback,
    )
  }
  if (from !== undefined && to !== undefined && from > to) {
    throw invalid(COPY_INPUTS.from, `must not be after 'to' (${to})`, from)
  }
  const window: CopyInputs['window'] = {
    kind: oneOf(read, COPY_INPUTS.reportType, REPORT_TYPES, 'focus'),
    ...(date !== undefined && { date }),
    ...(from !== undefined && to !== undefined && { from, to }),
    ...(date === undefined &&
      from === undefined && {
        lookbackDays:
          lookback === undefined
            ? DEFAULT_LOOKBACK_DAYS
            : integer(COPY_INPUTS.lookbackDays, lookback, 1, MAX_LOOKBACK_DAYS),
      }),
  }
  const homeRegion = optionalRegion(read, COPY_INPUTS.homeRegion)
  const namespace = read.optional(COPY_INPUTS.destNamespace)
  const prefix = read.optional(COPY_INPUTS.destPrefix)
  const concurrency = read.optional(COPY_INPUTS.concurrency)
  return {
    ...common,
    ...(homeRegion !== undefined && { homeRegion }),
    window,
    destination: {
      bucket: bucketName(COPY_INPUTS.destBucket, read.required(COPY_INPUTS.destBucket)),
      ...(namespace !== undefined && { namespace }),
      ...(prefix !== undefined && { prefix }),
    },
    keepCompressed: boolean(read, COPY_INPUTS.keepCompressed, false),
    concurrency:
      concurrency === undefined ? 4 : integer(COPY_INPUTS.concurrency, concurrency, 1, MAX_CONCURRENCY),
    dryRun: boolean(read, COPY_INPUTS.dryRun, false),
  }
}

/** Parses and validates the load action's inputs. Throws ActionError naming the input and value. */
export function parseLoadInputs(get: InputReader): LoadInputs {
  const read = reader(get)
  const common = parseCommon(read)
  const namespace = read.optional(LOAD_INPUTS.namespace)
  const prefix = read.optional(LOAD_INPUTS.prefix)
  const wallet = read.optional(LOAD_INPUTS.dbWallet)
  const walletPassword = read.optional(LOAD_INPUTS.dbWalletPassword)
  if (wallet !== undefined && !/^[A-Za-z0-9+/=\s]+$/.test(wallet)) {
    // Never echo the value: it is a secret.
    throw new ActionError('ACTION_INVALID_INPUT', `input 'db-wallet': must be base64 of the wallet zip`, {
      input: LOAD_INPUTS.dbWallet,
    })
  }
  const table = read.optional(LOAD_INPUTS.table) ?? 'OCI_FOCUS'
  // The loader names the ledger, rejects and views after the table, so it takes this subset of
  // Oracle identifiers.
  if (!/^[A-Za-z][A-Za-z0-9_]{0,99}$/.test(table)) {
    throw invalid(LOAD_INPUTS.table, 'must be a letter then letters, digits or _ (at most 100)', table)
  }
  return {
    ...common,
    source: {
      bucket: bucketName(LOAD_INPUTS.bucket, read.required(LOAD_INPUTS.bucket)),
      ...(namespace !== undefined && { namespace }),
      ...(prefix !== undefined && { prefix }),
    },
    database: {
      connectString: read.required(LOAD_INPUTS.dbConnectString),
      user: read.required(LOAD_INPUTS.dbUser),
      password: read.required(LOAD_INPUTS.dbPassword, { secret: true }),
      ...(wallet !== undefined && { wallet }),
      ...(walletPassword !== undefined && { walletPassword }),
    },
    table,
    onError: oneOf(read, LOAD_INPUTS.onError, ON_ERROR_MODES, 'fail-file'),
  }
}

interface Reader {
  /** The trimmed value, or undefined for an empty or missing input. */
  optional(name: string): string | undefined
  required(name: string, options?: { secret?: boolean }): string
}

function reader(get: InputReader): Reader {
  return {
    optional(name) {
      const value = get(name).trim()
      return value === '' ? undefined : value
    },
    required(name, options) {
      const value = this.optional(name)
      if (value === undefined) {
        throw new ActionError(
          'ACTION_INVALID_INPUT',
          `input '${name}': required${options?.secret === true ? ' (pass it from a secret)' : ''}, got nothing`,
          { input: name },
        )
      }
      return value
    },
  }
}

function parseCommon(read: Reader): CommonInputs {
  const kind = oneOf(read, AUTH_INPUTS.auth, ['oidc', 'api-key'] as const, 'oidc')
  const tenancy = ocid(AUTH_INPUTS.tenancyOcid, read.required(AUTH_INPUTS.tenancyOcid), 'tenancy')
  let auth: AuthInputs
  let unused: readonly string[]
  if (kind === 'oidc') {
    const url = read.required(AUTH_INPUTS.identityDomainUrl)
    auth = {
      kind,
      tenancy,
      identityDomainUrl: httpUrl(AUTH_INPUTS.identityDomainUrl, url),
      clientId: read.required(AUTH_INPUTS.oidcClientId),
      clientSecret: read.required(AUTH_INPUTS.oidcClientSecret, { secret: true }),
      audience: read.optional(AUTH_INPUTS.oidcAudience) ?? 'https://cloud.oracle.com',
    }
    unused = [
      AUTH_INPUTS.userOcid,
      AUTH_INPUTS.fingerprint,
      AUTH_INPUTS.privateKey,
      AUTH_INPUTS.privateKeyPassphrase,
    ]
  } else {
    const privateKey = read.required(AUTH_INPUTS.privateKey, { secret: true })
    if (!/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(privateKey)) {
      throw new ActionError(
        'ACTION_INVALID_INPUT',
        `input 'private-key': must be a PEM private key starting with '-----BEGIN ... PRIVATE KEY-----', got a value without that line`,
        { input: AUTH_INPUTS.privateKey },
      )
    }
    const passphrase = read.optional(AUTH_INPUTS.privateKeyPassphrase)
    const fingerprint = read.required(AUTH_INPUTS.fingerprint)
    if (!/^([0-9a-f]{2}:){15}[0-9a-f]{2}$/i.test(fingerprint)) {
      throw invalid(AUTH_INPUTS.fingerprint, 'must be 16 colon-separated hex bytes (aa:bb:...)', fingerprint)
    }
    auth = {
      kind,
      tenancy,
      user: ocid(AUTH_INPUTS.userOcid, read.required(AUTH_INPUTS.userOcid), 'user'),
      fingerprint: fingerprint.toLowerCase(),
      privateKey,
      ...(passphrase !== undefined && { passphrase }),
    }
    // oidc-audience has a default in action.yml, so it always arrives with a value: not "given".
    unused = [AUTH_INPUTS.identityDomainUrl, AUTH_INPUTS.oidcClientId, AUTH_INPUTS.oidcClientSecret]
  }
  const region = optionalRegion(read, AUTH_INPUTS.region)
  const endpoint = read.optional(AUTH_INPUTS.endpoint)
  return {
    auth,
    ...(region !== undefined && { region }),
    ...(endpoint !== undefined && { endpoint: httpUrl(AUTH_INPUTS.endpoint, endpoint) }),
    ignored: unused.filter((name) => read.optional(name) !== undefined),
  }
}

function invalid(input: string, rule: string, value: string): ActionError {
  return new ActionError('ACTION_INVALID_INPUT', `input '${input}': ${rule}, got ${JSON.stringify(value)}`, {
    input,
    value,
  })
}

function oneOf<const T extends readonly string[]>(
  read: Reader,
  name: string,
  allowed: T,
  fallback: T[number],
): T[number] {
  const value = read.optional(name)
  if (value === undefined) return fallback
  if (!allowed.includes(value)) throw invalid(name, `must be one of ${allowed.join(', ')}`, value)
  return value
}

// YAML 1.2 core schema booleans, the same set core.getBooleanInput accepts.
function boolean(read: Reader, name: string, fallback: boolean): boolean {
  const value = read.optional(name)
  if (value === undefined) return fallback
  if (['true', 'True', 'TRUE'].includes(value)) return true
  if (['false', 'False', 'FALSE'].includes(value)) return false
  throw invalid(name, 'must be true or false', value)
}

function integer(name: string, value: string, min: number, max: number): number {
  const parsed = /^\d+$/.test(value) ? Number(value) : Number.NaN
  if (!Number.isSafeInteger(parsed) || parsed < min || parsed > max) {
    throw invalid(name, `must be a whole number from ${min} to ${max}`, value)
  }
  return parsed
}

function optionalDay(read: Reader, name: string): string | undefined {
  const value = read.optional(name)
  if (value === undefined) return undefined
  const date = new Date(`${value}T00:00:00Z`)
  if (
    !/^\d{4}-\d{2}-\d{2}$/.test(value) ||
    Number.isNaN(date.getTime()) ||
    date.toISOString().slice(0, 10) !== value
  ) {
    throw invalid(name, 'must be a UTC calendar day YYYY-MM-DD', value)
  }
  return value
}

function optionalRegion(read: Reader, name: string): string | undefined {
  const value = read.optional(name)
  if (value !== undefined && !/^[a-z]{2,}(-[a-z0-9]+)+-\d+$/.test(value)) {
    throw invalid(name, 'must be a region identifier such as eu-frankfurt-1', value)
  }
  return value
}

function ocid(name: string, value: string, type: string): string {
  if (!new RegExp(`^ocid1\\.${type}\\.[a-z0-9._-]+$`).test(value)) {
    throw invalid(name, `must be a ${type} OCID (ocid1.${type}.oc1..<id>)`, value)
  }
  return value
}

function httpUrl(name: string, value: string): string {
  let url: URL
  try {
    url = new URL(value)
  } catch {
    throw invalid(name, 'must be an http(s) URL', value)
  }
  if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.username !== '' || url.password !== '') {
    throw invalid(name, 'must be an http(s) URL without credentials', url.protocol + '//' + url.host)
  }
  return value.replace(/\/+$/, '')
}

// Bucket names: letters, digits, '-', '_' and '.', up to 256 characters (OCI's rule).
function bucketName(name: string, value: string): string {
  if (!/^[A-Za-z0-9._-]{1,256}$/.test(value)) {
    throw invalid(name, "must be a bucket name (letters, digits, '-', '_', '.')", value)
  }
  return value
}
