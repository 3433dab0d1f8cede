#!/usr/bin/python3
"""Contrastive (SimCLR, NT-Xent, temperature 0.1) training of the residual encoder on the
DIRE residuals written by make_data.py. Positives: two random 64x64 crops (independent
horizontal/vertical flips) of the same residual region; negatives: every other region in the
batch. No generator labels are used.

    /usr/bin/python3 native-models/python/ssl/train.py --minutes 15 [--seed 0]

Adam lr 1e-3 (50-step warm-up, cosine decay over the time budget), batch 64 regions
(128 views), one CPU thread. Writes .work/ssl/{ckpt.pt,train-summary.json}.
"""
import argparse
import json
import math
import os
import sys
import time

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import encoder as E  # noqa: E402

WORK = os.path.join(os.path.dirname(os.path.dirname(HERE)), ".work", "ssl")
P = 64


def random_views(res, idx, rng):
    """Two independently cropped/flipped P x P views of each residual region in idx."""
    s = res.shape[-1]
    views = []
    for _ in range(2):
        out = np.empty((len(idx), 3, P, P), np.float32)
        for k, i in enumerate(idx):
            y, x = rng.integers(0, s - P + 1, size=2)
            v = res[i, :, y:y + P, x:x + P]
            if rng.random() < 0.5:
                v = v[:, :, ::-1]
            if rng.random() < 0.5:
                v = v[:, ::-1, :]
            out[k] = v
        views.append(torch.from_numpy(out))
    return views


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default=os.path.join(WORK, "residuals-A.npz"))
    ap.add_argument("--minutes", type=float, default=15.0)
    ap.add_argument("--steps", type=int, default=0)
    ap.add_argument("--batch", type=int, default=64)
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--temperature", type=float, default=0.1)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--out", default=WORK)
    a = ap.parse_args()
    torch.set_num_threads(1)
    torch.manual_seed(a.seed)
    rng = np.random.default_rng(a.seed)
    d = np.load(a.data)
    res = d["residual"].astype(np.float32)
    meta = json.loads(str(d["meta"]))
    print(f"data: {res.shape} from {meta['source']}", flush=True)
    enc, head = E.ResidualEncoder(), E.ProjectionHead()
    params = list(enc.parameters()) + list(head.parameters())
    opt = torch.optim.Adam(params, lr=a.lr, weight_decay=1e-6)
    budget = a.minutes * 60.0
    t0 = time.time()
    step, hist, run = 0, [], []
    order, pos = rng.permutation(len(res)), 0
    while True:
        el = time.time() - t0
        if (a.steps and step >= a.steps) or el >= budget:
            break
        frac = el / budget if not a.steps else step / a.steps
        lr = a.lr * min(1.0, (step + 1) / 50.0) * (0.05 + 0.95 * 0.5 * (1 + math.cos(math.pi * min(frac, 1.0))))
        for g in opt.param_groups:
            g["lr"] = lr
        if pos + a.batch > len(order):
            order, pos = rng.permutation(len(res)), 0
        idx = order[pos:pos + a.batch]
        pos += a.batch
        v1, v2 = random_views(res, idx, rng)
        loss = E.nt_xent(head(enc.represent(v1)), head(enc.represent(v2)), a.temperature)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        step += 1
        run.append(loss.item())
        if step % 20 == 0:
            el = time.time() - t0
            hist.append(dict(step=step, loss=float(np.mean(run)), seconds=round(el, 1)))
            print(f"step {step} loss {hist[-1]['loss']:.4f} lr {lr:.2e} {step / el:.2f} step/s {el:.0f}s", flush=True)
            run = []
    wall = time.time() - t0
    if run:
        hist.append(dict(step=step, loss=float(np.mean(run)), seconds=round(wall, 1)))
    os.makedirs(a.out, exist_ok=True)
    torch.save(dict(encoder=enc.state_dict(), head=head.state_dict(), step=step), os.path.join(a.out, "ckpt.pt"))
    last = [h["loss"] for h in hist[-3:]]
    summary = dict(steps=step, batch=a.batch, views=2 * a.batch, seed=a.seed, lr=a.lr, temperature=a.temperature,
                   wallTimeSeconds=round(wall, 1), finalLoss=float(np.mean(last)),
                   finalLossNote=f"mean NT-Xent of the last ~60 steps (chance level ln(2*{a.batch}-1) = "
                                 f"{math.log(2 * a.batch - 1):.3f})",
                   data=meta, dataFile=os.path.basename(a.data), history=hist,
                   threads=torch.get_num_threads(), torch=torch.__version__)
    with open(os.path.join(a.out, "train-summary.json"), "w") as f:
        json.dump(summary, f, indent=1)
    print(f"done: {step} steps in {wall:.0f}s, final loss {summary['finalLoss']:.4f}", flush=True)


if __name__ == "__main__":
    main()
