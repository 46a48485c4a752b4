;; One Adadelta update of two float32 elements per iteration in f64x2 SIMD, the same double
;; arithmetic as the JS loop of adadelta-kernel.ts in the same order, so the results are identical.
;; Imports the tfjs wasm backend's memory; pointers are byte offsets, `pairs` = elements / 2.
;; adadelta-simd.ts embeds this module compiled (wabt 1.0 parseWat + toBinary, SIMD enabled).
(module
  (import "m" "memory" (memory 0))
  (func (export "adadelta")
    (param $x i32) (param $g i32) (param $eg i32) (param $ex i32)
    (param $nx i32) (param $neg i32) (param $nex i32) (param $pairs i32)
    (param $rho f64) (param $a f64) (param $eps f64) (param $lr f64)
    (local $o i32) (local $end i32)
    (local $RHO v128) (local $A v128) (local $EPS v128) (local $LR v128)
    (local $gi v128) (local $e v128) (local $u v128) (local $exv v128)
    (local.set $end (i32.shl (local.get $pairs) (i32.const 3)))
    (local.set $RHO (f64x2.splat (local.get $rho)))
    (local.set $A (f64x2.splat (local.get $a)))
    (local.set $EPS (f64x2.splat (local.get $eps)))
    (local.set $LR (f64x2.splat (local.get $lr)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $o) (local.get $end)))
        (local.set $gi (f64x2.promote_low_f32x4 (v128.load64_zero (i32.add (local.get $g) (local.get $o)))))
        (local.set $e (f64x2.add
          (f64x2.mul (local.get $RHO) (f64x2.promote_low_f32x4 (v128.load64_zero (i32.add (local.get $eg) (local.get $o)))))
          (f64x2.mul (f64x2.mul (local.get $A) (local.get $gi)) (local.get $gi))))
        (local.set $exv (f64x2.promote_low_f32x4 (v128.load64_zero (i32.add (local.get $ex) (local.get $o)))))
        (local.set $u (f64x2.mul
          (f64x2.sqrt (f64x2.div (f64x2.add (local.get $exv) (local.get $EPS)) (f64x2.add (local.get $e) (local.get $EPS))))
          (local.get $gi)))
        (v128.store64_lane 0 (i32.add (local.get $neg) (local.get $o)) (f32x4.demote_f64x2_zero (local.get $e)))
        (v128.store64_lane 0 (i32.add (local.get $nex) (local.get $o)) (f32x4.demote_f64x2_zero
          (f64x2.add (f64x2.mul (local.get $RHO) (local.get $exv)) (f64x2.mul (f64x2.mul (local.get $A) (local.get $u)) (local.get $u)))))
        (v128.store64_lane 0 (i32.add (local.get $nx) (local.get $o)) (f32x4.demote_f64x2_zero
          (f64x2.sub (f64x2.promote_low_f32x4 (v128.load64_zero (i32.add (local.get $x) (local.get $o)))) (f64x2.mul (local.get $LR) (local.get $u)))))
        (local.set $o (i32.add (local.get $o) (i32.const 8)))
        (br $next))))
)
