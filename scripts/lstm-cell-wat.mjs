// Writes core/tensor/lstm-cell.wat: the LSTM cell loops with the sigmoid of the four gates
// interleaved (one dependency chain each, so their latencies overlap). Run
// `node scripts/lstm-cell-wat.mjs > core/tensor/lstm-cell.wat`, then compile it as heap-module.ts says.
const C = {
  minusLog2e: '-0x1.715476p0',
  magic: '0x1.8000FEp23',
  ln2hi: '0x1.62E400p-1',
  ln2lo: '0x1.7F7D1Cp-20',
  c5: '-0x1.0F9F9Cp-7',
  c4: '0x1.573A1Ap-5',
  c3: '-0x1.555A80p-3',
  c2: '0x1.FFFDC6p-2',
  c1: '-0x1.FFFFF6p-1',
  cutoff: '0x1.5D589Ep6',
};
const k = (name) => `(v128.const f32x4 ${C[name] ?? name} ${C[name] ?? name} ${C[name] ?? name} ${C[name] ?? name})`;
const g = (v) => `(local.get $${v})`;
const set = (v, e) => `(local.set $${v} ${e})`;

/** σ of the values in locals x<l> (l in lanes) into s<l>, XNNPACK's rr2-p5-div, step by step for every lane. */
function sigmoid(lanes) {
  const out = [];
  const each = (f) => {
    for (const l of lanes) out.push(f(l));
  };
  each((l) => set(`a${l}`, `(f32x4.abs ${g(`x${l}`)})`));
  each((l) => set(`n${l}`, `(f32x4.add (f32x4.mul ${g(`a${l}`)} ${k('minusLog2e')}) ${k('magic')})`));
  each((l) => set(`e${l}`, `(i32x4.shl ${g(`n${l}`)} (i32.const 23))`));
  each((l) => set(`n${l}`, `(f32x4.sub ${g(`n${l}`)} ${k('magic')})`));
  each((l) => set(`t${l}`, `(f32x4.add (f32x4.mul ${g(`n${l}`)} ${k('ln2hi')}) ${g(`a${l}`)})`));
  each((l) => set(`t${l}`, `(f32x4.add (f32x4.mul ${g(`n${l}`)} ${k('ln2lo')}) ${g(`t${l}`)})`));
  each((l) => set(`p${l}`, `(f32x4.add (f32x4.mul ${g(`t${l}`)} ${k('c5')}) ${k('c4')})`));
  for (const c of ['c3', 'c2', 'c1']) each((l) => set(`p${l}`, `(f32x4.add (f32x4.mul ${g(`t${l}`)} ${g(`p${l}`)}) ${k(c)})`));
  each((l) => set(`t${l}`, `(f32x4.mul ${g(`t${l}`)} ${g(`e${l}`)})`));
  // e = e^−|x| (e<l> held 2^n until here)
  each((l) => set(`e${l}`, `(f32x4.add (f32x4.mul ${g(`t${l}`)} ${g(`p${l}`)}) ${g(`e${l}`)})`));
  each((l) => set(`s${l}`, `(f32x4.div ${g(`e${l}`)} (f32x4.add ${g(`e${l}`)} ${k('1')}))`));
  each((l) => set(`s${l}`, `(v128.andnot ${g(`s${l}`)} (f32x4.gt ${g(`a${l}`)} ${k('cutoff')}))`));
  each((l) => set(`s${l}`, `(v128.bitselect (f32x4.sub ${k('1')} ${g(`s${l}`)}) ${g(`s${l}`)} (f32x4.gt ${g(`x${l}`)} ${k('0')}))`));
  return out;
}

const lanes = [0, 1, 2, 3];
const vlocals = ['x', 'a', 'n', 'e', 't', 'p', 's'].flatMap((v) => lanes.map((l) => `(local $${v}${l} v128)`)).join(' ');
const at = (base, block) => (block === 0 ? g(base) : `(i32.add ${g(base)} (i32.mul ${g('stride')} (i32.const ${block})))`);
const load = (base, block) => `(v128.load ${at(base, block)})`;
const store = (base, block, e) => `(v128.store ${at(base, block)} ${e})`;
const indent = (lines, n) => lines.map((l) => ' '.repeat(n) + l).join('\n');

/** A loop over rows, and within each over units by 4, around `body`; `perRow` steps each pointer by its row (blocks of H floats). */
function loops(perRow, body) {
  return `    (local.set $stride (i32.shl (local.get $units) (i32.const 2)))
    (local.set $n4 (i32.shl (i32.and (local.get $units) (i32.const -4)) (i32.const 2)))
    (block $rowsDone
      (loop $rowNext
        (br_if $rowsDone (i32.ge_u (local.get $r) (local.get $rows)))
        (local.set $k (i32.const 0))
        (block $unitsDone
          (loop $unitNext
            (br_if $unitsDone (i32.ge_u (local.get $k) (local.get $n4)))
${indent(body, 12)}
            (local.set $k (i32.add (local.get $k) (i32.const 16)))
            (br $unitNext)))
${indent(
  perRow.map(([p, blocks]) => `(local.set $${p} (i32.add (local.get $${p}) (i32.mul (local.get $stride) (i32.const ${blocks}))))`),
  8,
)}
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $rowNext))))`;
}

