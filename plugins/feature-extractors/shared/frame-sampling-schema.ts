/** The defaults of those options (the paper's 28 frames; Caffe's 256 → 224 centre crop and BGR mean pixel). */
export const frameSamplingDefaults: { frames: number; resize: number; crop: number; mean: number[] } = {
  frames: 28,
  resize: 256,
  crop: 224,
  mean: [104, 117, 123],
};

/** The option schemas both GoogLeNet extractors share: which frames they sample and how each is scaled, cropped and centred. */
export const frameSamplingProperties = {
  frames: {
    type: 'integer',
    minimum: 1,
    default: frameSamplingDefaults.frames,
    description: 'Equally spaced frames per video: index_k = floor((k + 0.5) * total / frames).',
  },
  resize: {
    type: 'integer',
    minimum: 1,
    default: frameSamplingDefaults.resize,
    description: "Frames are first scaled (bilinear) to resize × resize, as in Caffe's training data.",
  },
  crop: {
    type: 'integer',
    minimum: 1,
    default: frameSamplingDefaults.crop,
    description: "Then centre-cropped to crop × crop (the network's input size).",
  },
  mean: {
    type: 'array',
    items: { type: 'number' },
    minItems: 3,
    maxItems: 3,
    default: frameSamplingDefaults.mean,
    description: 'Mean pixel subtracted, in B, G, R order.',
  },
} as const;
