// dist/load.js, the load action's `runs.main` (load/action.yml).
import { runAction } from './index.js'
import { loadMain } from './load-main.js'

await runAction(loadMain)
