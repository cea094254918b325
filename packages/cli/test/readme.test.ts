import { readFile } from 'node:fs/promises'
import { describe, expect, it } from 'vitest'
import { renderMarkdownReference } from '../src/args/help.js'

const READMES = [
  ['packages/cli/README.md', new URL('../README.md', import.meta.url)],
  ['README.md', new URL('../../../README.md', import.meta.url)],
] as const

describe.each(READMES)('%s', (_name, url) => {
  it('carries the CLI reference generated from the command table (node scripts/write-readme.mjs)', async () => {
    const readme = await readFile(url, 'utf8')
    const between = readme.split('<!-- cli-reference:start -->')[1]?.split('<!-- cli-reference:end -->')[0]
    expect(between).toBe(`\n${renderMarkdownReference(3)}`)
  })
})
