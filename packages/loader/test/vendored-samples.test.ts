import { existsSync } from 'node:fs'
import { readdir, readFile } from 'node:fs/promises'
import { join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'
import { fixturesShared, projectShared } from './helpers.js'

async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = []
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) out.push(...(await filesUnder(path)))
    else out.push(path)
  }
  return out
}

const SAMPLES = join(fixturesShared, 'samples', 'focus-public')
const HAVE_SHARED = existsSync(join(projectShared, 'samples', 'focus-public'))
if (!HAVE_SHARED)
  console.warn(`vendored-samples: ${projectShared} not found, not comparing the vendored copies`)

describe('vendored public samples', () => {
  it('keep their attribution', async () => {
    const readme = await readFile(join(SAMPLES, 'README.md'), 'utf8')
    expect(readme).toMatch(/CC-BY-4\.0/)
    expect(readme).toMatch(/MIT/)
  })

  it.skipIf(!HAVE_SHARED)('are byte-for-byte the files of the project shared/ folder', async () => {
    const files = await filesUnder(SAMPLES)
    expect(files.length).toBeGreaterThan(10)
    for (const file of files) {
      const original = join(projectShared, 'samples', 'focus-public', relative(SAMPLES, file))
      expect([file, (await readFile(file)).equals(await readFile(original))]).toEqual([file, true])
    }
  })

  it.skipIf(!HAVE_SHARED)('hold the published OCI sample row exactly as the reference does', async () => {
    const section = (text: string) => {
      const from = text.slice(text.indexOf('## 9. The public sample OCI FOCUS row'))
      return [...from.matchAll(/```\n([^`]+?)\n```/g)].slice(0, 2).map((m) => m[1])
    }
    const vendored = await readFile(join(fixturesShared, 'reference', 'oci-focus-reports.md'), 'utf8')
    const original = await readFile(join(projectShared, 'reference', 'oci-focus-reports.md'), 'utf8')
    expect(section(vendored)).toEqual(section(original))
    expect(section(vendored)).toHaveLength(2)
  })
})
