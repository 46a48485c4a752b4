import { describe, expect, it } from 'vitest';
import { csvField, escapeHtml, jsonForScript, scriptSource, toCsv } from './escape.js';

describe('escapeHtml', () => {
  it('escapes the five HTML-significant characters and nothing else', () => {
    expect(escapeHtml(`<script>alert("x" & 'y')</script>`)).toBe('&lt;script&gt;alert(&quot;x&quot; &amp; &#39;y&#39;)&lt;/script&gt;');
    expect(escapeHtml('a dog — über 0.5')).toBe('a dog — über 0.5');
    expect(escapeHtml('&amp;')).toBe('&amp;amp;');
    expect(escapeHtml(42)).toBe('42');
  });
});

describe('jsonForScript', () => {
  const hostile = { caption: '</script><script>alert(1)</script>', note: '<!-- a & b -->', sep: 'x\u2028y\u2029z', n: [1, 0.5] };
  it('has no character that could end or confuse a <script> element', () => {
    const s = jsonForScript(hostile);
    expect(s).not.toMatch(/[<>&\u2028\u2029]/);
    expect(s).toContain('\\u003c/script\\u003e');
  });
  it('parses back to the same value', () => {
    expect(JSON.parse(jsonForScript(hostile))).toEqual(hostile);
  });
});

describe('scriptSource', () => {
  it('breaks </script inside inlined code and drops source-map comments', () => {
    expect(scriptSource('var s = "</script>"; var t = "</SCRIPT>";\n//# sourceMappingURL=x.js.map\nf();')).toBe(
      'var s = "<\\/script>"; var t = "<\\/SCRIPT>";\n\nf();',
    );
  });
});

describe('CSV', () => {
  it('quotes fields with commas, quotes and line breaks (RFC 4180) and joins arrays', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a, b')).toBe('"a, b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField(['a', 'b'])).toBe('a | b');
    expect(csvField(null)).toBe('');
    expect(csvField(0.25)).toBe('0.25');
  });
  it('writes a header and one line per row in the given column order', () => {
    expect(
      toCsv(
        [
          { a: 1, b: 'x,y' },
          { a: 2, b: null },
        ],
        ['b', 'a'],
      ),
    ).toBe('b,a\r\n"x,y",1\r\n,2\r\n');
    expect(toCsv([{ a: 1, b: 2 }])).toBe('a,b\r\n1,2\r\n');
  });
});
