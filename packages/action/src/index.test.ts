import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { ActionError } from './errors.js'
import { runAction } from './index.js'

let written: string[]
beforeEach(() => {
  written = []
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    written.push(String(chunk))
    return true
  })
})
afterEach(() => {
  vi.restoreAllMocks()
  process.exitCode = undefined
})

const commands = (prefix: string) => written.filter((line) => line.startsWith(prefix))

describe('runAction', () => {
  it('leaves the step green when main returns', async () => {
    await runAction(async () => {})
    expect(process.exitCode).toBeUndefined()
    expect(commands('::error')).toEqual([])
  })

  it('turns a thrown Error into exactly one ::error and exit code 1, stack on the debug log', async () => {
    await runAction(async () => {
      throw new Error('bucket focus: not found, got 404')
    })
    expect(process.exitCode).toBe(1)
    expect(commands('::error')).toEqual(['::error::bucket focus: not found, got 404\n'])
    expect(commands('::debug::Error: bucket focus')).toHaveLength(1)
  })

  it('fails the step for non-Error throws too', async () => {
    await runAction(async () => {
      throw 'a string'
    })
    expect(process.exitCode).toBe(1)
    expect(commands('::error')).toEqual(['::error::a string\n'])
  })

  it('does not repeat failures already reported one annotation per item', async () => {
    await runAction(async () => {
      throw new ActionError('ACTION_ITEMS_FAILED', '2 of 5 objects failed to copy')
    })
    expect(process.exitCode).toBe(1)
    expect(commands('::error')).toEqual([])
    expect(written).toContain('2 of 5 objects failed to copy\n')
  })
})
