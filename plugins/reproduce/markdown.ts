/** A GitHub-flavoured markdown table. */
export const table = (head: string[], body: string[][]): string =>
  [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...body.map((row) => `| ${row.join(' | ')} |`)].join('\n');

/** `x.toFixed(d)`, `—` for none. */
export const fixed = (x: number | null | undefined, digits: number): string =>
  x === null || x === undefined || !Number.isFinite(x) ? '—' : x.toFixed(digits);
