import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readEventFile } from '../../../test/support/tensorboard-reader.js';
import { EventFileWriter, numericLeaves } from './event-file.js';
import { crc32c } from './tfrecord.js';

describe('TensorBoard event files', () => {
  it('CRC-32C gives the published check values (RFC 3720 B.4)', () => {
    expect(crc32c(Buffer.from('123456789'))).toBe(0xe3069283);
    expect(crc32c(new Uint8Array(32))).toBe(0x8a9136aa);
    expect(crc32c(new Uint8Array(32).fill(0xff))).toBe(0x62a8ab43);
    expect(crc32c(Uint8Array.from({ length: 32 }, (_, i) => i))).toBe(0x46dd794e);
  });

  it('writes a file_version record, then one Event per call with its step, wall time and float scalars', () => {
    const dir = mkdtempSync(join(tmpdir(), 'topiclens-tb-'));
    const w = new EventFileWriter(dir, 1_700_000_000_500);
    w.scalars(3, { 'train/epoch/taskLoss': 2.5, 'train/epoch/gradNorm': 0.125, skipped: NaN }, 1_700_000_010_000);
    w.scalars(4, { 'train/epoch/taskLoss': 1 / 3 }, 1_700_000_020_000);
    w.scalars(5, { onlyNaN: Infinity });
    expect(readdirSync(dir)).toEqual([w.file.slice(dir.length + 1)]);
    expect(w.file).toMatch(/events\.out\.tfevents\.1700000000\./);
    const events = readEventFile(readFileSync(w.file));
    expect(events).toHaveLength(3);
    expect(events[0]).toEqual({ wallTime: 1_700_000_000.5, step: 0, fileVersion: 'brain.Event:2', values: {} });
    expect(events[1]).toEqual({ wallTime: 1_700_000_010, step: 3, values: { 'train/epoch/taskLoss': 2.5, 'train/epoch/gradNorm': 0.125 } });
    expect(events[2]!.step).toBe(4);
    expect(events[2]!.values['train/epoch/taskLoss']).toBe(Math.fround(1 / 3));
  });

  it('turns a log record into tags: nested objects joined with "/", booleans as 0/1, strings and arrays left out', () => {
    expect(
      numericLeaves('train/epoch', {
        epoch: 2,
        best: true,
        validation: { score: 0.5, metrics: { Bleu_4: 0.25 } },
        name: 'x',
        list: [1, 2],
      }),
    ).toEqual({
      'train/epoch/epoch': 2,
      'train/epoch/best': 1,
      'train/epoch/validation/score': 0.5,
      'train/epoch/validation/metrics/Bleu_4': 0.25,
    });
  });
});
