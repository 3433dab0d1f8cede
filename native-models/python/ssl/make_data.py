#!/usr/bin/python3
"""Training/evaluation data for the SSL encoder: square regions of corpus photos, each shown
as ONE variant (the photo itself, a JPEG q50 / bicubic x2 down-up degradation, or a render by
a pretrained zoo upscaler run with onnxruntime-node), turned into the signed DIRE residual
r = x - x_hat of the shipped reconstructor (t* = 200, 4 + 4 DDIM steps, [-1, 1] units).

    /usr/bin/python3 native-models/python/ssl/make_data.py --group A --regions 1200
    /usr/bin/python3 native-models/python/ssl/make_data.py --group B --regions 240

Writes .work/ssl/residuals-<group>.npz: residual float16 [R,3,S,S], variant (index into
`variants`), photo (index into `photos`). The variant labels are kept only for evaluation;
training never sees them.
"""
import argparse
import io
import json
import os
import subprocess
import sys
import tempfile
import time

import numpy as np
import torch
from PIL import Image

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "reconstructor"))
import diffusion as D  # noqa: E402
import photos  # noqa: E402

WORK = os.path.join(photos.NM, ".work", "ssl")
ZOO = os.path.join(photos.NM, "zoo")
SR_IDS = ["sr-esrgan-slim-x2", "sr-esrgan-medium-x3", "sr-esrgan-medium-x4", "sr-esrgan-legacy-div2k-x2",
          "sr-esrgan-legacy-gans-x4", "sr-esrgan-slim-x4", "sr-esrgan-medium-x2"]


def jpeg(c, q=50):
    buf = io.BytesIO()
    Image.fromarray(c).save(buf, format="JPEG", quality=q)
    return np.asarray(Image.open(io.BytesIO(buf.getvalue())).convert("RGB"))


def bicubic(c, f=2):
    s = c.shape[0]
    lo = Image.fromarray(c).resize((s // f, s // f), Image.BICUBIC)
    return np.asarray(lo.resize((s, s), Image.BICUBIC))


def zoo_entries():
    """Zoo generators listed in the zoo's fragments (converted.json, trained-*.json) whose ONNX
    exists: upscalers ('scale' field, input in 0..255 or 0..1) and same-size renderers (input
    `image` in 0..1); the diffusion (SDEdit) member is left out (it is this reconstructor)."""
    out = {}
    for fn in sorted(os.listdir(ZOO)) if os.path.isdir(ZOO) else []:
        if not fn.endswith(".json") or fn == "manifest.json" or fn.endswith(".fixture.json"):
            continue
        try:
            entries = json.load(open(os.path.join(ZOO, fn)))
        except (OSError, ValueError):
            continue
        for e in entries if isinstance(entries, list) else []:
            if (e.get("role") == "zoo-generator" and os.path.exists(os.path.join(ZOO, e.get("file", "")))
                    and e.get("family") != "diffusion" and len(e.get("inputs", [])) == 1):
                out[e["id"]] = e
    return out


def sr_render(entry, u8):
    """Zoo render: (upscalers) box-downscale by the scale (area average in float), run the upscaler with
    onnxruntime-node, clip and round to 8 bits. u8: [n,S,S,3] -> [n,S,S,3]."""
    sc = entry.get("scale", 1)
    n, s = u8.shape[0], u8.shape[1]
    lo = u8.astype(np.float64).reshape(n, s // sc, sc, s // sc, sc, 3).mean(axis=(2, 4))
    vr = entry.get("valueRange", {}).get("input", [0, 1])
    top = vr[1] if isinstance(vr, list) else 1
    lr = (lo / 255.0 * top).astype(np.float32).transpose(0, 3, 1, 2)
    with tempfile.TemporaryDirectory() as td:
        ip, op = os.path.join(td, "in.f32"), os.path.join(td, "out.f32")
        np.ascontiguousarray(lr).tofile(ip)
        r = subprocess.run(["node", os.path.join(HERE, "ort_render.mjs"), os.path.join(ZOO, entry["file"]),
                            entry["inputs"][0]["name"], ip, str(n), str(s // sc), str(s // sc), op],
                           check=True, capture_output=True, text=True)
        dims = json.loads(r.stdout)["dims"]
        y = np.fromfile(op, np.float32).reshape(dims)
    y = np.clip(np.round(y / top * 255.0), 0, 255).astype(np.uint8).transpose(0, 2, 3, 1)
    return y


def dire_residual(model, sched, u8, bs=16):
    x = photos.to_model(u8)
    out = []
    for i in range(0, len(x), bs):
        xb = x[i:i + bs]
        out.append(xb - D.ddim_reconstruct(model, xb, sched))
    return torch.cat(out).numpy()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--group", default="A")
    ap.add_argument("--regions", type=int, default=1200)
    ap.add_argument("--size", type=int, default=96)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--ckpt", default=os.path.join(photos.NM, ".work", "reconstructor", "ckpt.pt"))
    ap.add_argument("--smoke", action="store_true")
    ap.add_argument("--out", default=None)
    a = ap.parse_args()
    torch.set_num_threads(1)
    assert a.size % 12 == 0, "region size must be divisible by 2, 3 and 4 (upscaler scales)"
    data = photos.load_skimage() if a.smoke else photos.load_group(a.group)
    rng = np.random.default_rng(a.seed)
    u8, pidx = data.random_crops(rng, a.regions, a.size)
    srs = zoo_entries()
    variants = ["photo", "jpeg-q50", "bicubic-x2"] + [i for i in SR_IDS if i in srs] + sorted(
        i for i in srs if i not in SR_IDS)
    var = np.arange(a.regions) % len(variants)
    rng.shuffle(var)
    t0 = time.time()
    imgs = u8.copy()
    for v, name in enumerate(variants):
        sel = np.where(var == v)[0]
        if name == "jpeg-q50":
            imgs[sel] = np.stack([jpeg(c) for c in u8[sel]])
        elif name == "bicubic-x2":
            imgs[sel] = np.stack([bicubic(c) for c in u8[sel]])
        elif name in srs:
            imgs[sel] = sr_render(srs[name], u8[sel])
    t_render = time.time() - t0
    print(f"rendered {a.regions} regions x {a.size}^2 in {t_render:.0f}s; variants {variants}", flush=True)
    model = D.UNet()
    model.load_state_dict(torch.load(a.ckpt, map_location="cpu")["ema"])
    model.eval()
    t1 = time.time()
    res = dire_residual(model, D.Schedule(), imgs)
    t_res = time.time() - t1
    print(f"DIRE residuals in {t_res:.0f}s; mean |r| (8-bit) per variant: " + ", ".join(
        f"{n} {np.abs(res[var == v]).mean() * 127.5:.3f}" for v, n in enumerate(variants)), flush=True)
    os.makedirs(WORK, exist_ok=True)
    out = a.out or os.path.join(WORK, f"residuals-{a.group}{'-smoke' if a.smoke else ''}.npz")
    np.savez(out, residual=res.astype(np.float16), images=imgs, variant=var, photo=pidx,
             variants=np.array(variants), photos=np.array(data.names),
             meta=json.dumps(dict(group=a.group, regions=a.regions, size=a.size, seed=a.seed, source=data.source,
                                  variants=variants,
                                  residual="DIRE: x - ddim_reconstruct(x), t*=200, 4+4 DDIM steps, [-1,1] units",
                                  renderSeconds=round(t_render, 1), residualSeconds=round(t_res, 1))))
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
