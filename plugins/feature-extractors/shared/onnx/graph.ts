import type { OnnxGraph, OnnxModel, OnnxNode, OnnxValueInfo } from './model.js';

/** Graph inputs that are real inputs (old ONNX files also list every initializer as an input). */
export function dataInputs(g: OnnxGraph): OnnxValueInfo[] {
  const init = new Set(g.initializers.map((t) => t.name));
  return g.inputs.filter((i) => !init.has(i.name));
}

/** Normalised tensor name: lower case, every run of non-alphanumerics → `_`. */
const norm = (s: string): string => s.toLowerCase().replace(/[^a-z0-9]+/g, '_');

/**
 * The tensor holding GoogLeNet's `pool5/7x7_s1`. Exporters spell it differently — Caffe
 * `pool5/7x7_s1`, the ONNX model zoo (via Caffe2) `pool5/7x7_s1_1`, others `pool5_7x7_s1`,
 * `pool5/7x7_s1_0` — so names are compared after normalising (lower case, non-alphanumerics
 * → `_`) against `pool5_7x7_s1` with an optional numeric suffix; the output of the node named
 * that way counts too. Without a match: the output of the last AveragePool / GlobalAveragePool
 * node. Returns undefined when nothing fits.
 */
export function findPool5(g: OnnxGraph): { name: string; how: 'name' | 'last-average-pool' } | undefined {
  const re = /^pool5_7x7_s1(_\d+)?$/;
  for (const n of g.nodes) {
    const hit = n.outputs.find((o) => re.test(norm(o)));
    if (hit) return { name: hit, how: 'name' };
  }
  for (const n of g.nodes) if (re.test(norm(n.name)) && n.outputs[0]) return { name: n.outputs[0], how: 'name' };
  const pools = g.nodes.filter((n) => n.opType === 'AveragePool' || n.opType === 'GlobalAveragePool');
  const last = pools[pools.length - 1];
  return last?.outputs[0] ? { name: last.outputs[0], how: 'last-average-pool' } : undefined;
}

/** The nodes needed to compute `output`, in graph (topological) order. */
export function ancestorNodes(g: OnnxGraph, output: string): OnnxNode[] {
  const producer = new Map<string, OnnxNode>();
  for (const n of g.nodes) for (const o of n.outputs) producer.set(o, n);
  const needed = new Set<OnnxNode>();
  const stack = [output];
  while (stack.length) {
    const t = stack.pop()!;
    const n = producer.get(t);
    if (!n || needed.has(n)) continue;
    needed.add(n);
    stack.push(...n.inputs.filter(Boolean));
  }
  return g.nodes.filter((n) => needed.has(n));
}

/**
 * The model cut at tensor `output`: only the nodes that compute it (so nothing after it runs —
 * e.g. the classifier's fixed-batch Reshape), only the initializers those nodes read, `output`
 * as the sole graph output, and the batch dimension of the data input made symbolic (`N`) so
 * any number of frames can run in one call.
 */
export function truncateModel(m: OnnxModel, output: string): OnnxModel {
  const g = m.graph;
  const nodes = ancestorNodes(g, output);
  if (nodes.length === 0) throw new Error(`no node produces tensor "${output}"`);
  const used = new Set(nodes.flatMap((n) => n.inputs));
  const inputs = dataInputs(g)
    .filter((i) => used.has(i.name))
    .map((i) => ({ ...i, ...(i.shape ? { shape: ['N', ...i.shape.slice(1)] } : {}) }));
  return {
    ...m,
    graph: {
      name: g.name,
      nodes,
      initializers: g.initializers.filter((t) => used.has(t.name)),
      inputs,
      outputs: [{ name: output, elemType: 1 }],
    },
  };
}
