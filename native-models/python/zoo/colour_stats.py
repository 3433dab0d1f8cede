#!/usr/bin/python3
"""Colour fidelity of trained zoo generators on unseen content (corpus group B).

    /usr/bin/python3 native-models/python/zoo/colour_stats.py [--run DIR] [ID ...]

For each checkpoint DIR/<id>.pt (default: every one in native-models/.work/zoo/run) renders
EVAL_BATCHES fixed batches of group-B crops (seed EVAL_SEED) in eval mode and prints:
  l1B        mean L1 in [-1, 1] space (same definition as the trainer's final loss, group B)
  l1Y, l1C   mean abs error (8-bit levels) of luma Y and of chroma (Cb, Cr averaged), BT.601
  satRatio   mean chroma magnitude |(Cb, Cr) - 128| of the renders / that of the inputs
             (1 = colour kept, 0 = greyscale)
  chromaCorr correlation of render chroma with input chroma over all pixels (mean of the Cb and
             the Cr correlation)
  chromaSkill 1 - l1C / (l1C of a render whose chroma is the constant mean chroma of the batch):
             0 = no colour information at all (a tinted greyscale), 1 = exact colour
  mean/std   per RGB channel, renders vs inputs (8-bit levels)
"""
import argparse
import json
import os
import sys

import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import architectures as A  # noqa: E402
import data as D  # noqa: E402

RUN = os.path.join(D.NM, ".work", "zoo", "run")
EVAL_SEED = 12345
EVAL_BATCHES = 8
EVAL_BATCH = 16
EVAL_CROP = 64


def ycbcr(x255):
    """x255: [N, 3, H, W] 0..255 -> Y, Cb, Cr (BT.601 full range)."""
    r, g, b = x255[:, 0], x255[:, 1], x255[:, 2]
    y = 0.299 * r + 0.587 * g + 0.114 * b
    cb = 128 - 0.168736 * r - 0.331264 * g + 0.5 * b
    cr = 128 + 0.5 * r - 0.418688 * g - 0.081312 * b
    return y, cb, cr


def eval_batches(group, crop=EVAL_CROP, batches=EVAL_BATCHES, batch=EVAL_BATCH, seed=EVAL_SEED):
    images, _ = D.load_group(group)
    s = D.CropSampler(images, crop, seed)
    return [s.batch(batch) for _ in range(batches)]


def colour_report(model, batches):
    """model: [-1, 1] -> [-1, 1] renderer in eval mode; batches: list of [-1, 1] tensors."""
    l1, xs, ys = [], [], []
    with torch.no_grad():
        for b in batches:
            y = model(b)
            l1.append(F.l1_loss(y, b).item())
            xs.append((b + 1) * 127.5)
            ys.append(((y + 1) * 127.5).clamp(0, 255))
    x, y = torch.cat(xs), torch.cat(ys)
    (xy, xcb, xcr), (yy, ycb, ycr) = ycbcr(x), ycbcr(y)
    sat_x = torch.sqrt((xcb - 128) ** 2 + (xcr - 128) ** 2).mean().item()
    sat_y = torch.sqrt((ycb - 128) ** 2 + (ycr - 128) ** 2).mean().item()
    corr = float(np.mean([np.corrcoef(a.flatten().numpy(), b.flatten().numpy())[0, 1] for a, b in ((xcb, ycb), (xcr, ycr))]))
    l1c = 0.5 * ((ycb - xcb).abs().mean() + (ycr - xcr).abs().mean()).item()
    l1c_const = 0.5 * ((xcb.mean() - xcb).abs().mean() + (xcr.mean() - xcr).abs().mean()).item()
    return dict(
        l1B=round(float(np.mean(l1)), 5),
        l1Y=round((yy - xy).abs().mean().item(), 2),
        l1C=round(l1c, 2), chromaSkill=round(1 - l1c / l1c_const, 3),
        satRatio=round(sat_y / sat_x, 3), chromaCorr=round(corr, 3),
        meanIn=[round(v, 1) for v in x.mean((0, 2, 3)).tolist()], meanOut=[round(v, 1) for v in y.mean((0, 2, 3)).tolist()],
        stdIn=[round(v, 1) for v in x.std((0, 2, 3)).tolist()], stdOut=[round(v, 1) for v in y.std((0, 2, 3)).tolist()])


def load(run, gid):
    with open(os.path.join(run, f"{gid}.train.json")) as f:
        arch = json.load(f)["arch"]
    m = A.ARCHITECTURES[arch]["build"]()
    m.load_state_dict(torch.load(os.path.join(run, f"{gid}.pt"), map_location="cpu"))
    return m.eval()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--run", default=RUN)
    ap.add_argument("ids", nargs="*")
    a = ap.parse_args()
    torch.set_num_threads(1)
    ids = a.ids or sorted(f[:-3] for f in os.listdir(a.run) if f.endswith(".pt"))
    batches = eval_batches("B")
    for gid in ids:
        print(gid, json.dumps(colour_report(load(a.run, gid), batches)), flush=True)


if __name__ == "__main__":
    main()
