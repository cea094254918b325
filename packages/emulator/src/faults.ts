import { EmulatorError } from './errors.js'

/** Operations a fault can target: every Object Storage operation plus the identity and OIDC routes. */
export const FAULT_OPERATIONS = [
  'GetNamespace',
  'GetNamespaceMetadata',
  'ListBuckets',
  'CreateBucket',
  'GetBucket',
  'HeadBucket',
  'DeleteBucket',
  'ListObjects',
  'GetObject',
  'HeadObject',
  'PutObject',
  'DeleteObject',
  'RenameObject',
  'CreateMultipartUpload',
  'ListMultipartUploads',
  'UploadPart',
  'CommitMultipartUpload',
  'AbortMultipartUpload',
  'ListMultipartUploadParts',
  'TokenExchange',
  'OidcTokenRequest',
  'OidcDiscovery',
  '*',
] as const

export type FaultOperation = (typeof FAULT_OPERATIONS)[number]

/**
 * A programmable failure. Matching requests (operation, and object/bucket name patterns when
 * given) get, in order: `latencyMs` of delay, then either a cut connection or an error answer
 * `{ code, message }` with `status`. A spec with only `latencyMs` delays and then answers normally.
 */
export interface FaultSpec {
  operation?: FaultOperation
  /** Object-name pattern: a glob where `*` matches any run of characters (including `/`), or a RegExp. */
  object?: string | RegExp
  /** Bucket-name pattern, same syntax as `object`. */
  bucket?: string | RegExp
  status?: number
  code?: string
  message?: string
  /** How many matching requests get the fault (default 1; Infinity = always). */
  count?: number
  latencyMs?: number
  /** Close the socket mid-body: after reading (`request`) or writing (`response`) `cutAfterBytes` body bytes. */
  cut?: 'request' | 'response'
  /** Default 0: for `response`, the status line and headers go out and then the connection drops. */
  cutAfterBytes?: number
}

/** What the server does for one faulted request. */
export interface FaultAction {
  readonly id: string
  readonly spec: Readonly<FaultSpec>
}

const DEFAULT_CODES: Record<number, string> = {
  400: 'InvalidParameter',
  401: 'NotAuthenticated',
  404: 'NotFound',
  409: 'IncorrectState',
  412: 'IfMatchFailed',
  429: 'TooManyRequests',
  500: 'InternalServerError',
  502: 'BadGateway',
  503: 'ServiceUnavailable',
  504: 'GatewayTimeout',
}

/** The error code a fault answers with when `code` is not given. */
export function defaultFaultCode(status: number): string {
  return DEFAULT_CODES[status] ?? 'InternalServerError'
}

interface ActiveFault {
  id: string
  spec: FaultSpec
  remaining: number
  object: RegExp | undefined
  bucket: RegExp | undefined
}

/** Faults in insertion order; the first active match takes the request and spends one of its count. */
export class FaultRegistry {
  readonly #faults: ActiveFault[] = []
  #nextId = 1

  add(spec: FaultSpec): string {
    validateFaultSpec(spec)
    const id = `fault-${this.#nextId++}`
    this.#faults.push({
      id,
      spec: { ...spec },
      remaining: spec.count ?? 1,
      object: spec.object === undefined ? undefined : toPattern(spec.object),
      bucket: spec.bucket === undefined ? undefined : toPattern(spec.bucket),
    })
    return id
  }

  remove(id: string): void {
    const index = this.#faults.findIndex((fault) => fault.id === id)
    if (index >= 0) this.#faults.splice(index, 1)
  }

  clear(): void {
    this.#faults.length = 0
  }

  /** Active faults with what is left of their count. */
  list(): Array<{ id: string; spec: Readonly<FaultSpec>; remaining: number }> {
    return this.#faults.map(({ id, spec, remaining }) => ({ id, spec, remaining }))
  }

  /** Finds and spends the fault for a request, if any. */
  take(request: {
    operation: string
    bucket?: string | undefined
    object?: string | undefined
  }): FaultAction | undefined {
    for (let index = 0; index < this.#faults.length; index++) {
      const fault = this.#faults[index]!
      const { operation } = fault.spec
      if (operation !== undefined && operation !== '*' && operation !== request.operation) continue
      if (fault.object && (request.object === undefined || !fault.object.test(request.object))) continue
      if (fault.bucket && (request.bucket === undefined || !fault.bucket.test(request.bucket))) continue
      fault.remaining--
      if (fault.remaining <= 0) this.#faults.splice(index, 1)
      return { id: fault.id, spec: fault.spec }
    }
    return undefined
  }
}

function toPattern(pattern: string | RegExp): RegExp {
  if (pattern instanceof RegExp) return new RegExp(pattern.source, pattern.flags.replace(/[gy]/g, ''))
  const escaped = pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')
  return new RegExp(`^${escaped}$`, 's')
}

