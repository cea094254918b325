import { readdir, readFile } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { CLI_COMMANDS, COMMAND_NAMES, type CommandName } from '../src/args/spec.js'

// Every command, flag, npm script and action input that the README and docs/ show must exist, so a
// reader who copies an example gets a working command, not "unknown flag".

const ROOT = path.resolve(fileURLToPath(new URL('.', import.meta.url)), '../../..')

async function documents(): Promise<Array<{ file: string; text: string }>> {
  const files = [
    'README.md',
    'packages/action/README.md',
    'packages/cli/README.md',
    'packages/loader/README.md',
    'packages/core/README.md',
    ...(await readdir(path.join(ROOT, 'docs'))).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`),
  ]
  return Promise.all(
    files.map(async (file) => ({ file, text: await readFile(path.join(ROOT, file), 'utf8') })),
  )
}

/** Fenced code blocks, with shell line continuations joined. */
function codeBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/```[a-z]*\n([\s\S]*?)```/g)].map((m) => (m[1] ?? '').replace(/\\\n\s*/g, ' '))
}

function flagsOf(command: CommandName): Set<string> {
  const names = new Set(['help'])
  for (const group of CLI_COMMANDS[command].groups) for (const flag of group.flags) names.add(flag.name)
  return names
}

/** Inputs declared in an action.yml (top-level keys under `inputs:`). */
async function actionInputs(file: string): Promise<Set<string>> {
  const yaml = await readFile(path.join(ROOT, file), 'utf8')
  const section = yaml.split(/^inputs:\s*$/m)[1]?.split(/^\S/m)[0] ?? ''
  return new Set([...section.matchAll(/^ {2}([a-z0-9-]+):/gm)].map((m) => m[1]!))
}

describe('documentation examples', () => {
  it('only show oci-focus commands and flags that exist', async () => {
    const problems: string[] = []
    let checked = 0
    for (const { file, text } of await documents()) {
      for (const block of codeBlocks(text)) {
        for (const line of block.split('\n')) {
          const match = /(?:^|\s|npx\s)oci-focus\s+([a-z-]+)(.*)$/.exec(line.replace(/#.*$/, ''))
          if (!match) continue
          const [, command = '', rest = ''] = match
          if (command.startsWith('-')) continue
          checked++
          if (!(COMMAND_NAMES as readonly string[]).includes(command)) {
            problems.push(`${file}: unknown command "oci-focus ${command}"`)
            continue
          }
          const known = flagsOf(command as CommandName)
          for (const flag of rest.matchAll(/\s--([a-z0-9-]+)/g)) {
            if (!known.has(flag[1]!))
              problems.push(`${file}: "oci-focus ${command}" has no flag --${flag[1]}`)
          }
        }
      }
    }
    expect(problems).toEqual([])
    expect(checked).toBeGreaterThan(10)
  })

  it('only show npm scripts that exist', async () => {
    const scripts = JSON.parse(await readFile(path.join(ROOT, 'package.json'), 'utf8')).scripts as Record<
      string,
      string
    >
    const problems: string[] = []
    for (const { file, text } of await documents()) {
      if (file.startsWith('packages/')) continue
      for (const block of codeBlocks(text)) {
        for (const match of block.matchAll(/npm (?:run ([a-z:-]+)|(test)\b)/g)) {
          const name = match[1] ?? match[2]!
          if (!(name in scripts)) problems.push(`${file}: npm script "${name}" does not exist`)
        }
      }
    }
    expect(problems).toEqual([])
    // The two Quick start commands of the README.
    const readme = await readFile(path.join(ROOT, 'README.md'), 'utf8')
    const quickStart = readme.split('## Quick start')[1]?.split('\n## ')[0] ?? ''
    expect(codeBlocks(quickStart)[0]?.trim().split('\n')).toEqual(['npm ci && npm run demo', 'npm test'])
  })

  it('only show action inputs that the action declares', async () => {
    const copy = await actionInputs('packages/action/action.yml')
    const load = await actionInputs('packages/action/load/action.yml')
    expect(copy.has('dest-bucket')).toBe(true)
    expect(load.has('db-connect-string')).toBe(true)
    const problems: string[] = []
    let checked = 0
    for (const { file, text } of await documents()) {
      for (const block of codeBlocks(text)) {
        // Each `uses: …/packages/action[/load]@…` step and the `with:` keys that follow it.
        for (const step of block.split(/\n\s*- /)) {
          const uses = /uses:\s*\S*packages\/action(\/load)?(?:@\S+)?\s*$/m.exec(step)
          if (!uses) continue
          const inputs = uses[1] ? load : copy
          const withBlock = step.split(/^\s*with:\s*$/m)[1] ?? ''
          for (const key of withBlock.matchAll(/^\s+([a-z0-9-]+):/gm)) {
            checked++
            if (!inputs.has(key[1]!))
              problems.push(`${file}: ${uses[1] ? 'load' : 'copy'} action has no input "${key[1]}"`)
          }
        }
      }
    }
    expect(problems).toEqual([])
    expect(checked).toBeGreaterThan(20)
  })
})
