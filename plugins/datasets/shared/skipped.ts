import type { DatasetInfo, SkippedItems } from '../../../core/contracts/dataset.js';

/**
 * Collects what a loader skipped, by reason, keeping a few examples of each. A reason added with
 * `problem` is a data problem (something lost that should be there); without, a deliberate omission.
 */
export class SkipLog {
  private readonly byReason = new Map<string, { count: number; examples: string[]; problem?: SkippedItems['problem'] }>();

  constructor(private readonly maxExamples = 5) {}

  add(reason: string, example: string, problem?: SkippedItems['problem']): void {
    let e = this.byReason.get(reason);
    if (!e) {
      e = { count: 0, examples: [], ...(problem ? { problem } : {}) };
      this.byReason.set(reason, e);
    }
    e.count++;
    if (e.examples.length < this.maxExamples) e.examples.push(example);
  }

  count(reason?: string): number {
    if (reason !== undefined) return this.byReason.get(reason)?.count ?? 0;
    let n = 0;
    for (const e of this.byReason.values()) n += e.count;
    return n;
  }

  entries(): DatasetInfo['skipped'] {
    return [...this.byReason.entries()].map(([reason, e]) => ({
      reason,
      count: e.count,
      examples: [...e.examples],
      ...(e.problem ? { problem: e.problem } : {}),
    }));
  }

  /** One line per reason, for error messages. */
  summary(): string {
    return this.entries()
      .map((e) => `  ${e.count} × ${e.reason}${e.problem ? ' (data problem)' : ''} (e.g. ${e.examples.slice(0, 2).join('; ')})`)
      .join('\n');
  }
}
