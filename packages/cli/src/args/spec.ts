/**
 * The command-line contract of `oci-focus`, declared once. The parser, `--help` and the README's
 * CLI section are all generated from these tables, so a flag cannot exist in one and not the others.
 */

/** How a flag's value is read and checked. */
export type FlagKind = 'boolean' | 'string' | 'integer' | 'date' | 'choice'

export interface FlagSpec {
  /** Long name without the leading `--`. */
  readonly name: string
  readonly kind: FlagKind
  /** Placeholder shown in help (`--date DAY`). */
  readonly value?: string
  /** Allowed values of a `choice` flag. */
  readonly choices?: readonly string[]
  /** Smallest allowed value of an `integer` flag. */
  readonly min?: number
  /** Shown in help; applied by the command, not the parser (so "given" stays observable). */
  readonly default?: string
  readonly description: string
  /** Environment variables read when the flag is absent, first match wins. */
  readonly env?: readonly string[]
}

export interface FlagGroup {
  readonly title: string
  readonly flags: readonly FlagSpec[]
}

/** An environment variable a command reads that no flag mirrors (secrets, mostly). */
export interface EnvSpec {
  readonly name: string
  readonly description: string
  /** Never printed, and redacted from every message. */
  readonly secret?: boolean
}

export type CommandName = 'copy' | 'load' | 'sync' | 'report' | 'demo'

export interface CommandSpec {
  readonly name: CommandName
  /** One line, shown in the command list. */
  readonly summary: string
  readonly usage: readonly string[]
  /** Paragraphs shown under the usage lines. */
  readonly description: readonly string[]
  readonly groups: readonly FlagGroup[]
  readonly env: readonly EnvSpec[]
  readonly examples: readonly string[]
}

// ---------------------------------------------------------------------------------------------
// Flag groups shared by several commands.

const windowFlags: FlagGroup = {
  title: 'Report window (UTC days; --to is inclusive)',
  flags: [
    {
      name: 'report',
      kind: 'choice',
      value: 'KIND',
      choices: ['focus', 'cost', 'usage'],
      default: 'focus',
      description:
        'Which OCI reports: FOCUS (FOCUS Reports/YYYY/MM/DD/), legacy cost (reports/cost-csv/) or usage (reports/usage-csv/).',
    },
    { name: 'date', kind: 'date', value: 'DAY', description: 'One day: YYYY-MM-DD, today or yesterday.' },
    { name: 'from', kind: 'date', value: 'DAY', description: 'First day of a range (a backfill).' },
    {
      name: 'to',
      kind: 'date',
      value: 'DAY',
      description: 'Last day of the range, inclusive. Default: today.',
    },
    {
      name: 'lookback-days',
      kind: 'integer',
      value: 'N',
      min: 1,
      default: '3',
      description:
        'When no date is given: the last N days up to today, so files OCI delivers late are still picked up.',
    },
  ],
}

const sourceFlags: FlagGroup = {
  title: 'Source (where OCI writes the reports)',
  flags: [
    {
      name: 'tenancy',
      kind: 'string',
      value: 'OCID',
      env: ['OCI_CLI_TENANCY'],
      description: 'Tenancy OCID whose reports are copied. Default: the tenancy of the credentials.',
    },
    {
      name: 'source-namespace',
      kind: 'string',
      value: 'NS',
      default: 'bling',
      description: 'Namespace of the reports bucket.',
    },
    {
      name: 'source-bucket',
      kind: 'string',
      value: 'OCID',
      description: 'Reports bucket. Default: the tenancy OCID.',
    },
    {
      name: 'home-region',
      kind: 'string',
      value: 'REGION',
      description: "The tenancy's home region, where the reports live. Default: discovered.",
    },
  ],
}

