import { TopiclensError } from '../../../core/errors.js';

/** One parsed CSV record with the 1-based line its first field starts on. */
export interface CsvRecord {
  fields: string[];
  line: number;
}

/**
 * Parse RFC 4180 CSV text: fields separated by commas, records by CRLF or LF; a field in double
 * quotes may hold commas, line breaks and doubled quotes (`""`). A UTF-8 BOM is dropped. A bare
 * quote inside an unquoted field is kept literally (common in hand-made files); text after a
 * closing quote, or a quoted field left open at the end of the file, is an error naming the
 * file and line.
 */
export function parseCsv(text: string, file = '<csv>'): CsvRecord[] {
  const records: CsvRecord[] = [];
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const n = text.length;
  let line = 1;
  let fields: string[] = [];
  let recordLine = 1;
  let atRecordStart = true;
  // Blank lines are not records.
  const push = (f: string[], at: number): void => {
    if (!(f.length === 1 && f[0] === '')) records.push({ fields: f, line: at });
  };

  while (i < n || !atRecordStart) {
    if (atRecordStart) {
      recordLine = line;
      fields = [];
      atRecordStart = false;
    }
    let value = '';
    if (text[i] === '"') {
      const openLine = line;
      i++;
      for (;;) {
        if (i >= n) {
          throw new TopiclensError(
            `${file}:${openLine}: a quoted field opened on line ${openLine} is never closed. Check for an unbalanced double quote (quotes inside a quoted field must be doubled: "").`,
          );
        }
        const ch = text[i]!;
        if (ch === '"') {
          if (text[i + 1] === '"') {
            value += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        if (ch === '\n') line++;
        value += ch;
        i++;
      }
      const next = text[i];
      if (next !== undefined && next !== ',' && next !== '\n' && next !== '\r') {
        throw new TopiclensError(
          `${file}:${line}: unexpected character ${JSON.stringify(next)} after a closing quote (field ${fields.length + 1}). A quoted field must end right before a comma or the end of the line.`,
        );
      }
    } else {
      const start = i;
      while (i < n) {
        const ch = text[i]!;
        if (ch === ',' || ch === '\n' || ch === '\r') break;
        i++;
      }
      value = text.slice(start, i);
    }
    fields.push(value);
    if (i >= n) {
      push(fields, recordLine);
      atRecordStart = true;
      break;
    }
    const sep = text[i]!;
    if (sep === ',') {
      i++;
      continue;
    }
    // End of record: CRLF, LF or a lone CR.
    if (sep === '\r' && text[i + 1] === '\n') i += 2;
    else i++;
    line++;
    push(fields, recordLine);
    atRecordStart = true;
  }
  return records;
}
