import { randomUUID } from 'node:crypto'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { setTimeout as sleep } from 'node:timers/promises'
import { EmulatorError } from './errors.js'
import { defaultFaultCode, FaultRegistry, type FaultSpec } from './faults.js'
import { createIdentityDomain, type IdentityDomain } from './identity/index.js'
import { publicKeyFromPem } from './keys.js'
import { hasJsonBody, routeObjectStorage } from './objectstorage/routes.js'
import { ObjectStorageService } from './objectstorage/service.js'
import {
  drainBody,
  type Exchange,
  parseQuery,
  readBody,
  ServiceError,
  sendError,
} from './objectstorage/wire.js'
import { createOidcIssuer, type OidcIssuer } from './oidc/index.js'
import { type KeyResolver, parseAuthorization, verifySignature } from './signing/verify.js'
import { createDiskBlobStore } from './store/disk.js'
import { createMemoryBlobStore } from './store/memory.js'
import { seedFromDirectory } from './store/seed.js'

export type AuthMode = 'off' | 'lenient' | 'strict'

export interface EmulatorOptions {
  /** 0 = a free port (default). */
  port?: number
  /** Default `127.0.0.1`. */
  host?: string
  /** Store objects on disk under this folder (streams; 2 GiB objects OK; survives restarts). Default: in memory. */
  dataDir?: string
  /** Load `DIR/<namespace>/<bucket>/<object name>`; every bucket folder becomes a bucket, even an empty one. */
  seedDir?: string
  /** What GetNamespace answers; default `emulatorns`. */
  namespace?: string
  /** Request signatures: `off` (default) accepts anything, `lenient` verifies and logs, `strict` answers 401. */
  auth?: AuthMode
  /** PEM public or private keys; keyId `<tenancy>/<user>/<fingerprint>` matches by fingerprint. */
  trustKeys?: string[]
  faults?: FaultSpec[]
  /** UPST lifetime, seconds; default 3600. */
  tokenLifetimeSeconds?: number
  /** Allowed distance between a request's x-date and the server clock, seconds; default 300. */
  clockSkewSeconds?: number
  /** The identity domain's pre-registered confidential app; default `emulator-client` and a random secret. */
  clientId?: string
  clientSecret?: string
  /** Most recent request log entries kept (older ones are dropped); default 20,000. */
  requestLogLimit?: number
}

export interface RequestLogEntry {
  method: string
  /** The raw request target (path and query) as received. */
  target: string
  /** Object Storage operation name, `TokenExchange`, `OidcTokenRequest`, `OidcDiscovery`, or `Unknown`. */
  operation: string
  namespace?: string
  bucket?: string
  object?: string
  /** 0 when the connection was cut before a status was sent. */
  status: number
  bytesIn: number
  bytesOut: number
  /** Lower-cased names from the signature's `headers=` list. */
  signedHeaders?: string[]
  /** API-key keyIds in full; session tokens as `ST$…` (never the token). */
  keyId?: string
  /** Why the signature did not verify (lenient and strict modes). */
  authError?: string
  /** Request headers, without `authorization`. */
  headers: Record<string, string>
  requestId: string
  /** Epoch milliseconds when the request arrived. */
  time: number
  durationMs: number
  faulted?: boolean
  faultId?: string
}

export interface Emulator {
  /** `http://HOST:PORT`: the Object Storage endpoint and the identity domain base URL. */
  readonly url: string
  stop(): Promise<void>
  readonly faults: {
    add(spec: FaultSpec): string
    remove(id: string): void
    clear(): void
    list(): Array<{ id: string; spec: Readonly<FaultSpec>; remaining: number }>
  }
  readonly requests: { list(): readonly RequestLogEntry[]; clear(): void }
  /** Registers another trusted API key (PEM public or private); returns its fingerprint. */
  trustKey(pem: string): string
  readonly namespace: string
  createBucket(namespace: string, bucket: string): Promise<void>
  putObject(
    namespace: string,
    bucket: string,
    name: string,
    body: Buffer | string,
    options?: {
      metadata?: Record<string, string>
      contentType?: string
      contentEncoding?: string
      timeModified?: Date
      /** Record this MD5 instead of the body's own (a stored object that no longer matches its checksum). */
      recordedMd5?: string
    },
  ): Promise<{ etag: string; md5: string }>
  getObject(
    namespace: string,
    bucket: string,
    name: string,
  ): Promise<
    | {
        body: Buffer
        etag: string
        md5: string
        metadata: Record<string, string>
        contentType: string
        size: number
        timeModified: Date
        multipart: boolean
      }
    | undefined
  >
  listObjectNames(namespace: string, bucket: string): Promise<string[]>
  listMultipartUploads(
    namespace: string,
    bucket: string,
  ): Promise<Array<{ object: string; uploadId: string }>>
  readonly identity: {
    readonly url: string
    readonly tokenUrl: string
    readonly clientId: string
    readonly clientSecret: string
    setTokenLifetime(seconds: number): void
  } & IdentityDomain
  readonly oidc: {
    readonly issuer: string
    readonly requestUrl: string
    readonly requestToken: string
    readonly audience: string
    mint(claims?: Record<string, unknown>): string
  } & OidcIssuer
}

