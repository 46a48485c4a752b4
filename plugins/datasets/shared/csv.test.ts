import { describe, expect, it } from 'vitest';
import { parseCsv } from './csv.js';

describe('parseCsv', () => {
  it('parses plain records with CRLF and LF endings and a BOM', () => {
    const recs = parseCsv('\ufeffa,b,c\r\n1,2,3\n4,,6\n');
    expect(recs.map((r) => r.fields)).toEqual([
      ['a', 'b', 'c'],
      ['1', '2', '3'],
      ['4', '', '6'],
    ]);
    expect(recs.map((r) => r.line)).toEqual([1, 2, 3]);
  });

  it('handles quoted fields with commas, doubled quotes and embedded newlines, keeping line numbers', () => {
    const text = 'id,text\nx,"a, b"\ny,"she said ""hi"""\nz,"two\nlines"\nw,last';
    const recs = parseCsv(text);
    expect(recs.map((r) => r.fields)).toEqual([
      ['id', 'text'],
      ['x', 'a, b'],
      ['y', 'she said "hi"'],
      ['z', 'two\nlines'],
      ['w', 'last'],
    ]);
    expect(recs.map((r) => r.line)).toEqual([1, 2, 3, 4, 6]);
  });

  it('keeps empty quoted fields and a trailing empty field', () => {
    expect(parseCsv('"",a,\n').map((r) => r.fields)).toEqual([['', 'a', '']]);
  });

  it('skips blank lines', () => {
    const recs = parseCsv('a\n\n\nb\n');
    expect(recs.map((r) => [r.fields[0], r.line])).toEqual([
      ['a', 1],
      ['b', 4],
    ]);
  });

  it('names the file and line of an unclosed quote', () => {
    expect(() => parseCsv('a,b\nc,"open\nmore', 'x.csv')).toThrow(/x\.csv:2: a quoted field opened on line 2 is never closed/);
  });

  it('names the file and line of text after a closing quote', () => {
    expect(() => parseCsv('a,b\n"q"x,1\n', 'y.csv')).toThrow(/y\.csv:2: unexpected character "x" after a closing quote \(field 1\)/);
  });
});
