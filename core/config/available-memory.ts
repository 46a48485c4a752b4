import { readFileSync } from 'node:fs';
import { totalmem } from 'node:os';

/** Bytes a cgroup (a container's memory limit) allows, when one is set. */
function cgroupLimit(): number | undefined {
  for (const file of ['/sys/fs/cgroup/memory.max', '/sys/fs/cgroup/memory/memory.limit_in_bytes']) {
    try {
      const text = readFileSync(file, 'utf8').trim();
      const n = Number(text);
      if (Number.isFinite(n) && n > 0) return n;
    } catch {
      // not on this system
    }
  }
  return undefined;
}

/** The memory a run can use: the machine's, or less where a cgroup limits it. */
export function availableMemory(): { bytes: number; source: string } {
  const total = totalmem();
  const limit = cgroupLimit();
  if (limit !== undefined && limit < total) return { bytes: limit, source: 'the cgroup memory limit' };
  return { bytes: total, source: "this machine's memory" };
}

export function formatBytes(bytes: number): string {
  if (bytes >= 2 ** 50) return `${bytes.toExponential(1)} bytes`;
  const units = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = bytes;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return u === 0 ? `${v} bytes` : `${v.toFixed(1)} ${units[u]}`;
}
