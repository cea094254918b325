#!/usr/bin/env node
import { readFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { EmulatorError } from './errors.js'
import { parseFaultSpec } from './faults.js'
import { type AuthMode, startEmulator } from './server.js'

const USAGE = `Usage: oci-focus-emulator [options]

Local OCI Object Storage (native API), identity-domain token exchange and GitHub-style OIDC issuer.
Prints its base URL on the first line of stdout; stops on SIGINT/SIGTERM.

Options:
  --port N             port to listen on (default 0 = a free port)
  --host H             address to bind (default 127.0.0.1)
  --data DIR           store objects on disk under DIR (default: in memory)
  --seed DIR           load DIR/<namespace>/<bucket>/<object name> at start
  --namespace NS       what GetNamespace answers (default emulatorns)
  --auth MODE          off | lenient | strict (default off)
  --trust-key PEM      trusted API key: a PEM file path or PEM text (repeatable)
  --fault SPEC         inject a fault, e.g. op=GetObject,object=*.gz,status=503,count=2 (repeatable)
  --clock-skew S       allowed x-date skew in seconds (default 300)
  --token-lifetime S   UPST lifetime in seconds (default 3600)
  --client-id ID       identity-domain client id (default emulator-client)
  --client-secret S    identity-domain client secret (default random)
  -h, --help           show this help
`

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      data: { type: 'string' },
      seed: { type: 'string' },
      namespace: { type: 'string' },
      auth: { type: 'string' },
      'trust-key': { type: 'string', multiple: true },
      fault: { type: 'string', multiple: true },
      'clock-skew': { type: 'string' },
      'token-lifetime': { type: 'string' },
      'client-id': { type: 'string' },
      'client-secret': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
    allowPositionals: false,
  })
  if (values.help) {
    process.stdout.write(USAGE)
    return
  }
  const auth = values.auth ?? 'off'
  if (auth !== 'off' && auth !== 'lenient' && auth !== 'strict') {
    throw new EmulatorError(
      'EMULATOR_INVALID_OPTION',
      `--auth: must be off, lenient or strict, got ${auth}`,
      {
        option: 'auth',
        value: auth,
      },
    )
  }
  const emulator = await startEmulator({
    port: integer('port', values.port, 0),
    host: values.host ?? '127.0.0.1',
    auth: auth as AuthMode,
    trustKeys: (values['trust-key'] ?? []).map(readPem),
    faults: (values.fault ?? []).map(parseFaultSpec),
    ...(values.data !== undefined ? { dataDir: values.data } : {}),
    ...(values.seed !== undefined ? { seedDir: values.seed } : {}),
    ...(values.namespace !== undefined ? { namespace: values.namespace } : {}),
    ...(values['clock-skew'] !== undefined
      ? { clockSkewSeconds: integer('clock-skew', values['clock-skew'], 300) }
      : {}),
    ...(values['token-lifetime'] !== undefined
      ? { tokenLifetimeSeconds: integer('token-lifetime', values['token-lifetime'], 3600) }
      : {}),
    ...(values['client-id'] !== undefined ? { clientId: values['client-id'] } : {}),
    ...(values['client-secret'] !== undefined ? { clientSecret: values['client-secret'] } : {}),
  })
  // First line: the URL alone, for scripts (`read -r URL`). The rest is for people.
  process.stdout.write(`${emulator.url}\n`)
  process.stdout.write(
    [
      `namespace: ${emulator.namespace}`,
      `auth: ${auth}`,
      `identity token URL: ${emulator.identity.tokenUrl}`,
      `identity client id: ${emulator.identity.clientId}`,
      // a throwaway credential of this local process, printed so token-exchange flows can be tried by hand
      `identity client secret: ${emulator.identity.clientSecret}`,
      `OIDC request URL (ACTIONS_ID_TOKEN_REQUEST_URL): ${emulator.oidc.requestUrl}`,
      `OIDC request token (ACTIONS_ID_TOKEN_REQUEST_TOKEN): ${emulator.oidc.requestToken}`,
      '',
    ].join('\n'),
  )

  let stopping = false
  const stop = (signal: string) => {
    if (stopping) return
    stopping = true
    process.stderr.write(`oci-focus-emulator: ${signal}, stopping\n`)
    emulator.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`oci-focus-emulator: stop failed: ${String(error)}\n`)
        process.exit(1)
      },
    )
  }
  process.on('SIGINT', () => stop('SIGINT'))
  process.on('SIGTERM', () => stop('SIGTERM'))
}

function integer(option: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback
  const number = Number(value)
  if (!Number.isInteger(number) || number < 0) {
    throw new EmulatorError(
      'EMULATOR_INVALID_OPTION',
      `--${option}: must be a non-negative integer, got ${value}`,
      {
        option,
        value,
      },
    )
  }
  return number
}

function readPem(value: string): string {
  if (value.includes('-----BEGIN')) return value
  try {
    return readFileSync(value, 'utf8')
  } catch (error) {
    throw new EmulatorError(
      'EMULATOR_INVALID_OPTION',
      `--trust-key: must be a PEM file or PEM text, got ${value}`,
      {
        option: 'trust-key',
        value,
      },
      { cause: error },
    )
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`oci-focus-emulator: ${error instanceof Error ? error.message : String(error)}\n`)
  process.exit(2)
})
