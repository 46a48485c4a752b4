import { describe, expect, it } from 'vitest';
import { f32, i64, model, node } from './testing/build.js';
import { ancestorNodes, dataInputs, findPool5 } from './graph.js';
import { decodeModel, encodeModel } from './model.js';
import { ProtoWriter, readFields, repeatedInts } from './proto.js';

describe('protobuf wire format', () => {
  it('encodes varints as in the protobuf spec', () => {
    // field 1 varint 150 → 08 96 01 (the spec's example); field 2 string "testing" → 12 07 74 65 73 74 69 6e 67
    expect(Array.from(new ProtoWriter().varint(1, 150).finish())).toEqual([0x08, 0x96, 0x01]);
    expect(Array.from(new ProtoWriter().string(2, 'testing').finish())).toEqual([0x12, 0x07, 0x74, 0x65, 0x73, 0x74, 0x69, 0x6e, 0x67]);
    // negative int64 takes 10 bytes and reads back
    const neg = new ProtoWriter().varint(3, -2).finish();
    expect(neg.length).toBe(11);
    expect(repeatedInts(readFields(neg), 3)).toEqual([-2]);
    // packed and unpacked repeated ints read alike
    const both = new ProtoWriter().packedVarints(8, [1, 300]).varint(8, 5).finish();
    expect(repeatedInts(readFields(both), 8)).toEqual([1, 300, 5]);
  });
});

describe('ONNX model encode/decode', () => {
  it('round-trips nodes, attributes, tensors and value infos', () => {
    const m = model(
      [
        node('Conv', ['x', 'w'], ['y'], { kernel_shape: [3, 3], pads: [1, 1, 1, 1] }),
        node('LRN', ['y'], ['z'], { size: 5, alpha: { float: 1e-4 }, beta: { float: 0.75 } }),
        node('Reshape', ['z', 's'], ['out']),
      ],
      [
        f32(
          'w',
          [2, 3, 3, 3],
          Array.from({ length: 54 }, (_, i) => i / 7),
        ),
        i64('s', [2], [-1, 18]),
      ],
      'x',
      'out',
    );
    const d = decodeModel(encodeModel(m));
    expect(d.irVersion).toBe(6);
    expect(d.opsets).toEqual([{ domain: '', version: 11 }]);
    expect(d.graph.nodes.map((n) => [n.opType, n.inputs, n.outputs])).toEqual([
      ['Conv', ['x', 'w'], ['y']],
      ['LRN', ['y'], ['z']],
      ['Reshape', ['z', 's'], ['out']],
    ]);
    expect(d.graph.nodes[0]!.attrs).toEqual({ kernel_shape: { type: 'ints', value: [3, 3] }, pads: { type: 'ints', value: [1, 1, 1, 1] } });
    expect(d.graph.nodes[1]!.attrs.alpha).toEqual({ type: 'float', value: Math.fround(1e-4) });
    expect(d.graph.nodes[1]!.attrs.size).toEqual({ type: 'int', value: 5 });
    expect(d.graph.initializers[0]!.dims).toEqual([2, 3, 3, 3]);
    expect(d.graph.initializers[0]!.float![53]).toBeCloseTo(53 / 7, 6);
    expect(d.graph.initializers[1]!.int64).toEqual([-1, 18]);
    expect(d.graph.inputs).toEqual([{ name: 'x', elemType: 1, shape: [1, 3, 224, 224] }]);
    // decoding from a Node Buffer view at an odd offset (as readFile/subarray give) reads the same floats
    const shifted = Buffer.concat([Buffer.alloc(3), Buffer.from(encodeModel(m))]).subarray(3);
    expect(Array.from(decodeModel(shifted).graph.initializers[0]!.float!)).toEqual(Array.from(d.graph.initializers[0]!.float!));
    // re-encoding the decoded model (raw node/tensor bytes reused) gives the same bytes
    expect(encodeModel(d)).toEqual(encodeModel(m));
  });

  it('walks the graph: data inputs, ancestors, pool5 by normalised name', () => {
    const m = model(
      [
        node('Relu', ['x'], ['a']),
        node('Relu', ['x'], ['unused']),
        node('AveragePool', ['a'], ['Pool5/7x7_S1_0']),
        node('Relu', ['Pool5/7x7_S1_0'], ['b']),
      ],
      [f32('w', [1], [1])],
      'x',
      'b',
    );
    m.graph.inputs.push({ name: 'w', elemType: 1, shape: [1] }); // old-style: initializer listed as input
    expect(dataInputs(m.graph).map((i) => i.name)).toEqual(['x']);
    expect(findPool5(m.graph)).toEqual({ name: 'Pool5/7x7_S1_0', how: 'name' });
    expect(ancestorNodes(m.graph, 'Pool5/7x7_S1_0').map((n) => n.outputs[0])).toEqual(['a', 'Pool5/7x7_S1_0']);
  });
});