const NOT_AUTHENTICATED =
  'The required information to complete authentication was not provided or was incorrect.'

/** Starts the emulator (Object Storage, identity domain, OIDC issuer) on one HTTP server. */
export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const host = options.host ?? '127.0.0.1'
  const namespace = options.namespace ?? 'emulatorns'
  const authMode = options.auth ?? 'off'
  if (!['off', 'lenient', 'strict'].includes(authMode)) {
    throw new EmulatorError(
      'EMULATOR_INVALID_OPTION',
      `auth: must be off, lenient or strict, got ${authMode}`,
      {
        option: 'auth',
        value: String(authMode),
      },
    )
  }
  const clockSkewSeconds = options.clockSkewSeconds ?? 300

  const trusted = new Map<string, string>()
  const trustKey = (pem: string): string => {
    const { publicKeyPem, fingerprint } = publicKeyFromPem(pem)
    trusted.set(fingerprint, publicKeyPem)
    return fingerprint
  }
  for (const pem of options.trustKeys ?? []) trustKey(pem)

  const faults = new FaultRegistry()
  for (const spec of options.faults ?? []) faults.add(spec)

  const blobs = options.dataDir ? await createDiskBlobStore(options.dataDir) : createMemoryBlobStore()
  const service = new ObjectStorageService({ blobs, defaultNamespace: namespace })
  await service.restore()
  if (options.seedDir) await seedFromDirectory(service, options.seedDir)

  let baseUrl = ''
  const oidc = createOidcIssuer({ baseUrl: () => baseUrl })
  const identity = createIdentityDomain({
    baseUrl: () => baseUrl,
    oidc,
    ...(options.tokenLifetimeSeconds !== undefined
      ? { tokenLifetimeSeconds: options.tokenLifetimeSeconds }
      : {}),
    ...(options.clientId !== undefined ? { clientId: options.clientId } : {}),
    ...(options.clientSecret !== undefined ? { clientSecret: options.clientSecret } : {}),
  })

  const resolveKey: KeyResolver = (keyId) => {
    if (keyId.startsWith('ST$')) {
      try {
        const upst = identity.verifyUpst(keyId.slice(3))
        return { publicKey: upst.publicKeyPem, principal: upst.sub }
      } catch (error) {
        return { error: `session token: ${(error as Error).message}` }
      }
    }
    const parts = keyId.split('/')
    if (parts.length < 3) return { error: 'keyId must be <tenancy>/<user>/<fingerprint> or ST$<token>' }
    const fingerprint = parts[parts.length - 1]!.toLowerCase()
    const publicKey = trusted.get(fingerprint)
    if (!publicKey) return { error: `no trusted key has fingerprint ${fingerprint}` }
    return { publicKey, principal: parts[1]! }
  }

  const log: RequestLogEntry[] = []
  const requestLogLimit = options.requestLogLimit ?? 20_000

  const handleRequest = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const target = req.url ?? '/'
    const requestId = randomUUID().replaceAll('-', '').toUpperCase()
    const exchange: Exchange = { req, res, requestId, bytesIn: 0, bytesOut: 0 }
    const entry: RequestLogEntry = {
      method: req.method ?? 'GET',
      target,
      operation: 'Unknown',
      status: 0,
      bytesIn: 0,
      bytesOut: 0,
      headers: loggableHeaders(req),
      requestId,
      time: Date.now(),
      durationMs: 0,
    }
    res.on('close', () => {
      entry.status = res.headersSent ? res.statusCode : 0
      entry.bytesIn = exchange.bytesIn
      entry.bytesOut = exchange.bytesOut
      entry.durationMs = Date.now() - entry.time
      log.push(entry)
      // a long-running bin must not grow without bound; tests read far fewer entries
      if (log.length > requestLogLimit) log.splice(0, log.length - requestLogLimit)
    })

    try {
      const question = target.indexOf('?')
      const rawPath = question < 0 ? target : target.slice(0, question)
      const rawQuery = question < 0 ? '' : target.slice(question + 1)

      const side = sideRoute(rawPath)
      if (side) {
        entry.operation = side.operation
        const fault = faults.take({ operation: side.operation })
        if (fault) {
          entry.faulted = true
          entry.faultId = fault.id
          if (fault.spec.latencyMs) await sleep(fault.spec.latencyMs)
          if (fault.spec.cut) {
            // the identity and OIDC handlers write their own responses: a cut drops the connection outright
            await cutRequest(exchange, fault.spec.cut === 'request' ? (fault.spec.cutAfterBytes ?? 0) : 0)
            return
          }
          if (fault.spec.status !== undefined) {
            await drainBody(exchange)
            throw faultError(fault.spec)
          }
        }
        const url = new URL(target, baseUrl)
        const handled =
          side.owner === 'identity' ? await identity.handle(req, res, url) : await oidc.handle(req, res, url)
        if (handled) return
        throw new ServiceError(404, 'NotFound', `No route matches ${rawPath}`)
      }

      const route = routeObjectStorage(req.method ?? 'GET', rawPath)
      if (!route) throw new ServiceError(404, 'NotFound', `No route matches ${rawPath}`)
      entry.operation = route.operation
      if (route.namespace !== undefined) entry.namespace = route.namespace
      if (route.bucket !== undefined) entry.bucket = route.bucket
      if (route.object !== undefined) entry.object = route.object
      const query = parseQuery(rawQuery)

      const fault = faults.take(route)
      if (fault) {
        entry.faulted = true
        entry.faultId = fault.id
        if (fault.spec.latencyMs) await sleep(fault.spec.latencyMs)
        if (fault.spec.cut === 'request') {
          await cutRequest(exchange, fault.spec.cutAfterBytes ?? 0)
          return
        }
        if (fault.spec.cut === 'response') exchange.cutResponseAfter = fault.spec.cutAfterBytes ?? 0
        if (fault.spec.status !== undefined) {
          await drainBody(exchange)
          throw faultError(fault.spec)
        }
      }

      const body = hasJsonBody(route.operation) ? await readBody(exchange) : undefined

      const authorization = req.headers.authorization
      if (authMode === 'off') {
        const parsed = parseAuthorization(authorization)
        if (typeof parsed !== 'string') {
          entry.keyId = redactKeyId(parsed.keyId)
          entry.signedHeaders = parsed.headers
        }
      } else {
        const method = (req.method ?? 'GET').toUpperCase()
        const verdict = verifySignature({
          method,
          target,
          headers: req.headers,
          ...(body ? { body } : {}),
          requireBodyHeaders:
            authMode === 'strict' &&
            (method === 'POST' ||
              method === 'PATCH' ||
              (method === 'PUT' && route.operation !== 'PutObject' && route.operation !== 'UploadPart')),
          resolveKey,
          now: new Date(),
          clockSkewSeconds,
        })
        if (verdict.keyId !== undefined) entry.keyId = redactKeyId(verdict.keyId)
        if (verdict.signedHeaders !== undefined) entry.signedHeaders = verdict.signedHeaders
        if (!verdict.ok) {
          entry.authError = verdict.reason
          if (authMode === 'strict') {
            await drainBody(exchange)
            throw new ServiceError(
              401,
              'NotAuthenticated',
              `${NOT_AUTHENTICATED} (emulator: ${verdict.reason})`,
            )
          }
        } else if (verdict.legacyTarget) {
          entry.authError = 'signed the legacy url.parse request target, not the one sent (accepted)'
        }
      }

      await service.handle(exchange, route, query, body)
    } catch (error) {
      if (error instanceof ServiceError) {
        sendError(exchange, error)
        return
      }
      sendError(
        exchange,
        new ServiceError(
          500,
          'InternalServerError',
          `The emulator failed: ${(error as Error)?.message ?? String(error)}`,
        ),
      )
    }
  }

  const server: Server = createServer((req, res) => {
    handleRequest(req, res).catch(() => res.destroy())
  })
  // undici keeps connections alive for 4 s by default; stay open a little longer to avoid reset races
  server.keepAliveTimeout = 10_000
  server.headersTimeout = 60_000
  server.requestTimeout = 0

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject)
      resolve()
    })
  })
  const address = server.address() as AddressInfo
  baseUrl = `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`

  let stopped: Promise<void> | undefined
  const emulator: Emulator = {
    url: baseUrl,
    namespace,
    stop() {
      stopped ??= (async () => {
        await new Promise<void>((resolve) => {
          server.close(() => resolve())
          server.closeAllConnections()
        })
        identity.close()
        await service.close()
      })()
      return stopped
    },
    faults: {
      add: (spec) => faults.add(spec),
      remove: (id) => faults.remove(id),
      clear: () => faults.clear(),
      list: () => faults.list(),
    },
    requests: {
      list: () => [...log],
      clear: () => {
        log.length = 0
      },
    },
    trustKey,
    async createBucket(ns, bucket) {
      await service.createBucket(ns, bucket)
    },
    async putObject(ns, bucket, name, body, putOptions = {}) {
      const stored = await service.putObject(
        ns,
        bucket,
        name,
        typeof body === 'string' ? Buffer.from(body) : body,
        {
          ...(putOptions.metadata ? { metadata: lowerKeys(putOptions.metadata) } : {}),
          ...(putOptions.contentType ? { contentType: putOptions.contentType } : {}),
          ...(putOptions.contentEncoding ? { contentEncoding: putOptions.contentEncoding } : {}),
          ...(putOptions.timeModified ? { timeModified: putOptions.timeModified } : {}),
          ...(putOptions.recordedMd5 ? { md5: putOptions.recordedMd5 } : {}),
        },
      )
      return { etag: stored.etag, md5: stored.md5 }
    },
    async getObject(ns, bucket, name) {
      const record = service.getObjectRecord(ns, bucket, name)
      if (!record) return undefined
      return {
        body: await service.readObject(record),
        etag: record.etag,
        md5: record.md5,
        metadata: { ...record.metadata },
        contentType: record.contentType,
        size: record.size,
        timeModified: record.timeModified,
        multipart: record.multipart,
      }
    },
    async listObjectNames(ns, bucket) {
      return service.listObjectNames(ns, bucket)
    },
    async listMultipartUploads(ns, bucket) {
      return service.listUploads(ns, bucket)
    },
    identity,
    oidc,
  }
  return emulator
}

