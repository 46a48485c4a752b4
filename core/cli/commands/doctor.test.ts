import { describe, expect, it } from 'vitest';
import { doctorCommand } from './doctor.js';

describe('doctor: backends', () => {
  it('one line per backend in the order auto tries them, the in-use one with its products, no absolute paths', async () => {
    const out: string[] = [];
    const code = await doctorCommand.run([], { stdout: (t: string) => out.push(t), stderr: () => {} } as unknown as Parameters<
      typeof doctorCommand.run
    >[1]);
    expect(code).toBe(0);
    const lines = out.join('\n').split('\n');
    const start = lines.indexOf('backends (auto takes the first that starts):');
    expect(start).toBeGreaterThan(0);
    const rows = lines.slice(start + 1, start + 5);
    expect(rows.map((r) => r.trim().split(/\s+/)[1])).toEqual(['tfjs-node-gpu', 'tfjs-node', 'wasm', 'cpu']);
    expect(rows.filter((r) => r.includes(' in use')).length).toBe(1);
    const wasm = rows[2]!;
    if (wasm.includes('in use')) expect(wasm).toMatch(/products on (XNNPACK|MLAS)/);
    for (const r of rows) expect(r).not.toMatch(/(^|\s|')\/[\w.-]+\//); // no absolute path
    expect(lines.join('\n')).not.toContain('Cannot find package');
  });
});
