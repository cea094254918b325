import { readFile } from 'node:fs/promises'
import { describe, expect, it } from 'vitest'
import { renderMarkdownReference } from '../src/args/help.js'

describe('README.md', () => {
  it('carries the CLI reference generated from the command table (node scripts/write-readme.mjs)', async () => {
    const readme = await readFile(new URL('../README.md', import.meta.url), 'utf8')
    const between = readme.split('<!-- cli-reference:start -->')[1]?.split('<!-- cli-reference:end -->')[0]
    expect(between).toBe(`\n${renderMarkdownReference(3)}`)
  })
})
