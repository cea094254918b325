// dist/copy.js, the copy action's `runs.main`.
import { copyMain } from './copy-main.js'
import { runAction } from './index.js'

await runAction(copyMain)
