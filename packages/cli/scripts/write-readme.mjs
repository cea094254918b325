// Regenerates the CLI reference in README.md from the command table (run after `npm run build`):
//   node scripts/write-readme.mjs
import { readFileSync, writeFileSync } from 'node:fs'
import { renderMarkdownReference } from '../dist/index.js'

const START = '<!-- cli-reference:start -->'
const END = '<!-- cli-reference:end -->'
const path = new URL('../README.md', import.meta.url)
const readme = readFileSync(path, 'utf8')
const [before, rest] = readme.split(START)
const after = rest?.split(END)[1]
if (before === undefined || after === undefined) throw new Error(`README.md: must contain ${START} … ${END}`)
writeFileSync(path, `${before}${START}\n${renderMarkdownReference(3)}${END}${after}`)
