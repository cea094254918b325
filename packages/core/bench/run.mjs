// `npm run bench`: bundles copy.bench.ts from sources with esbuild (Node 20 cannot run .ts) and
// runs it. Dependencies stay external and resolve from the workspace's node_modules.
import { spawnSync } from 'node:child_process'
import { mkdirSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'

const here = dirname(fileURLToPath(import.meta.url))
const outDir = join(here, '..', 'node_modules', '.cache', 'oci-focus-bench')
mkdirSync(outDir, { recursive: true })
const outfile = join(outDir, 'copy.bench.mjs')
await build({
  entryPoints: [join(here, 'copy.bench.ts')],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  conditions: ['@oci-focus/source'],
  logLevel: 'warning',
  plugins: [
    {
      name: 'external-packages',
      setup(b) {
        // Bundle our workspace sources; leave every npm dependency to Node's resolver.
        b.onResolve({ filter: /^[^./]/ }, (args) =>
          args.path.startsWith('@oci-focus/') ? undefined : { path: args.path, external: true },
        )
      },
    },
  ],
})
const result = spawnSync(process.execPath, [outfile, ...process.argv.slice(2)], { stdio: 'inherit' })
process.exit(result.status ?? 1)
