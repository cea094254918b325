import { generateKeyPairSync } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { routeConsoleTo } from '../src/output/console.js'
import { formatBytes, formatTable } from '../src/output/format.js'
import { REDACTED, Redactor } from '../src/output/redact.js'
import { Reporter } from '../src/output/reporter.js'
import { captureStream } from './helpers.js'

const pem = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({
  type: 'pkcs8',
  format: 'pem',
}) as string

describe('Redactor', () => {
  it('masks a registered secret wherever it appears', () => {
    const redactor = new Redactor()
    redactor.add('hunter2-password')
    expect(redactor.redact('login failed for hunter2-password!')).toBe(`login failed for ${REDACTED}!`)
  })

  it('masks a private key whole, line by line, JSON-escaped and \\n-escaped', () => {
    const redactor = new Redactor()
    const escaped = pem.replaceAll('\n', '\\n')
    redactor.add(escaped)
    const line = pem.split('\n')[3] ?? ''
    expect(line.length).toBeGreaterThan(40)
    for (const text of [pem, `key: ${line}`, JSON.stringify({ key: pem }), escaped]) {
      const out = redactor.redact(text)
      expect(out).not.toContain(line)
      expect(out).toContain(REDACTED)
    }
  })

  it('masks any PEM private key block, registered or not', () => {
    expect(new Redactor().redact(`got ${pem.trim()} here`)).toBe(`got ${REDACTED} here`)
  })

  it('ignores values too short to be secrets, so output stays readable', () => {
    const redactor = new Redactor()
    redactor.add('ab')
    redactor.add(undefined)
    expect(redactor.redact('abc')).toBe('abc')
  })

  it('redacts through a wrapped stream', () => {
    const redactor = new Redactor()
    redactor.add('s3cr3t-value')
    const sink = captureStream(true)
    const stream = redactor.stream(sink)
    stream.write('x s3cr3t-value y')
    expect(sink.text()).toBe(`x ${REDACTED} y`)
    expect(stream.isTTY).toBe(true)
  })
})

describe('Reporter', () => {
  it('draws a carriage-return progress line on a terminal and clears it before results', () => {
    const stdout = captureStream()
    const stderr = captureStream(true)
    let now = 0
    const reporter = new Reporter({ stdout, stderr, json: false, verbose: false, now: () => now })
    reporter.progress('copy: 1/3')
    reporter.progress('copy: 2/3') // within 100 ms: not drawn
    now = 500
    reporter.progress('copy: 3/3')
    reporter.logger.info('copied x')
    reporter.endProgress()
    reporter.print('done')
    const err = stderr.text()
    expect(err).toContain('\r\x1b[2Kcopy: 1/3')
    expect(err).not.toContain('copy: 2/3')
    expect(err).toContain('copy: 3/3')
    // The log line is printed on a cleared line, then the progress line is redrawn.
    expect(err).toMatch(/\r\x1b\[2Kcopied x\n\r\x1b\[2Kcopy: 3\/3/)
    expect(stdout.text()).toBe('done\n')
  })

  it('prints plain log lines and no progress when stderr is not a terminal', () => {
    const stdout = captureStream()
    const stderr = captureStream(false)
    const reporter = new Reporter({ stdout, stderr, json: false, verbose: false })
    reporter.progress('copy: 1/3', true)
    reporter.logger.info('copied x')
    reporter.logger.debug('hidden')
    reporter.logger.warn('careful')
    expect(stderr.text()).toBe('copied x\nwarning: careful\n')
  })

  it('with --json keeps stdout for the document and stderr for warnings', () => {
    const stdout = captureStream()
    const stderr = captureStream(true)
    const reporter = new Reporter({ stdout, stderr, json: true, verbose: false })
    reporter.progress('copy: 1/3', true)
    reporter.logger.info('copied x')
    reporter.print('a table')
    reporter.warn('careful')
    reporter.printJson({ ok: true })
    expect(JSON.parse(stdout.text())).toEqual({ ok: true })
    expect(stderr.text()).toBe('warning: careful\n')
  })
})

describe('format', () => {
  it('formats bytes in binary units', () => {
    expect(formatBytes(0)).toBe('0 B')
    expect(formatBytes(1536)).toBe('1.5 KB')
    expect(formatBytes(30 * 1024 * 1024)).toBe('30 MB')
    expect(formatBytes(10_220)).toBe('10 KB')
    expect(formatBytes(9_000)).toBe('8.8 KB')
  })

  it('pads table columns and right-aligns numbers', () => {
    const table = formatTable(
      ['a', 'n'],
      [
        ['xx', '1'],
        ['y', '100'],
      ],
      ['l', 'r'],
    )
    expect(table.split('\n')).toEqual(['a     n', '──  ───', 'xx    1', 'y   100'])
  })
})

describe('routeConsoleTo', () => {
  it('sends console output to the given stream and restores the console', () => {
    const target = captureStream()
    const original = console.log
    const restore = routeConsoleTo(target)
    try {
      console.log('a %s', 'b')
      console.debug('debug line')
    } finally {
      restore()
    }
    expect(console.log).toBe(original)
    expect(target.text()).toBe('a b\ndebug line\n')
  })
})