/** Routes owned by the identity-domain and OIDC stand-ins. */
function sideRoute(rawPath: string): { owner: 'identity' | 'oidc'; operation: string } | undefined {
  if (rawPath === '/oauth2/v1/token') return { owner: 'identity', operation: 'TokenExchange' }
  if (rawPath.startsWith('/20160918/')) return { owner: 'identity', operation: 'ListRegionSubscriptions' }
  if (rawPath === '/oidc/token-request' || rawPath.startsWith('/oidc/token-request')) {
    return { owner: 'oidc', operation: 'OidcTokenRequest' }
  }
  if (rawPath === '/oidc' || rawPath.startsWith('/oidc/'))
    return { owner: 'oidc', operation: 'OidcDiscovery' }
  return undefined
}

function faultError(spec: FaultSpec): ServiceError {
  const status = spec.status ?? 500
  return new ServiceError(
    status,
    spec.code ?? defaultFaultCode(status),
    spec.message ?? 'Fault injected by the emulator',
  )
}

/** Reads up to `afterBytes` of the request body, then drops the connection without answering. */
async function cutRequest(exchange: Exchange, afterBytes: number): Promise<void> {
  const { req, res } = exchange
  // hold the socket now: destroying the request detaches it
  const socket = req.socket
  if (afterBytes > 0) {
    try {
      for await (const chunk of req) {
        exchange.bytesIn += (chunk as Buffer).length
        if (exchange.bytesIn >= afterBytes) break
      }
    } catch {
      // client already gone
    }
  }
  socket.destroy()
  res.destroy()
}

function redactKeyId(keyId: string): string {
  return keyId.startsWith('ST$') ? 'ST$…' : keyId
}

function loggableHeaders(req: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {}
  for (const [name, value] of Object.entries(req.headers)) {
    if (name === 'authorization' || value === undefined) continue
    headers[name] = Array.isArray(value) ? value.join(', ') : value
  }
  return headers
}

function lowerKeys(record: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(record).map(([key, value]) => {
      const lower = key.toLowerCase()
      return [lower.startsWith('opc-meta-') ? lower.slice('opc-meta-'.length) : lower, value]
    }),
  )
}