function validateFaultSpec(spec: FaultSpec): void {
  const fail = (message: string, option: string, value: unknown) => {
    throw new EmulatorError(
      'EMULATOR_INVALID_FAULT_SPEC',
      `fault ${option}: ${message}, got ${String(value)}`,
      {
        option,
        value: String(value),
      },
    )
  }
  if (spec.operation !== undefined && !(FAULT_OPERATIONS as readonly string[]).includes(spec.operation)) {
    fail(`must be one of ${FAULT_OPERATIONS.join(', ')}`, 'operation', spec.operation)
  }
  if (spec.status === undefined && spec.latencyMs === undefined && spec.cut === undefined) {
    fail('a fault needs at least one of status, latencyMs or cut', 'status', 'none')
  }
  if (
    spec.status !== undefined &&
    (!Number.isInteger(spec.status) || spec.status < 100 || spec.status > 599)
  ) {
    fail('must be an HTTP status from 100 to 599', 'status', spec.status)
  }
  if (
    spec.count !== undefined &&
    !(spec.count === Number.POSITIVE_INFINITY || (Number.isInteger(spec.count) && spec.count >= 1))
  ) {
    fail('must be a positive integer or Infinity', 'count', spec.count)
  }
  if (spec.latencyMs !== undefined && !(Number.isFinite(spec.latencyMs) && spec.latencyMs >= 0)) {
    fail('must be a non-negative number of milliseconds', 'latencyMs', spec.latencyMs)
  }
  if (spec.cut !== undefined && spec.cut !== 'request' && spec.cut !== 'response') {
    fail("must be 'request' or 'response'", 'cut', spec.cut)
  }
  if (
    spec.cutAfterBytes !== undefined &&
    !(Number.isInteger(spec.cutAfterBytes) && spec.cutAfterBytes >= 0)
  ) {
    fail('must be a non-negative integer', 'cutAfterBytes', spec.cutAfterBytes)
  }
}

const SPEC_KEYS: Record<string, keyof FaultSpec> = {
  op: 'operation',
  operation: 'operation',
  object: 'object',
  bucket: 'bucket',
  status: 'status',
  code: 'code',
  message: 'message',
  count: 'count',
  latency: 'latencyMs',
  latencyms: 'latencyMs',
  cut: 'cut',
  cutafter: 'cutAfterBytes',
  cutafterbytes: 'cutAfterBytes',
}

/**
 * Parses the compact `--fault` syntax: comma-separated `key=value` pairs, e.g.
 * `op=GetObject,object=*.gz,status=503,count=2` or `op=GetObject,cut=response,cutAfter=64k`.
 * Keys: op|operation, object, bucket (globs with `*`, or `/regex/flags`), status, code, message,
 * count (integer or `inf`), latency|latencyMs (milliseconds), cut (request|response),
 * cutAfter|cutAfterBytes (bytes, with optional k/m/g suffix). A value may be double-quoted to
 * contain commas (`message="slow down, please"`).
 */
export function parseFaultSpec(text: string): FaultSpec {
  const spec: FaultSpec = {}
  const fail = (message: string, value: string): never => {
    throw new EmulatorError('EMULATOR_INVALID_FAULT_SPEC', `fault spec '${text}': ${message}, got ${value}`, {
      option: 'fault',
      value: text,
    })
  }
  for (const [rawKey, value] of splitPairs(text, fail)) {
    const key = SPEC_KEYS[rawKey.toLowerCase()]
    if (!key) fail(`keys are ${Object.keys(SPEC_KEYS).join(', ')}`, `'${rawKey}'`)
    switch (key) {
      case 'operation':
        spec.operation = value as FaultOperation
        break
      case 'object':
      case 'bucket': {
        const regex = /^\/(.*)\/([a-z]*)$/s.exec(value)
        spec[key] = regex ? new RegExp(regex[1]!, regex[2]) : value
        break
      }
      case 'status':
      case 'latencyMs':
        spec[key] = toNumber(value, key, fail)
        break
      case 'count':
        spec.count = /^(inf|infinity|always)$/i.test(value)
          ? Number.POSITIVE_INFINITY
          : toNumber(value, key, fail)
        break
      case 'cutAfterBytes':
        spec.cutAfterBytes = toBytes(value, fail)
        break
      case 'cut':
        spec.cut = value as 'request' | 'response'
        break
      case 'code':
      case 'message':
        spec[key] = value
        break
    }
  }
  validateFaultSpec(spec)
  return spec
}

function splitPairs(text: string, fail: (message: string, value: string) => never): Array<[string, string]> {
  const pairs: Array<[string, string]> = []
  let index = 0
  while (index < text.length) {
    const eq = text.indexOf('=', index)
    if (eq < 0) fail('each part must be key=value', `'${text.slice(index)}'`)
    const key = text.slice(index, eq).trim()
    let value: string
    if (text[eq + 1] === '"') {
      const close = text.indexOf('"', eq + 2)
      if (close < 0) fail('a quoted value must end with "', `'${text.slice(eq + 1)}'`)
      value = text.slice(eq + 2, close)
      index = close + 1
      if (index < text.length && text[index] !== ',')
        fail('a quoted value must be followed by a comma', `'${text.slice(index)}'`)
      index++
    } else {
      const comma = text.indexOf(',', eq + 1)
      const stop = comma < 0 ? text.length : comma
      value = text.slice(eq + 1, stop).trim()
      index = stop + 1
    }
    pairs.push([key, value])
  }
  return pairs
}

function toNumber(value: string, key: string, fail: (message: string, value: string) => never): number {
  const number = Number(value)
  if (value === '' || !Number.isFinite(number)) fail(`${key} must be a number`, `'${value}'`)
  return number
}

function toBytes(value: string, fail: (message: string, value: string) => never): number {
  const match = /^(\d+)([kmg]?)$/i.exec(value)
  if (!match) fail('cutAfter must be a byte count like 1024, 64k or 2m', `'${value}'`)
  const scale = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 }[
    match![2]!.toLowerCase() as '' | 'k' | 'm' | 'g'
  ]
  return Number(match![1]) * scale
}
