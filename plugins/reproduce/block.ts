import { checklist } from './checklist.js';
import { compareModels } from './compare.js';
import { probeNote } from './read-run.js';
import type { RefineResult } from './refine-protocol.js';
import { pairedDifference, stat } from './stats.js';
import type { SeedResult, WorldBlock } from './types.js';

/** One world's figures over its seeds: LSTM-B vs LSTM-I, transfer, the refine protocol, the targets. */
export function summarizeBlock(worldSeed: number | null, title: string, perSeed: SeedResult[]): WorldBlock {
  const refined = perSeed.map((s) => ('skipped' in s.refine ? undefined : s.refine));
  const r = (k: keyof Omit<RefineResult, 'file' | 'reused'>) => stat(refined.map((x) => x?.[k]));
  const notes: string[] = [];
  for (const s of perSeed) {
    for (const w of s.sameInputs.warnings) notes.push(`seed ${s.seed}: ${w}`);
    for (const m of ['LSTM-B', 'LSTM-I'] as const)
      for (const p of s.captioning[m]?.problems ?? []) notes.push(`seed ${s.seed}, ${m}: ${p}`);
    if ('skipped' in s.refine) notes.push(`seed ${s.seed}: refine protocol skipped: ${s.refine.skipped}`);
  }
  const b = perSeed.map((s) => s.captioning['LSTM-B']).find((x) => x?.method);
  return {
    worldSeed,
    title,
    perSeed,
    comparison: compareModels(perSeed),
    transfer: {
      'LSTM-B': stat(perSeed.map((s) => s.transfer['LSTM-B'])),
      'LSTM-I': stat(perSeed.map((s) => s.transfer['LSTM-I'])),
      'LSTM-R': stat(perSeed.map((s) => s.transfer['LSTM-R'])),
    },
    refine: {
      gained: r('gained'),
      gainedOwn: r('gainedOwn'),
      total: r('total'),
      requested: r('requested'),
      bleu4Before: r('bleu4Before'),
      bleu4After: r('bleu4After'),
      bleu4Drop: pairedDifference(
        refined.map((x) => x?.bleu4After),
        refined.map((x) => x?.bleu4Before),
      ),
      meteorBefore: r('meteorBefore'),
      meteorAfter: r('meteorAfter'),
      ciderBefore: r('ciderBefore'),
      ciderAfter: r('ciderAfter'),
    },
    checklist: checklist(perSeed),
    probeNote: probeNote(b) ?? (b?.method?.endsWith('+probe') ? `attributed with ${b.method}` : undefined),
    notes,
  };
}
