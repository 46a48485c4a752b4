/** Text for HTML element content and attribute values (double- or single-quoted). */
export function escapeHtml(text: unknown): string {
  return String(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/**
 * JSON that is safe inside `<script type="application/json">`: no `<`, `>` or `&` (so no
 * `</script>` or `<!--` can end or confuse the element) and no U+2028/U+2029; `JSON.parse` of
 * the element's text gives the value back unchanged.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/**
 * Inline JavaScript source for a `<script>` element: any `</script` (only possible inside a string,
 * regex or comment) becomes `<\/script`, and source-map comments are dropped (nothing to fetch).
 */
export function scriptSource(source: string): string {
  return source.replace(/<\/(script)/gi, '<\\/$1').replace(/^\/\/# sourceMappingURL=.*$/gm, '');
}

/** One CSV field (RFC 4180): quoted when it holds a comma, quote or line break. */
export function csvField(v: unknown): string {
  if (v === undefined || v === null) return '';
  const s = Array.isArray(v) ? v.join(' | ') : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Rows of objects → CSV with a header of the given columns (default: keys of the first row). */
export function toCsv(rows: readonly Record<string, unknown>[], columns?: readonly string[]): string {
  const cols = columns ?? (rows.length ? Object.keys(rows[0]!) : []);
  const lines = [cols.map(csvField).join(',')];
  for (const r of rows) lines.push(cols.map((c) => csvField(r[c])).join(','));
  return `${lines.join('\r\n')}\r\n`;
}
