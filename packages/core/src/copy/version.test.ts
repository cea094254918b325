import { readFile } from 'node:fs/promises'
import { expect, it } from 'vitest'
import { CORE_VERSION } from './version.js'

// The constant exists because a bundled library cannot read its package.json at run time; this keeps
// the two from drifting apart on a release.
it('records the version package.json declares', async () => {
  const pkg = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version: string
  }
  expect(CORE_VERSION).toBe(pkg.version)
})
