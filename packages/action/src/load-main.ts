import * as core from '@actions/core'
import {
  createAuth,
  createObjectStorageClient,
  createObjectStore,
  discoverNamespace,
  type OciAuth,
  silenceSdkRetryWarnings,
} from '@oci-focus/core'
import { createOracleSink, type LoadResult, loadReports } from '@oci-focus/loader'
import { assertOidcAvailable, authOptionsOf, warnIgnoredInputs } from './auth.js'
import { cancelOnSignals } from './cancel.js'
import { ActionError } from './errors.js'
import { count } from './format.js'
import { type LoadInputs, parseLoadInputs } from './inputs.js'
import { createActionLogger } from './logger.js'
import { LOAD_OUTPUT_DEFAULTS, LOAD_OUTPUTS, type LoadOutputs, setOutputs } from './outputs.js'
import { maskingFetch, maskSecretInputs, redact } from './secrets.js'
import { type SummaryRow, writeSummary } from './summary.js'
import { type UnpackedWallet, unpackWallet } from './wallet.js'

const readInput = (name: string): string => core.getInput(name)

/** The load action: inputs → bucket listing → `loadReports` into Oracle → outputs and summary. */
export async function loadMain(): Promise<void> {
  maskSecretInputs(readInput)
  // The SDK warns on stderr for every failed request, expected 404s included; our stores log
  // retries and failures through the logger instead.
  silenceSdkRetryWarnings()
  setOutputs(LOAD_OUTPUTS, LOAD_OUTPUT_DEFAULTS)
  const inputs = parseLoadInputs(readInput)
  warnIgnoredInputs(inputs)
  assertOidcAvailable(inputs)

  const logger = createActionLogger()
  const cancellation = cancelOnSignals()
  let wallet: UnpackedWallet | undefined
  let auth: OciAuth | undefined
  let client: ReturnType<typeof createObjectStorageClient> | undefined
  let result: LoadResult
  let namespace = inputs.source.namespace
  try {
    if (inputs.database.wallet !== undefined) {
      wallet = await unpackWallet(inputs.database.wallet)
      core.info(`wallet unpacked: ${wallet.files.join(', ')}`)
    }
    auth = await createAuth(authOptionsOf(inputs), { logger, fetch: maskingFetch() })
    client = createObjectStorageClient({
      auth,
      ...(inputs.region !== undefined && { region: inputs.region }),
      ...(inputs.endpoint !== undefined && { endpoint: inputs.endpoint }),
    })
    namespace ??= await discoverNamespace(client, { logger })
    const store = createObjectStore({ client, namespace, bucket: inputs.source.bucket, logger })
    const sink = createOracleSink({
      connectString: inputs.database.connectString,
      user: inputs.database.user,
      password: inputs.database.password,
      table: inputs.table,
      logger,
      ...(wallet !== undefined && { walletDir: wallet.dir, configDir: wallet.dir }),
      ...(inputs.database.walletPassword !== undefined && { walletPassword: inputs.database.walletPassword }),
    })
    try {
      result = await loadReports({
        source: {
          kind: 'bucket',
          store,
          ...(inputs.source.prefix !== undefined && { prefix: inputs.source.prefix }),
        },
        sink,
        onError: inputs.onError,
        logger,
        signal: cancellation.signal,
        // The loader logs loaded and failed files itself; skips are only in the result.
        onProgress: (event) => {
          if (event.type === 'file-done' && event.result.outcome === 'skipped') {
            core.info(redact(`skipped ${event.result.file}: ${event.result.reason ?? 'already loaded'}`))
          }
        },
      })
    } finally {
      await sink.close()
    }
  } catch (error) {
    logger.flushWarnings([])
    throw error
  } finally {
    cancellation.dispose()
    client?.close()
    auth?.close()
    await wallet?.dispose()
  }

  setOutputs(LOAD_OUTPUTS, loadOutputsOf(result))
  const failed = result.files.filter((file) => file.outcome === 'failed')
  logger.flushWarnings(failed.map((file) => file.file))
  for (const file of failed) {
    core.error(redact(`${file.file}: ${file.reason ?? 'failed'}`), { title: 'OCI FOCUS load: file failed' })
  }
  await writeSummary(loadSummary(result, inputs, namespace))
  if (failed.length > 0) {
    throw new ActionError(
      'ACTION_ITEMS_FAILED',
      `${failed.length} of ${count(result.files.length, 'file')} failed to load (see the annotations); each was rolled back`,
    )
  }
}

/** Output values for a finished load. */
export function loadOutputsOf(result: LoadResult): LoadOutputs {
  return {
    filesLoaded: String(result.totals.loaded),
    filesSkipped: String(result.totals.skipped),
    filesFailed: String(result.totals.failed),
    rows: String(result.totals.rows),
    rejectedRows: String(result.totals.rejectedRows),
  }
}

const OUTCOME_ORDER = { failed: 0, loaded: 1, skipped: 2 } as const

function loadSummary(result: LoadResult, inputs: LoadInputs, namespace: string | undefined) {
  const rows: SummaryRow[] = [...result.files]
    .sort((a, b) => OUTCOME_ORDER[a.outcome] - OUTCOME_ORDER[b.outcome] || a.file.localeCompare(b.file))
    .map((f) => ({
      cells: [
        f.outcome,
        f.file,
        f.dialect ?? '',
        f.outcome === 'loaded' ? String(f.rows) : '',
        f.rejectedRows > 0 ? String(f.rejectedRows) : '',
        [f.reason, f.line !== undefined ? `line ${f.line}` : '', f.column ?? ''].filter(Boolean).join(', '),
      ],
    }))
  const { totals } = result
  return {
    title: 'OCI FOCUS load',
    facts: [
      [
        'Source',
        `${namespace ?? '(tenancy namespace)'}/${inputs.source.bucket}/${inputs.source.prefix ?? ''}`,
      ],
      ['Table', `${inputs.table} (on-error: ${inputs.onError})`],
    ] as [string, string][],
    headers: ['Outcome', 'File', 'Dialect', 'Rows', 'Rejected', 'Reason'],
    rows,
    empty: 'No report files under the prefix.',
    totals: [
      ['Files loaded', String(totals.loaded)],
      ['Files skipped (already loaded)', String(totals.skipped)],
      ['Files failed', String(totals.failed)],
      ['Rows', String(totals.rows)],
      ['Rejected rows', String(totals.rejectedRows)],
    ] as [string, string][],
  }
}