const destinationFlags: FlagGroup = {
  title: 'Destination (your bucket)',
  flags: [
    {
      name: 'dest-bucket',
      kind: 'string',
      value: 'BUCKET',
      description: 'Bucket the reports are copied to. Required.',
    },
    {
      name: 'dest-namespace',
      kind: 'string',
      value: 'NS',
      description: "Its namespace. Default: the credentials' namespace (GetNamespace).",
    },
    {
      name: 'dest-prefix',
      kind: 'string',
      value: 'PREFIX',
      description: 'Prepended to every object name, e.g. raw/.',
    },
    {
      name: 'dest-region',
      kind: 'string',
      value: 'REGION',
      description: "Region of the destination bucket. Default: the credentials' region.",
    },
  ],
}

const copyBehaviourFlags: FlagGroup = {
  title: 'Copy',
  flags: [
    {
      name: 'keep-compressed',
      kind: 'boolean',
      description: 'Copy the .gz files as they are instead of decompressing them.',
    },
    {
      name: 'concurrency',
      kind: 'integer',
      value: 'N',
      min: 1,
      default: '4',
      description: 'Objects copied at the same time.',
    },
    { name: 'dry-run', kind: 'boolean', description: 'List and plan only; write nothing.' },
  ],
}

const authFlags: FlagGroup = {
  title: 'OCI authentication',
  flags: [
    {
      name: 'auth',
      kind: 'choice',
      value: 'MODE',
      choices: ['api-key', 'config', 'instance-principal', 'resource-principal', 'oidc'],
      description:
        'How to sign requests. Default: OCI_CLI_AUTH (api_key, security_token, instance_principal and resource_principal are understood), ' +
        'else api-key when OCI_CLI_USER, OCI_CLI_FINGERPRINT and a key are set, else config. ' +
        'api-key reads OCI_CLI_USER, OCI_CLI_TENANCY, OCI_CLI_FINGERPRINT, OCI_CLI_KEY_CONTENT or OCI_CLI_KEY_FILE, ' +
        'OCI_CLI_PASSPHRASE and OCI_CLI_REGION.',
    },
    {
      name: 'config-file',
      kind: 'string',
      value: 'FILE',
      env: ['OCI_CLI_CONFIG_FILE', 'OCI_CONFIG_FILE'],
      default: '~/.oci/config',
      description: 'OCI config file (--auth config); session-token profiles work too.',
    },
    {
      name: 'profile',
      kind: 'string',
      value: 'NAME',
      env: ['OCI_CLI_PROFILE'],
      default: 'DEFAULT',
      description: 'Profile in the config file.',
    },
    {
      name: 'endpoint',
      kind: 'string',
      value: 'URL',
      env: ['OCI_OBJECTSTORAGE_ENDPOINT'],
      description: 'Send every Object Storage request to this endpoint (e.g. the local emulator).',
    },
    {
      name: 'identity-domain-url',
      kind: 'string',
      value: 'URL',
      env: ['OCI_IDENTITY_DOMAIN_URL'],
      description:
        'Identity domain that exchanges the OIDC token (--auth oidc), https://idcs-....identity.oraclecloud.com.',
    },
    {
      name: 'oidc-client-id',
      kind: 'string',
      value: 'ID',
      env: ['OCI_OIDC_CLIENT_ID'],
      description:
        "Client id of the identity domain's confidential app (--auth oidc); secret in OCI_OIDC_CLIENT_SECRET.",
    },
    {
      name: 'oidc-audience',
      kind: 'string',
      value: 'AUD',
      env: ['OCI_OIDC_AUDIENCE'],
      default: 'https://cloud.oracle.com',
      description: 'Audience requested for a GitHub Actions OIDC token (--auth oidc).',
    },
  ],
}

