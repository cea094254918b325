import type { CopyReportsOptions, ReportWindow } from '@oci-focus/core'
import type { ParsedFlags } from '../args/parse.js'
import { CliError } from '../errors.js'
import type { CliEnv } from '../io.js'
import type { Redactor } from '../output/redact.js'
import { authFromEnv } from './auth.js'
import { windowFromFlags } from './window.js'

export type CopyInputs = Omit<CopyReportsOptions, 'logger' | 'onProgress' | 'signal'>

export interface FlagContext {
  readonly flags: ParsedFlags
  readonly env: CliEnv
  readonly redactor: Redactor
  readonly cwd: string
  readonly now: Date
  readonly fetch?: typeof fetch
}

/** The Object Storage endpoint override (--endpoint or OCI_OBJECTSTORAGE_ENDPOINT), checked. */
export function endpointFromFlags(flags: ParsedFlags): string | undefined {
  const endpoint = flags.string('endpoint')
  if (endpoint === undefined) return undefined
  let url: URL | undefined
  try {
    url = new URL(endpoint)
  } catch {
    url = undefined
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw CliError.usage(`Invalid --endpoint: expected an http(s) URL, got ${JSON.stringify(endpoint)}`, {
      flag: 'endpoint',
      value: endpoint,
    })
  }
  return endpoint
}

function optional<K extends string>(key: K, value: string | undefined): { [P in K]?: string } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: string }
}

/** Maps copy's flags (and the OCI environment) to copyReports options; usage errors name the flag. */
export async function copyInputsFromFlags(
  ctx: FlagContext,
): Promise<{ inputs: CopyInputs; window: ReportWindow }> {
  const { flags } = ctx
  const bucket = flags.string('dest-bucket')
  if (bucket === undefined) {
    throw CliError.usage(
      'Missing --dest-bucket: the bucket the reports are copied to is required, got none',
      {
        flag: 'dest-bucket',
      },
    )
  }
  const { options: windowOptions, window } = windowFromFlags(flags, ctx.now)
  const auth = await authFromEnv(ctx)
  const endpoint = endpointFromFlags(flags)
  const concurrency = flags.integer('concurrency')
  const inputs: CopyInputs = {
    auth,
    window: windowOptions,
    destination: {
      bucket,
      ...optional('namespace', flags.string('dest-namespace')),
      ...optional('prefix', flags.string('dest-prefix')),
      ...optional('region', flags.string('dest-region')),
    },
    ...optional('tenancy', flags.string('tenancy')),
    ...optional('sourceNamespace', flags.string('source-namespace')),
    ...optional('sourceBucket', flags.string('source-bucket')),
    ...optional('homeRegion', flags.string('home-region')),
    ...optional('endpoint', endpoint),
    keepCompressed: flags.boolean('keep-compressed'),
    dryRun: flags.boolean('dry-run'),
    force: flags.boolean('force'),
    ...(concurrency === undefined ? {} : { concurrency }),
    ...(ctx.fetch ? { fetch: ctx.fetch } : {}),
  }
  return { inputs, window }
}
