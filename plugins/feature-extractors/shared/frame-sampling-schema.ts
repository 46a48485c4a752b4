/** The option schemas both GoogLeNet extractors share: which frames they sample and how each is scaled, cropped and centred. */
export const frameSamplingProperties = {
  frames: {
    type: 'integer',
    minimum: 1,
    default: 28,
    description: 'Equally spaced frames per video: index_k = floor((k + 0.5) * total / frames).',
  },
  resize: {
    type: 'integer',
    minimum: 1,
    default: 256,
    description: "Frames are first scaled (bilinear) to resize × resize, as in Caffe's training data.",
  },
  crop: { type: 'integer', minimum: 1, default: 224, description: "Then centre-cropped to crop × crop (the network's input size)." },
  mean: {
    type: 'array',
    items: { type: 'number' },
    minItems: 3,
    maxItems: 3,
    default: [104, 117, 123] as number[],
    description: 'Mean pixel subtracted, in B, G, R order.',
  },
} as const;
