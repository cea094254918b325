// Regenerates the CLI reference in the package README and the repository README from the command
// table (run after `npm run build`):  node scripts/write-readme.mjs
import { readFileSync, writeFileSync } from 'node:fs'
import { renderMarkdownReference } from '../dist/index.js'

const START = '<!-- cli-reference:start -->'
const END = '<!-- cli-reference:end -->'

for (const [file, level] of [
  ['../README.md', 3],
  ['../../../README.md', 3],
]) {
  const path = new URL(file, import.meta.url)
  const readme = readFileSync(path, 'utf8')
  const [before, rest] = readme.split(START)
  const after = rest?.split(END)[1]
  if (before === undefined || after === undefined) throw new Error(`${file}: must contain ${START} … ${END}`)
  writeFileSync(path, `${before}${START}\n${renderMarkdownReference(level)}${END}${after}`)
}
