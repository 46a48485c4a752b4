import { appendFileSync, mkdirSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { ProtoWriter } from '../../encoding/protobuf.js';
import { tfRecord } from './tfrecord.js';

/**
 * A TensorBoard event file (`events.out.tfevents.<seconds>.<host>`), scalars only. Each record is
 * a tensorflow.Event: wall_time (1, double), step (2, int64), and file_version (3) for the first
 * record or summary (5) = Summary { value (1): { tag (1), simple_value (2, float) } }. Records are
 * appended as they come, so a killed run keeps every scalar written before the kill.
 */
export class EventFileWriter {
  readonly file: string;

  constructor(dir: string, now = Date.now()) {
    mkdirSync(dir, { recursive: true });
    this.file = join(dir, `events.out.tfevents.${Math.floor(now / 1000)}.${hostname().replace(/[^A-Za-z0-9._-]/g, '_')}.${process.pid}`);
    this.append(new ProtoWriter().double(1, now / 1000).string(3, 'brain.Event:2'));
  }

  /** One Event holding every finite value of `values` at `step`. */
  scalars(step: number, values: Record<string, number>, now = Date.now()): void {
    const summary = new ProtoWriter();
    let any = false;
    for (const [tag, value] of Object.entries(values)) {
      if (!Number.isFinite(value)) continue;
      summary.message(1, new ProtoWriter().string(1, tag).float(2, value));
      any = true;
    }
    if (any)
      this.append(
        new ProtoWriter()
          .double(1, now / 1000)
          .int(2, Math.max(0, Math.trunc(step)))
          .message(5, summary),
      );
  }

  private append(event: ProtoWriter): void {
    appendFileSync(this.file, tfRecord(event.finish()));
  }
}

/** The numeric leaves of a log record as `prefix/path` tags (nested objects joined with '/'). */
export function numericLeaves(prefix: string, fields: Record<string, unknown>): Record<string, number> {
  const out: Record<string, number> = {};
  const walk = (path: string, v: unknown) => {
    if (typeof v === 'number') out[path] = v;
    else if (typeof v === 'boolean') out[path] = v ? 1 : 0;
    else if (v && typeof v === 'object' && !Array.isArray(v)) for (const [k, x] of Object.entries(v)) walk(`${path}/${k}`, x);
  };
  for (const [k, v] of Object.entries(fields)) walk(`${prefix}/${k}`, v);
  return out;
}
