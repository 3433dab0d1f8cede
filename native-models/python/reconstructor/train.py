#!/usr/bin/python3
"""Train the DDPM eps-prediction UNet on random 64x64 crops of corpus group A.

    /usr/bin/python3 native-models/python/reconstructor/train.py --minutes 35 [--seed 0]
    /usr/bin/python3 native-models/python/reconstructor/train.py --smoke --steps 20   (skimage photos)

Loss: MSE between true and predicted noise, x_t = sqrt(abar_t) x0 + sqrt(1-abar_t) eps.
Timesteps: half of each batch uniform over [0, T), half uniform over [0, 2 t*) (the range
DIRE reconstruction uses gets extra training). Adam lr 2e-4 (100-step warm-up, linear decay
to 10% over the last 20% of the time budget), EMA of the weights (decay 0.998) is what gets
exported. One CPU thread. Writes .work/reconstructor/{ckpt.pt,train-summary.json}.
"""
import argparse
import json
import math
import os
import sys
import time

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import diffusion as D  # noqa: E402
import photos  # noqa: E402

WORK = os.path.join(photos.NM, ".work", "reconstructor")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--minutes", type=float, default=35.0)
    ap.add_argument("--steps", type=int, default=0, help="stop after this many steps (0 = time budget only)")
    ap.add_argument("--batch", type=int, default=16)
    ap.add_argument("--size", type=int, default=64)
    ap.add_argument("--lr", type=float, default=2e-4)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--smoke", action="store_true", help="train on the skimage photos (development only)")
    ap.add_argument("--out", default=WORK)
    a = ap.parse_args()
    torch.set_num_threads(1)
    torch.manual_seed(a.seed)
    rng = np.random.default_rng(a.seed)
    os.makedirs(a.out, exist_ok=True)

    data = photos.load_skimage() if a.smoke else photos.load_group("A")
    print(f"data: {data.source}", flush=True)
    model = D.UNet()
    ema = D.UNet()
    ema.load_state_dict(model.state_dict())
    for p in ema.parameters():
        p.requires_grad_(False)
    sched = D.Schedule()
    abar = sched.alphas_cumprod.float()
    opt = torch.optim.Adam(model.parameters(), lr=a.lr)
    budget = a.minutes * 60.0
    t0 = time.time()
    step, hist, run = 0, [], []
    half = a.batch // 2
    while True:
        el = time.time() - t0
        if (a.steps and step >= a.steps) or el >= budget:
            break
        lr = a.lr * min(1.0, (step + 1) / 100.0)
        if el > 0.8 * budget:
            lr *= 1.0 - 0.9 * (el - 0.8 * budget) / (0.2 * budget)
        for g in opt.param_groups:
            g["lr"] = lr
        u8, _ = data.random_crops(rng, a.batch, a.size)
        x0 = photos.to_model(u8)
        t = torch.cat([torch.randint(0, sched.T, (half,)), torch.randint(0, 2 * D.T_STAR, (a.batch - half,))])
        eps = torch.randn_like(x0)
        ab = abar[t][:, None, None, None]
        xt = ab.sqrt() * x0 + (1 - ab).sqrt() * eps
        loss = torch.mean((model(xt, t.float()) - eps) ** 2)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        with torch.no_grad():
            d = min(0.998, (1 + step) / (10 + step))
            for pe, pm in zip(ema.parameters(), model.parameters()):
                pe.mul_(d).add_(pm, alpha=1 - d)
        step += 1
        run.append(loss.item())
        if step % 50 == 0:
            el = time.time() - t0
            m = float(np.mean(run))
            hist.append(dict(step=step, loss=m, seconds=round(el, 1)))
            print(f"step {step} loss {m:.5f} lr {lr:.2e} {step / el:.3f} step/s {el:.0f}s", flush=True)
            run = []
        if step % 250 == 0:
            save(a, model, ema, step, hist, time.time() - t0, data)
    wall = time.time() - t0
    if run:
        hist.append(dict(step=step, loss=float(np.mean(run)), seconds=round(wall, 1)))
    save(a, model, ema, step, hist, wall, data)
    print(f"done: {step} steps in {wall:.0f}s, last loss {hist[-1]['loss']:.5f}", flush=True)


def save(a, model, ema, step, hist, wall, data):
    torch.save(dict(model=model.state_dict(), ema=ema.state_dict(), step=step), os.path.join(a.out, "ckpt.pt"))
    last = [h["loss"] for h in hist[-4:]]
    summary = dict(steps=step, batch=a.batch, crop=a.size, seed=a.seed, lr=a.lr, wallTimeSeconds=round(wall, 1),
                   finalLoss=(float(np.mean(last)) if last else math.nan),
                   finalLossNote="mean of the last 4 logged windows (about 200 steps) of eps-MSE (mixed timestep sampling)",
                   data=data.source, photos=data.names, smoke=a.smoke, history=hist,
                   threads=torch.get_num_threads(), torch=torch.__version__)
    with open(os.path.join(a.out, "train-summary.json"), "w") as f:
        json.dump(summary, f, indent=1)


if __name__ == "__main__":
    main()
