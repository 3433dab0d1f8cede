#!/usr/bin/python3
"""Evaluate the trained reconstructor on held-out corpus group-B crops (never trained on):
reconstruction PSNR of the deterministic DDIM reconstruction (several t*/step settings), and
a small DIRE sanity check: mean |x - x_hat| (8-bit units) for the photo crops vs the same
crops after JPEG q50 and after x2 bicubic down + up-sampling (stand-ins for generated images:
smoother / re-synthesised content). Writes .work/reconstructor/eval.json (export.py copies it
into the fragment).

    /usr/bin/python3 native-models/python/reconstructor/evaluate.py [--crops 48] [--smoke]
"""
import argparse
import io
import json
import math
import os
import sys
import time

import numpy as np
import torch
from PIL import Image

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import diffusion as D  # noqa: E402
import photos  # noqa: E402

WORK = os.path.join(photos.NM, ".work", "reconstructor")


def jpeg(u8, q=50):
    out = np.empty_like(u8)
    for i, c in enumerate(u8):
        buf = io.BytesIO()
        Image.fromarray(c).save(buf, format="JPEG", quality=q)
        out[i] = np.asarray(Image.open(io.BytesIO(buf.getvalue())).convert("RGB"))
    return out


def down_up(u8, f=2):
    out = np.empty_like(u8)
    s = u8.shape[1]
    for i, c in enumerate(u8):
        lo = Image.fromarray(c).resize((s // f, s // f), Image.BICUBIC)
        out[i] = np.asarray(lo.resize((s, s), Image.BICUBIC))
    return out


def psnr(x, y):
    """x, y in [-1, 1]; PSNR over the 0..255 range, per image then averaged."""
    mse = (((x - y) * 127.5) ** 2).flatten(1).mean(1)
    return (10 * torch.log10(255.0 ** 2 / mse.clamp_min(1e-10))).tolist()


def recon(model, x, sched, t_star, steps, bs=16):
    return torch.cat([D.ddim_reconstruct(model, x[i:i + bs], sched, t_star, steps) for i in range(0, len(x), bs)])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ckpt", default=os.path.join(WORK, "ckpt.pt"))
    ap.add_argument("--crops", type=int, default=48)
    ap.add_argument("--seed", type=int, default=1234)
    ap.add_argument("--smoke", action="store_true")
    ap.add_argument("--out", default=os.path.join(WORK, "eval.json"))
    a = ap.parse_args()
    torch.set_num_threads(1)
    model = D.UNet()
    model.load_state_dict(torch.load(a.ckpt, map_location="cpu")["ema"])
    model.eval()
    sched = D.Schedule()
    data = photos.load_skimage() if a.smoke else photos.load_group("B")
    rng = np.random.default_rng(a.seed)
    u8, idx = data.random_crops(rng, a.crops, 64, flip=False)
    x = photos.to_model(u8)
    res = dict(data=f"{a.crops} random 64x64 crops (seed {a.seed}) of {data.source}, "
                    f"{len(set(idx.tolist()))} distinct photos")
    t0 = time.time()
    settings = []
    for t_star, steps in [(100, 4), (200, 4), (400, 4), (200, 2), (200, 10)]:
        xh = recon(model, x, sched, t_star, steps)
        p = psnr(x, xh)
        settings.append(dict(tStar=t_star, steps=steps, psnrMean=round(float(np.mean(p)), 3),
                             psnrMedian=round(float(np.median(p)), 3),
                             meanAbsResidual8bit=round(float((x - xh).abs().mean() * 127.5), 4)))
        print(settings[-1], flush=True)
    res["reconstructionPsnr"] = settings
    res["reconstructionPsnrNote"] = ("PSNR (0..255 range, per crop, averaged) between the crop and its deterministic DDIM "
                                     "reconstruction (inversion to t* + denoising, `steps` network calls each way)")
    dire = []
    for name, fn in [("photo", lambda v: v), ("jpeg-q50", jpeg), ("bicubic-down2-up2", down_up)]:
        v = photos.to_model(fn(u8))
        r = (v - recon(model, v, sched, D.T_STAR, D.DDIM_STEPS)).abs().flatten(1).mean(1) * 127.5
        dire.append(dict(variant=name, meanAbsResidual8bit=round(float(r.mean()), 4),
                         std=round(float(r.std()), 4)))
        print(dire[-1], flush=True)
    photo_r = dire[0]["meanAbsResidual8bit"]
    for d in dire:
        d["ratioToPhoto"] = round(d["meanAbsResidual8bit"] / photo_r, 4) if photo_r > 0 else math.nan
    res["direSanity"] = dict(tStar=D.T_STAR, steps=D.DDIM_STEPS, variants=dire,
                             note=("mean |x - x_hat| per crop (8-bit units) at the shipped setting; DIRE expects images "
                                   "that a generative prior reproduces well (smoothed/re-synthesised) to give smaller "
                                   "residuals than camera photos"))
    res["wallTimeSeconds"] = round(time.time() - t0, 1)
    os.makedirs(os.path.dirname(a.out), exist_ok=True)
    with open(a.out, "w") as f:
        json.dump(res, f, indent=1)
    print(json.dumps(res, indent=1))


if __name__ == "__main__":
    main()
