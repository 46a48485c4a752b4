/**
 * The bytes of a one-product ONNX model (opset 13), written by hand: a dozen protobuf fields
 * are all it takes, so no protobuf library. Every dimension is symbolic, so one session serves
 * every shape of its signature.
 *
 * - rank 2: `Gemm(a, b)` with transA/transB (MLAS reads a transposed operand in place).
 * - rank 3: `MatMul` over [batch, ·, ·] (numpy broadcasting of a batch of 1), with a
 *   `Transpose` in front of each transposed operand.
 */

const utf8 = new TextEncoder();

function varint(n: number): number[] {
  const out: number[] = [];
  let v = n;
  while (v >= 0x80) {
    out.push((v % 0x80) | 0x80);
    v = Math.floor(v / 0x80);
  }
  out.push(v);
  return out;
}

const tag = (field: number, wire: number) => varint((field << 3) | wire);
const int = (field: number, n: number) => [...tag(field, 0), ...varint(n)];
const msg = (field: number, body: number[]) => [...tag(field, 2), ...varint(body.length), ...body];
const str = (field: number, s: string) => msg(field, [...utf8.encode(s)]);

const FLOAT = 1;
const ATTR_INT = 2;
const ATTR_INTS = 7;

/** ValueInfoProto of a float tensor with symbolic dimensions. */
function valueInfo(name: string, dims: string[]): number[] {
  const shape = dims.flatMap((d) => msg(1, str(2, d)));
  const tensorType = [...int(1, FLOAT), ...msg(2, shape)];
  return [...str(1, name), ...msg(2, msg(1, tensorType))];
}

const attrInt = (name: string, v: number) => [...str(1, name), ...int(20, ATTR_INT), ...int(3, v)];
const attrInts = (name: string, vs: number[]) => [...str(1, name), ...int(20, ATTR_INTS), ...vs.flatMap((v) => int(8, v))];

function node(op: string, inputs: string[], outputs: string[], attrs: number[][] = []): number[] {
  return [
    ...inputs.flatMap((i) => str(1, i)),
    ...outputs.flatMap((o) => str(2, o)),
    ...str(3, outputs[0]!),
    ...str(4, op),
    ...attrs.flatMap((a) => msg(5, a)),
  ];
}

export interface MatMulSignature {
  rank: 2 | 3;
  transposeA: boolean;
  transposeB: boolean;
}

/** Input names `a`, `b`; output `y`. */
export function matMulModel(sig: MatMulSignature): Uint8Array {
  const { rank, transposeA: tA, transposeB: tB } = sig;
  const nodes: number[][] = [];
  let dimsA: string[];
  let dimsB: string[];
  let dimsY: string[];
  if (rank === 2) {
    dimsA = tA ? ['k', 'm'] : ['m', 'k'];
    dimsB = tB ? ['n', 'k'] : ['k', 'n'];
    dimsY = ['m', 'n'];
    nodes.push(node('Gemm', ['a', 'b'], ['y'], [attrInt('transA', tA ? 1 : 0), attrInt('transB', tB ? 1 : 0)]));
  } else {
    dimsA = tA ? ['ba', 'k', 'm'] : ['ba', 'm', 'k'];
    dimsB = tB ? ['bb', 'n', 'k'] : ['bb', 'k', 'n'];
    dimsY = ['bo', 'm', 'n'];
    let a = 'a';
    let b = 'b';
    if (tA) {
      a = 'aT';
      nodes.push(node('Transpose', ['a'], [a], [attrInts('perm', [0, 2, 1])]));
    }
    if (tB) {
      b = 'bT';
      nodes.push(node('Transpose', ['b'], [b], [attrInts('perm', [0, 2, 1])]));
    }
    nodes.push(node('MatMul', [a, b], ['y']));
  }
  const graph = [
    ...nodes.flatMap((n) => msg(1, n)),
    ...str(2, 'matmul'),
    ...msg(11, valueInfo('a', dimsA)),
    ...msg(11, valueInfo('b', dimsB)),
    ...msg(12, valueInfo('y', dimsY)),
  ];
  const opset = [...str(1, ''), ...int(2, 13)];
  return Uint8Array.from([...int(1, 8), ...str(2, 'topiclens'), ...msg(7, graph), ...msg(8, opset)]);
}
