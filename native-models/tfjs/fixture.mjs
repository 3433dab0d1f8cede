// Deterministic fixture input shared by reference.mjs and check-onnx.mjs (and reproducible
// in any language): u8[y][x][c] = (5*x + 3*y + ((x*y) >> 2) + 85*c) & 255, value = u8 / div
// (div = 1 for 0-255 models, 255 for 0-1 models; float64 division, stored as float32), batch 1.

export function fixtureU8(h, w, y, x, c) {
  return (5 * x + 3 * y + ((x * y) >> 2) + 85 * c) & 255;
}

/** NHWC float32 (TF.js layout). */
export function fixtureNHWC(h, w, div) {
  const a = new Float32Array(h * w * 3);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) for (let c = 0; c < 3; c++) a[(y * w + x) * 3 + c] = fixtureU8(h, w, y, x, c) / div;
  return a;
}

/** NCHW float32 (ONNX layout). */
export function fixtureNCHW(h, w, div) {
  const a = new Float32Array(h * w * 3);
  for (let c = 0; c < 3; c++) for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) a[(c * h + y) * w + x] = fixtureU8(h, w, y, x, c) / div;
  return a;
}

export function fixtureSize(m) {
  return m.fixtureSize ?? 32;
}
