/** The paper's numbers (Dong et al. 2017: Table 2 captioning on MSVD, Table 3 UCF11 transfer, Sec. 4 refining). */
export const PAPER = {
  captioning: {
    'LSTM-B': { Bleu_4: 0.416, METEOR: 0.295 },
    'LSTM-I': { Bleu_4: 0.446, METEOR: 0.297 },
    'LSTM-I refined (20 videos)': { Bleu_4: 0.449, METEOR: 0.298 },
  },
  /** Accuracy in percent. */
  transfer: { 'LSTM-B': 88.5, 'LSTM-I': 91.13, 'LSTM-R': 90.13 },
  refine: { gained: 17, of: 20 },
  datasets: { captioning: 'YouTubeClips / MSVD (1200/100/670)', transfer: 'UCF11 (random 800/800 split)' },
} as const;

export type CaptionModelName = 'LSTM-B' | 'LSTM-I';
export type TransferModelName = 'LSTM-B' | 'LSTM-I' | 'LSTM-R';

/** Which presets make each row of the reproduction. */
export interface PresetSet {
  captioning: Record<CaptionModelName, string>;
  /** Transfer presets; LSTM-B / LSTM-I take their encoder from the captioning run of the same model and seed. */
  transfer: Record<TransferModelName, string>;
}

export const PRESET_SETS: Record<'paper' | 'quick', PresetSet> = {
  paper: {
    captioning: { 'LSTM-B': 'lstm-b', 'LSTM-I': 'lstm-i' },
    transfer: { 'LSTM-B': 'transfer-lstm-b', 'LSTM-I': 'transfer-lstm-i', 'LSTM-R': 'lstm-r' },
  },
  quick: {
    captioning: { 'LSTM-B': 'quick-b', 'LSTM-I': 'quick' },
    transfer: { 'LSTM-B': 'quick-transfer-lstm-b', 'LSTM-I': 'quick-transfer-lstm-i', 'LSTM-R': 'quick-lstm-r' },
  },
};