const off = (p) => `(local.set $${p}k (i32.add (local.get $${p}) (local.get $k)))`;
const forward = [
  off('z'),
  off('c'),
  off('h'),
  off('c2'),
  off('act'),
  ...lanes.map((l) => set(`x${l}`, l === 2 ? `(f32x4.mul ${load('zk', 2)} ${k('2')})` : load('zk', l))),
  ...sigmoid(lanes),
  // tanh g = 2σ(2g) − 1
  set('s2', `(f32x4.sub (f32x4.mul ${g('s2')} ${k('2')}) ${k('1')})`),
  ...lanes.map((l) => store('actk', l, g(`s${l}`))),
  // c2 = σ(f)·c + σ(i)·tanh g
  set('x0', `(f32x4.add (f32x4.mul ${g('s1')} (v128.load ${g('ck')})) (f32x4.mul ${g('s0')} ${g('s2')}))`),
  `(v128.store ${g('c2k')} ${g('x0')})`,
  set('x0', `(f32x4.mul ${g('x0')} ${k('2')})`),
  ...sigmoid([0]),
  set('s0', `(f32x4.sub (f32x4.mul ${g('s0')} ${k('2')}) ${k('1')})`),
  store('actk', 4, g('s0')),
  `(v128.store ${g('hk')} (f32x4.mul ${g('s3')} ${g('s0')}))`,
];

// act = [σ(i), σ(f), tanh g, σ(o), tanh c2] blocks; s0..s3 = the gates, x0 = tanh c2, a0 = dh, e0 = dc2 in total
const one = k('1');
const backward = [
  off('act'),
  off('c'),
  off('dh'),
  off('dc2'),
  off('dz'),
  off('dc'),
  ...lanes.map((l) => set(`s${l}`, load('actk', l))),
  set('x0', load('actk', 4)),
  set('a0', `(v128.load ${g('dhk')})`),
  // dz_o = (dh·tanh c2)·σ(o)(1 − σ(o))
  store('dzk', 3, `(f32x4.mul (f32x4.mul ${g('a0')} ${g('x0')}) (f32x4.mul ${g('s3')} (f32x4.sub ${one} ${g('s3')})))`),
  // dc2 in total = dc2 + (1 − tanh² c2)·(dh·σ(o))
  set(
    'e0',
    `(f32x4.add (v128.load ${g('dc2k')}) (f32x4.mul (f32x4.sub ${one} (f32x4.mul ${g('x0')} ${g('x0')})) (f32x4.mul ${g('a0')} ${g('s3')})))`,
  ),
  // dz_i = (dct·tanh g)·σ(i)(1 − σ(i)); dz_g = (1 − tanh² g)·(dct·σ(i))
  store('dzk', 0, `(f32x4.mul (f32x4.mul ${g('e0')} ${g('s2')}) (f32x4.mul ${g('s0')} (f32x4.sub ${one} ${g('s0')})))`),
  store('dzk', 2, `(f32x4.mul (f32x4.sub ${one} (f32x4.mul ${g('s2')} ${g('s2')})) (f32x4.mul ${g('e0')} ${g('s0')}))`),
  // dz_f = (dct·c)·σ(f)(1 − σ(f)); dc = dct·σ(f)
  store('dzk', 1, `(f32x4.mul (f32x4.mul ${g('e0')} (v128.load ${g('ck')})) (f32x4.mul ${g('s1')} (f32x4.sub ${one} ${g('s1')})))`),
  `(v128.store ${g('dck')} (f32x4.mul ${g('e0')} ${g('s1')}))`,
];

const i32 = (names) => names.map((n) => `(local $${n} i32)`).join(' ');
console.log(`;; The LSTM cell update and its gradient, vectorised over units; GENERATED by
;; scripts/lstm-cell-wat.mjs (edit that, not this). z: [rows, 4·units] pre-activations (gate blocks
;; i, f, g, o); c, c2, h, dh, dc2, dc: [rows, units]; act: [rows, 5·units] = σ(i), σ(f), tanh g,
;; σ(o), tanh c2, written by "cell" for "cellGrad". The sigmoid is XNNPACK's rr2-p5-div algorithm
;; step by step (no fused multiply-add), so it gives the bits of tfjs-backend-wasm's Sigmoid
;; kernel; tanh x = 2σ(2x) − 1 as in wasm-tanh.ts. The last units % 4 columns of each row are
;; left to the caller. Compiled into lstm-cell-simd.ts (see heap-module.ts).
(module
  (import "m" "memory" (memory 0))

  ;; c2 = σ(f)·c + σ(i)·tanh g, h = σ(o)·tanh c2
  (func (export "cell")
    (param $z i32) (param $c i32) (param $h i32) (param $c2 i32) (param $act i32) (param $rows i32) (param $units i32)
    ${i32(['r', 'k', 'n4', 'stride', 'zk', 'ck', 'hk', 'c2k', 'actk'])}
    ${vlocals}
${loops(
  [
    ['z', 4],
    ['c', 1],
    ['h', 1],
    ['c2', 1],
    ['act', 5],
  ],
  forward,
)}

  ;; the gradient of "cell" from its act and c, given dh and dc2: dz [rows, 4·units] and dc
  (func (export "cellGrad")
    (param $act i32) (param $c i32) (param $dh i32) (param $dc2 i32) (param $dz i32) (param $dc i32) (param $rows i32) (param $units i32)
    ${i32(['r', 'k', 'n4', 'stride', 'actk', 'ck', 'dhk', 'dc2k', 'dzk', 'dck'])}
    ${vlocals}
${loops(
  [
    ['act', 5],
    ['c', 1],
    ['dh', 1],
    ['dc2', 1],
    ['dz', 4],
    ['dc', 1],
  ],
  backward,
)}
)`);
