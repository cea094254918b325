#!/usr/bin/env node
// Validates every workflow in .github/workflows and both action.yml files offline with
// @action-validator/core (the engine of `npx action-validator`), and exits 1 on any error.
//
// Why not the CLI alone: action-validator 0.6.0 embeds a schema whose `runs.using` enum stops at
// node20, so it rejects `using: node24`, which GitHub runners have defaulted to since 2026-06. We
// check that `using` is exactly node24 ourselves, then validate the rest of the file with the
// value swapped to the newest one the schema knows. Everything else goes through unchanged.
import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { validateAction, validateWorkflow } from '@action-validator/core'

const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const repoRoot = resolve(packageDir, '../..')
const workflowDir = join(repoRoot, '.github/workflows')

const RUNS_USING = /^ {2}using: *['"]?([\w-]+)['"]? *$/m

const files = [
  ...readdirSync(workflowDir)
    .filter((name) => /\.ya?ml$/.test(name))
    .sort()
    .map((name) => ({ path: join(workflowDir, name), kind: 'workflow' })),
  { path: join(packageDir, 'action.yml'), kind: 'action' },
  { path: join(packageDir, 'load/action.yml'), kind: 'action' },
]

let failures = 0
for (const file of files) {
  const shown = relative(repoRoot, file.path)
  let source = readFileSync(file.path, 'utf8')
  const problems = []
  if (file.kind === 'action') {
    const using = RUNS_USING.exec(source)?.[1]
    if (using !== 'node24') problems.push(`runs.using: must be node24, got ${using ?? 'nothing'}`)
    else source = source.replace(RUNS_USING, '  using: node20')
  }
  const state = file.kind === 'action' ? validateAction(source) : validateWorkflow(source)
  for (const error of state.errors) problems.push(JSON.stringify(error))
  if (problems.length === 0) {
    console.log(`ok      ${shown}`)
  } else {
    failures++
    console.error(`invalid ${shown}`)
    for (const problem of problems) console.error(`  ${problem}`)
  }
}
if (failures > 0) {
  console.error(`${failures} of ${files.length} file(s) failed validation`)
  process.exit(1)
}
