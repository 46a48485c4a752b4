/**
 * A small hand-written WebAssembly module (the .wat beside its user, compiled with wabt 1.0's
 * parseWat + toBinary, SIMD enabled, embedded as hex) instantiated on the tfjs wasm backend's own
 * memory, so its loops read and write tensors in place by byte offset. One instance per module
 * and memory; null where the runtime cannot compile or link it (no SIMD, a shared memory).
 */
const instances = new Map<string, WeakMap<WebAssembly.Memory, WebAssembly.Exports | null>>();

export function heapModule(hex: string, memory: WebAssembly.Memory): WebAssembly.Exports | null {
  let perMemory = instances.get(hex);
  if (!perMemory) {
    perMemory = new WeakMap();
    instances.set(hex, perMemory);
  }
  if (perMemory.has(memory)) return perMemory.get(memory)!;
  let exports: WebAssembly.Exports | null = null;
  try {
    const bytes = new Uint8Array(hex.length / 2);
    for (let i = 0; i < bytes.length; i++) bytes[i] = Number.parseInt(hex.slice(2 * i, 2 * i + 2), 16);
    exports = new WebAssembly.Instance(new WebAssembly.Module(bytes), { m: { memory } }).exports;
  } catch {
    exports = null;
  }
  perMemory.set(memory, exports);
  return exports;
}

/** The backend's WebAssembly.Memory, where it exposes one (tfjs-backend-wasm: `backend.wasm.asm.memory`). */
export function backendMemory(backend: { wasm?: { asm?: { memory?: unknown } } }): WebAssembly.Memory | null {
  const memory = backend.wasm?.asm?.memory;
  return memory instanceof WebAssembly.Memory ? memory : null;
}
