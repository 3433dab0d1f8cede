#!/usr/bin/python3
"""End-to-end check of the converted upscalers against the sample images the upscalerjs
packages publish: assets/fixture.png (128x128) and assets/samples/<model>/result.png
(produced by upscalerjs itself). Decodes the PNGs (python3-pil) to raw RGB in
.work/tfjs/samples, runs `node check-onnx.mjs --samples` (onnxruntime-node; output clipped
and rounded to 8 bits like upscalerjs) and saves the ONNX outputs as PNG for inspection.
Run after convert_tfjs.py; convert_tfjs.py picks the results up on its next run
(--skip-reference is enough)."""
import json
import os
import subprocess
import sys

import numpy as np
from PIL import Image

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import convert_tfjs as ct  # noqa: E402

SAMPLE = {"esrgan-legacy-div2k": "div2k/{s}x", "esrgan-legacy-gans": "gans"}


def main():
    spec = json.load(open(os.path.join(ct.TFJS, "models.json")))
    out = os.path.join(ct.WORK, "samples")
    os.makedirs(out, exist_ok=True)
    index = []
    for m in map(ct.model_defaults, spec["models"]):
        if not m["id"].startswith("sr-") or not os.path.exists(os.path.join(ct.NM, m["out"])):
            continue
        d = ct.pkg_dir(m["package"])
        key = m["id"][3:].rsplit("-x", 1)[0]
        sub = SAMPLE.get(key, "{s}x").format(s=m["scale"])
        res = os.path.join(d, "assets", "samples", sub, "result.png")
        if not os.path.exists(res):
            print(f"{m['id']}: no published sample ({res})")
            continue
        lr = np.asarray(Image.open(os.path.join(d, "assets", "fixture.png")).convert("RGB"))
        hr = np.asarray(Image.open(res).convert("RGB"))
        lr.tofile(os.path.join(out, f"{m['id']}.lr.rgb"))
        hr.tofile(os.path.join(out, f"{m['id']}.expected.rgb"))
        rng = [0, 1] if m["id"].startswith(("sr-esrgan-thick", "sr-esrgan-legacy-gans")) else [0, 255]
        index.append(dict(id=m["id"], input=f"{m['id']}.lr.rgb", inputShape=list(lr.shape[:2]),
                          expected=f"{m['id']}.expected.rgb", inputRange=rng,
                          sampleFile=f"{m['package']}/assets/samples/{sub}/result.png"))
    json.dump(index, open(os.path.join(out, "index.json"), "w"), indent=1)
    subprocess.run(["node", "check-onnx.mjs", "--samples"], cwd=ct.TFJS, check=True)
    for s in index:
        exp = np.fromfile(os.path.join(out, s["expected"]), np.uint8)
        got = np.fromfile(os.path.join(out, f"{s['id']}.onnx-out.rgb"), np.uint8)
        side = int(round((got.size // 3) ** 0.5))
        assert got.size == exp.size == side * side * 3
        Image.fromarray(got.reshape(side, side, 3)).save(os.path.join(out, f"{s['id']}.onnx-out.png"))


if __name__ == "__main__":
    main()
