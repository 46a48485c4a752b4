;; Sum over a block of middle axes, [outer, mid, inner] -> [outer, inner], vectorised over the
;; contiguous inner axis: out[o, i] = ((0 + x[o, 0, i]) + x[o, 1, i]) + ... in float32, the order
;; of tfjs-backend-wasm's Sum after its transpose, so the bits are the same. The last inner % 4
;; columns are left to the caller. Compiled into wasm-sum.ts (see heap-module.ts).
(module
  (import "m" "memory" (memory 0))
  (func (export "sumMiddle")
    (param $x i32) (param $out i32) (param $outer i32) (param $mid i32) (param $inner i32)
    (local $o i32) (local $m i32) (local $i i32) (local $row i32) (local $orow i32) (local $n4 i32) (local $stride i32)
    (local.set $stride (i32.shl (local.get $inner) (i32.const 2)))
    (local.set $n4 (i32.shl (i32.and (local.get $inner) (i32.const -4)) (i32.const 2)))
    (local.set $row (local.get $x))
    (block $outerDone
      (loop $outerNext
        (br_if $outerDone (i32.ge_u (local.get $o) (local.get $outer)))
        (local.set $orow (i32.add (local.get $out) (i32.mul (local.get $o) (local.get $stride))))
        (local.set $i (i32.const 0))
        (block $zeroDone
          (loop $zeroNext
            (br_if $zeroDone (i32.ge_u (local.get $i) (local.get $n4)))
            (v128.store (i32.add (local.get $orow) (local.get $i)) (v128.const i32x4 0 0 0 0))
            (local.set $i (i32.add (local.get $i) (i32.const 16)))
            (br $zeroNext)))
        (local.set $m (i32.const 0))
        (block $midDone
          (loop $midNext
            (br_if $midDone (i32.ge_u (local.get $m) (local.get $mid)))
            (local.set $i (i32.const 0))
            (block $rowDone
              (loop $rowNext
                (br_if $rowDone (i32.ge_u (local.get $i) (local.get $n4)))
                (v128.store (i32.add (local.get $orow) (local.get $i))
                  (f32x4.add (v128.load (i32.add (local.get $orow) (local.get $i))) (v128.load (i32.add (local.get $row) (local.get $i)))))
                (local.set $i (i32.add (local.get $i) (i32.const 16)))
                (br $rowNext)))
            (local.set $row (i32.add (local.get $row) (local.get $stride)))
            (local.set $m (i32.add (local.get $m) (i32.const 1)))
            (br $midNext)))
        (local.set $o (i32.add (local.get $o) (i32.const 1)))
        (br $outerNext))))
)
