import { CLI_COMMANDS, COMMAND_NAMES, type CommandSpec, type FlagSpec } from './spec.js'

const WIDTH = 100
const FLAG_COLUMN = 30

/** `--date DAY`, `--json`: how a flag is written. */
export function flagSynopsis(flag: FlagSpec): string {
  return flag.kind === 'boolean' ? `--${flag.name}` : `--${flag.name} ${flag.value ?? 'VALUE'}`
}

/** The description with its choices, default and environment fallbacks appended. */
export function flagDetails(flag: FlagSpec): string {
  const parts = [flag.description]
  if (flag.choices) parts.push(`One of: ${flag.choices.join(', ')}.`)
  if (flag.default !== undefined) parts.push(`Default: ${flag.default}.`)
  if (flag.env?.length) parts.push(`Env: ${flag.env.join(' or ')}.`)
  return parts.join(' ')
}

function wrap(text: string, width: number): string[] {
  const lines: string[] = []
  let line = ''
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line)
      line = word
    } else {
      line = line ? `${line} ${word}` : word
    }
  }
  if (line) lines.push(line)
  return lines
}

function twoColumns(left: string, right: string, column = FLAG_COLUMN): string[] {
  const pad = ' '.repeat(column)
  const body = wrap(right, WIDTH - column)
  const head = `  ${left}`
  if (head.length + 2 > column) return [head, ...body.map((l) => pad + l)]
  return body.map((l, i) => (i === 0 ? head.padEnd(column) + l : pad + l))
}

/** The full `--help` text of one command. */
export function renderCommandHelp(command: CommandSpec): string {
  const out: string[] = [`oci-focus ${command.name} — ${command.summary}`, '', 'Usage:']
  for (const usage of command.usage) out.push(`  ${usage}`)
  for (const paragraph of command.description) out.push('', ...wrap(paragraph, WIDTH))
  for (const group of command.groups) {
    out.push('', `${group.title}:`)
    for (const flag of group.flags) out.push(...twoColumns(flagSynopsis(flag), flagDetails(flag)))
  }
  if (command.env.length) {
    out.push('', 'Environment:')
    for (const variable of command.env) {
      out.push(
        ...twoColumns(variable.name, variable.description + (variable.secret ? ' Never printed.' : '')),
      )
    }
  }
  if (command.examples.length) {
    out.push('', 'Examples:')
    for (const example of command.examples) out.push(`  ${example}`)
  }
  return `${out.join('\n')}\n`
}

/** `oci-focus --help`: the command list. */
export function renderMainHelp(version: string): string {
  const out = [
    `oci-focus ${version} — copy OCI FOCUS cost reports into your bucket and load them into a database.`,
    '',
    'Usage:',
    '  oci-focus <command> [flags]',
    '  oci-focus <command> --help',
    '',
    'Commands:',
  ]
  for (const name of COMMAND_NAMES) out.push(...twoColumns(name, CLI_COMMANDS[name].summary, 12))
  out.push(
    '',
    'Flags:',
    ...twoColumns('--help', 'Show this help.', 12),
    ...twoColumns('--version', 'Print the version.', 12),
    '',
    'Exit status: 0 when nothing failed, 1 when any object or file failed, 2 for a usage error.',
  )
  return `${out.join('\n')}\n`
}

function markdownCell(text: string): string {
  return text.replaceAll('|', '\\|').replaceAll('\n', ' ')
}

/**
 * The CLI reference as Markdown (one section per command: usage, a flag table per group, the
 * environment variables), generated from the same table as `--help` for the README and docs.
 */
export function renderMarkdownReference(headingLevel = 3): string {
  const h = '#'.repeat(headingLevel)
  const out: string[] = []
  for (const name of COMMAND_NAMES) {
    const command = CLI_COMMANDS[name]
    out.push(`${h} \`oci-focus ${name}\``, '', command.summary, '', '```', ...command.usage, '```', '')
    for (const paragraph of command.description) out.push(paragraph, '')
    for (const group of command.groups) {
      out.push(`**${group.title}**`, '', '| Flag | Description |', '|---|---|')
      for (const flag of group.flags) {
        out.push(`| \`${flagSynopsis(flag)}\` | ${markdownCell(flagDetails(flag))} |`)
      }
      out.push('')
    }
    if (command.env.length) {
      out.push('**Environment**', '', '| Variable | Description |', '|---|---|')
      for (const variable of command.env) {
        out.push(
          `| \`${variable.name}\` | ${markdownCell(variable.description)}${variable.secret ? ' Never printed.' : ''} |`,
        )
      }
      out.push('')
    }
  }
  return out.join('\n')
}