const targetFlags: FlagGroup = {
  title: 'Database',
  flags: [
    {
      name: 'target',
      kind: 'string',
      value: 'duckdb:PATH|oracle',
      description: 'Where rows go: an embedded DuckDB file, or Oracle (Autonomous Database). Required.',
    },
    {
      name: 'table',
      kind: 'string',
      value: 'NAME',
      default: 'OCI_FOCUS',
      description: 'Table name; the ledger, rejects table and views are named after it.',
    },
    {
      name: 'connect-string',
      kind: 'string',
      value: 'DSN',
      env: ['ORACLE_CONNECT_STRING'],
      description: 'Oracle connect string or TNS alias (--target oracle). Password in ORACLE_PASSWORD.',
    },
    {
      name: 'user',
      kind: 'string',
      value: 'USER',
      env: ['ORACLE_USER'],
      description: 'Oracle user (--target oracle).',
    },
    {
      name: 'wallet-dir',
      kind: 'string',
      value: 'DIR',
      env: ['ORACLE_WALLET_DIR'],
      description:
        'Folder of the unzipped ADB wallet for mTLS; password in ORACLE_WALLET_PASSWORD. Omit for one-way TLS.',
    },
  ],
}

const loadBehaviourFlags: FlagGroup = {
  title: 'Load',
  flags: [
    {
      name: 'on-error',
      kind: 'choice',
      value: 'MODE',
      choices: ['fail-file', 'reject-rows'],
      default: 'fail-file',
      description:
        'fail-file: a malformed file is rolled back and reported; reject-rows: bad rows go to the rejects table, good rows load.',
    },
  ],
}

const outputFlags: FlagGroup = {
  title: 'Output',
  flags: [
    {
      name: 'json',
      kind: 'boolean',
      description: 'Print one JSON document (per-file results and totals) on stdout, nothing else.',
    },
    { name: 'verbose', kind: 'boolean', description: 'Also log debug lines (stderr).' },
    { name: 'help', kind: 'boolean', description: 'Show this help.' },
  ],
}

const helpOnly: FlagGroup = {
  title: 'Output',
  flags: [
    { name: 'verbose', kind: 'boolean', description: 'Also log debug lines (stderr).' },
    { name: 'help', kind: 'boolean', description: 'Show this help.' },
  ],
}

const ociEnv: readonly EnvSpec[] = [
  {
    name: 'OCI_CLI_AUTH',
    description: 'Default of --auth; the OCI CLI spellings (api_key, security_token, …) work.',
  },
  { name: 'OCI_CLI_USER', description: 'User OCID (--auth api-key).' },
  { name: 'OCI_CLI_TENANCY', description: 'Tenancy OCID (api-key and oidc).' },
  { name: 'OCI_CLI_FINGERPRINT', description: 'API key fingerprint (api-key).' },
  { name: 'OCI_CLI_KEY_CONTENT', description: 'Private key PEM (api-key).', secret: true },
  {
    name: 'OCI_CLI_KEY_FILE',
    description: 'Private key file, when OCI_CLI_KEY_CONTENT is not set (api-key).',
  },
  { name: 'OCI_CLI_PASSPHRASE', description: 'Passphrase of an encrypted private key.', secret: true },
  { name: 'OCI_CLI_REGION', description: 'Region of the credentials (api-key, oidc).' },
  {
    name: 'OCI_OIDC_CLIENT_SECRET',
    description: "Client secret of the identity domain's confidential app (oidc).",
    secret: true,
  },
  {
    name: 'OCI_OIDC_TOKEN_FILE',
    description:
      'File holding the OIDC JWT (oidc); re-read at each exchange. Takes precedence over the next two.',
  },
  {
    name: 'ACTIONS_ID_TOKEN_REQUEST_URL',
    description:
      'GitHub Actions token endpoint (oidc; set by the runner with `permissions: id-token: write`).',
  },
  {
    name: 'ACTIONS_ID_TOKEN_REQUEST_TOKEN',
    description: 'Bearer token for it (set by the runner).',
    secret: true,
  },
]

const oracleEnv: readonly EnvSpec[] = [
  { name: 'ORACLE_PASSWORD', description: 'Oracle password (--target oracle).', secret: true },
  { name: 'ORACLE_WALLET_PASSWORD', description: 'Wallet password (with --wallet-dir).', secret: true },
]

function only(group: FlagGroup, names: readonly string[]): FlagGroup {
  return { title: group.title, flags: group.flags.filter((flag) => names.includes(flag.name)) }
}

