export const CRLF = '\r\n'

/** One RFC-4180 field: quoted (inner quotes doubled) only when it holds `,`, `"`, CR or LF. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value
}

/**
 * A minimal RFC-4180 reader (quoted fields, doubled quotes, CRLF or LF), used only to total files
 * the generator did not make itself. Tests read files back with csv-parse instead.
 */
export function parseCsv(text: string): string[][] {
  const records: string[][] = []
  let record: string[] = []
  let field = ''
  let i = 0
  let quoted = false
  while (i < text.length) {
    const ch = text[i]!
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"'
          i += 2
          continue
        }
        quoted = false
      } else {
        field += ch
      }
      i += 1
      continue
    }
    if (ch === '"') {
      quoted = true
    } else if (ch === ',') {
      record.push(field)
      field = ''
    } else if (ch === '\n' || ch === '\r') {
      record.push(field)
      records.push(record)
      record = []
      field = ''
      if (ch === '\r' && text[i + 1] === '\n') i += 1
    } else {
      field += ch
    }
    i += 1
  }
  if (field !== '' || record.length > 0) {
    record.push(field)
    records.push(record)
  }
  return records
}