function withFlags(group: FlagGroup, extra: readonly FlagSpec[]): FlagGroup {
  return { title: group.title, flags: [...group.flags, ...extra] }
}

const forceCopy: FlagSpec = {
  name: 'force',
  kind: 'boolean',
  description: 'Copy again even objects whose destination copy is up to date.',
}

// ---------------------------------------------------------------------------------------------

/** Every command, its flags, environment variables and examples: the single source of `--help`. */
export const CLI_COMMANDS: Readonly<Record<CommandName, CommandSpec>> = {
  copy: {
    name: 'copy',
    summary: 'Copy OCI cost reports into your bucket, decompressed, each file once.',
    usage: [
      'oci-focus copy --dest-bucket BUCKET [--date DAY | --from DAY [--to DAY] | --lookback-days N] [options]',
    ],
    description: [
      'Lists the window\'s report files in the tenancy\'s "bling" bucket, skips those whose copy is up to date ' +
        '(the destination metadata records the source etag and MD5), re-copies files OCI rewrote, and ' +
        'streams the rest: gunzip → upload → verify MD5.',
      'Exit status: 0 when nothing failed, 1 when any object failed, 2 for a usage error.',
    ],
    groups: [
      windowFlags,
      sourceFlags,
      destinationFlags,
      withFlags(copyBehaviourFlags, [forceCopy]),
      authFlags,
      outputFlags,
    ],
    env: ociEnv,
    examples: [
      'oci-focus copy --dest-bucket focus-reports                    # last 3 days, ~/.oci/config',
      'oci-focus copy --dest-bucket focus-reports --from 2025-01-01 --to 2025-03-31 --json',
    ],
  },
  load: {
    name: 'load',
    summary: 'Load FOCUS CSV files from a bucket or a folder into DuckDB or Oracle, each file once.',
    usage: [
      'oci-focus load (--bucket NS/BUCKET[/PREFIX] | --dir PATH) --target duckdb:PATH [options]',
      'oci-focus load (--bucket NS/BUCKET[/PREFIX] | --dir PATH) --target oracle --connect-string DSN --user USER [options]',
    ],
    description: [
      'Each file is loaded in one transaction (its previous rows are replaced) and recorded in the load ' +
        'ledger; files already loaded with the same identity are skipped, changed files are reloaded.',
      'Exit status: 0 when no file failed, 1 when any file failed, 2 for a usage error.',
    ],
    groups: [
      {
        title: 'Source',
        flags: [
          {
            name: 'bucket',
            kind: 'string',
            value: 'NS/BUCKET[/PREFIX]',
            description: 'Objects written by `oci-focus copy` (.csv or .csv.gz) under PREFIX.',
          },
          {
            name: 'dir',
            kind: 'string',
            value: 'PATH',
            description: 'A local folder of .csv and .csv.gz files.',
          },
          {
            name: 'region',
            kind: 'string',
            value: 'REGION',
            description: "Region of --bucket. Default: the credentials' region.",
          },
        ],
      },
      targetFlags,
      withFlags(loadBehaviourFlags, [
        { name: 'force', kind: 'boolean', description: 'Reload files even when the ledger has them.' },
      ]),
      only(authFlags, [
        'auth',
        'config-file',
        'profile',
        'endpoint',
        'identity-domain-url',
        'oidc-client-id',
        'oidc-audience',
      ]),
      outputFlags,
    ],
    env: [...oracleEnv, ...ociEnv],
    examples: [
      'oci-focus load --dir ./reports --target duckdb:costs.duckdb',
      'oci-focus load --bucket mynamespace/focus-reports --target oracle --connect-string myadb_high --user FINOPS',
    ],
  },
  sync: {
    name: 'sync',
    summary: 'The daily job: copy, then load what the window covers (the options of both).',
    usage: ['oci-focus sync --dest-bucket BUCKET --target duckdb:PATH|oracle [copy and load options]'],
    description: [
      'Runs copy, then loads the destination objects of the window (under --dest-prefix) into the target. ' +
        'Files loaded before with the same identity are skipped, so running it every day with a look-back ' +
        'copies and loads each file exactly once, late and rewritten files included. --dry-run plans the copy and loads nothing.',
      'Exit status: 0 when nothing failed, 1 when any object or file failed, 2 for a usage error.',
    ],
    groups: [
      windowFlags,
      sourceFlags,
      destinationFlags,
      withFlags(copyBehaviourFlags, [
        { name: 'force', kind: 'boolean', description: 'Copy and reload every file of the window again.' },
      ]),
      targetFlags,
      loadBehaviourFlags,
      authFlags,
      outputFlags,
    ],
    env: [...ociEnv, ...oracleEnv],
    examples: [
      'oci-focus sync --dest-bucket focus-reports --target oracle --connect-string myadb_high --user FINOPS',
    ],
  },
  report: {
    name: 'report',
    summary: 'Write a self-contained HTML cost report from the loaded table.',
    usage: ['oci-focus report --target duckdb:PATH|oracle --out FILE.html [--from DAY --to DAY]'],
    description: [
      'Cost per day stacked by service, top compartments and resources, month to date against the previous ' +
        'month, and the load ledger. One HTML file with inline SVG: no scripts, fonts or network.',
    ],
    groups: [
      {
        title: 'Report',
        flags: [
          {
            name: 'out',
            kind: 'string',
            value: 'FILE',
            default: 'oci-focus-report.html',
            description: 'HTML file to write.',
          },
          {
            name: 'from',
            kind: 'date',
            value: 'DAY',
            description: 'First day. Default: 29 days before --to.',
          },
          {
            name: 'to',
            kind: 'date',
            value: 'DAY',
            description: 'Last day, inclusive. Default: the latest charge day in the table (or today).',
          },
        ],
      },
      only(targetFlags, ['target', 'table', 'connect-string', 'user', 'wallet-dir']),
      helpOnly,
    ],
    env: oracleEnv,
    examples: ['oci-focus report --target duckdb:oci-focus-demo.duckdb --out costs.html'],
  },
  demo: {
    name: 'demo',
    summary: 'See it work with no cloud account: local emulator → copy → DuckDB → report.',
    usage: ['oci-focus demo [--db PATH] [--out FILE.html]'],
    description: [
      'Starts the Object Storage emulator in-process, generates a week of realistic OCI FOCUS reports, ' +
        'runs the daily job (copy with a look-back, then load into DuckDB), runs it again to show that nothing ' +
        'is copied or loaded twice, then delivers a late file and a rewritten file and shows that exactly those ' +
        'are picked up. Prints a cost summary and writes an HTML report. No network is used; temporary data ' +
        'is removed; the DuckDB file and the report stay.',
    ],
    groups: [
      {
        title: 'Demo',
        flags: [
          {
            name: 'db',
            kind: 'string',
            value: 'PATH',
            default: 'oci-focus-demo.duckdb',
            description: 'DuckDB file to create (an existing demo database there is replaced).',
          },
          {
            name: 'out',
            kind: 'string',
            value: 'FILE',
            default: 'oci-focus-report.html',
            description: 'HTML report to write.',
          },
          {
            name: 'seed',
            kind: 'integer',
            value: 'N',
            min: 0,
            default: '1',
            description: 'Seed of the synthetic reports (same seed, same costs).',
          },
        ],
      },
      outputFlags,
    ],
    env: [],
    examples: ['oci-focus demo', 'npm run demo'],
  },
}

/** Commands in the order `oci-focus --help` lists them. */
export const COMMAND_NAMES: readonly CommandName[] = ['copy', 'load', 'sync', 'report', 'demo']

/** All flags of a command, in help order. */
export function flagsOf(command: CommandSpec): FlagSpec[] {
  return command.groups.flatMap((group) => group.flags)
}

export function isCommandName(value: string): value is CommandName {
  return (COMMAND_NAMES as readonly string[]).includes(value)
}
