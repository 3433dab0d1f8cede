#!/usr/bin/python3
"""Contrastive (SimCLR, NT-Xent) training of the SSL residual encoder on the engine residuals
written by make_data.py: corpus photos and their renders by every zoo generator.

    /usr/bin/python3 native-models/python/ssl/train.py --minutes 15 [--seed 0]

Instances are images (one photo crop as rendered by one generator, or the crop itself). Positives:
two DIFFERENT 64x64 engine patches of the same image (other content, same generator trace), each
seen through a random --crop x --crop window (default 32: 4x less CPU per view; no flips or
resizing, which would move or destroy the trace). A batch holds --photos photo crops with
ALL their renders, so most negatives show the same content through another generator: the loss can
only be lowered by the trace, not by content. Which images share a photo is a property of the data
(same crop); no generator label is read. Each step uses one residual set (Gaussian-denoiser residuals,
16 patches per image, or diffusion-reconstructor residuals, 4 patches per image; drawn at random),
so the encoder serves either engine setting.
Adam lr 1e-3 (30-step warm-up, cosine decay over the CPU-time budget,
or the --wall-minutes cap when that comes first), one CPU thread.
Writes .work/ssl/{ckpt.pt,train-summary.json}.
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
import ssl_data  # noqa: E402

WORK = os.path.join(os.path.dirname(os.path.dirname(HERE)), ".work", "ssl")


def random_crops(x, crop, rng):
    """A random crop x crop window of every patch (the encoder pools mean/std over positions, so it
    applies unchanged to full 64x64 patches; smaller training views cost less CPU)."""
    p = x.shape[-1]
    if crop >= p:
        return x
    out = np.empty(x.shape[:2] + (crop, crop), np.float32)
    for k in range(len(x)):
        y0, x0 = rng.integers(0, p - crop + 1, size=2)
        out[k] = x[k, :, y0:y0 + crop, x0:x0 + crop]
    return out


def batch_views(ds, source, photos, crop, rng):
    """Two views (distinct patches, each randomly cropped) of every image of the given photo crops."""
    first, second = [], []
    for ph in photos:
        for i in ds.photo_images[ph]:
            a, b = rng.choice(ds.image_patches[i], size=2, replace=False)
            first.append(a)
            second.append(b)
    return tuple(torch.from_numpy(random_crops(ds.residuals(source, ids), crop, rng)) for ids in (first, second))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default="", help="comma-separated residual-set prefixes (default: every "
                    ".work/ssl/residuals-A-<source>)")
    ap.add_argument("--work", default=WORK, help="where make_data.py wrote the residual sets")
    ap.add_argument("--minutes", type=float, default=15.0, help="CPU-time budget of the training loop")
    ap.add_argument("--wall-minutes", type=float, default=0.0, help="also stop after this wall time (shared machine)")
    ap.add_argument("--steps", type=int, default=0)
    ap.add_argument("--photos", type=int, default=3, help="photo crops per batch (each with all its renders)")
    ap.add_argument("--crop", type=int, default=32, help="training view side (random crop of a 64x64 patch)")
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--temperature", type=float, default=0.1)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--out", default=WORK)
    a = ap.parse_args()
    torch.set_num_threads(1)
    torch.manual_seed(a.seed)
    rng = np.random.default_rng(a.seed)
    paths = a.data.split(",") if a.data else list(ssl_data.prefixes(a.work, "A").values())
    sets = [ssl_data.ResidualSet(p) for p in paths]
    for p, ds in zip(paths, sets):
        print(f"data {os.path.basename(p)}: {len(ds.images)} images of {len(ds.photos)} photo crops, "
              f"{len(ds.patch_image)} patches, sources {ds.sources}", flush=True)
    per_photo = float(np.mean([len(ds.photo_images[p]) for ds in sets for p in ds.photos]))
    enc, head = E.ResidualEncoder(), E.ProjectionHead()
    params = list(enc.parameters()) + list(head.parameters())
    opt = torch.optim.Adam(params, lr=a.lr, weight_decay=1e-6)
    budget = a.minutes * 60.0
    t0, c0 = time.time(), time.process_time()
    step, hist, run = 0, [], []
    while True:
        cpu = time.process_time() - c0
        wall_frac = (time.time() - t0) / (a.wall_minutes * 60.0) if a.wall_minutes else 0.0
        if (a.steps and step >= a.steps) or (not a.steps and (cpu >= budget or wall_frac >= 1.0)):
            break
        frac = step / a.steps if a.steps else max(cpu / budget, wall_frac)
        lr = a.lr * min(1.0, (step + 1) / 30.0) * (0.05 + 0.95 * 0.5 * (1 + math.cos(math.pi * min(frac, 1.0))))
        for g in opt.param_groups:
            g["lr"] = lr
        ds = sets[rng.integers(len(sets))]
        source = ds.sources[rng.integers(len(ds.sources))]
        photos = rng.choice(ds.photos, size=min(a.photos, len(ds.photos)), replace=False)
        v1, v2 = batch_views(ds, source, photos, a.crop, rng)
        loss = E.nt_xent(head(enc.represent(v1)), head(enc.represent(v2)), a.temperature)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        step += 1
        run.append((loss.item(), len(v1)))
        if step % 20 == 0:
            cpu = time.process_time() - c0
            hist.append(dict(step=step, loss=float(np.mean([r[0] for r in run])), cpuSeconds=round(cpu, 1),
                             seconds=round(time.time() - t0, 1)))
            print(f"step {step} loss {hist[-1]['loss']:.4f} lr {lr:.2e} views {2 * len(v1)} cpu {cpu:.0f}s "
                  f"wall {time.time() - t0:.0f}s", flush=True)
            run = []
    wall, cpu = time.time() - t0, time.process_time() - c0
    if run:
        hist.append(dict(step=step, loss=float(np.mean([r[0] for r in run])), cpuSeconds=round(cpu, 1), seconds=round(wall, 1)))
    os.makedirs(a.out, exist_ok=True)
    torch.save(dict(encoder=enc.state_dict(), head=head.state_dict(), step=step), os.path.join(a.out, "ckpt.pt"))
    last = [h["loss"] for h in hist[-3:]]
    n_views = int(round(2 * a.photos * per_photo))
    summary = dict(steps=step, photosPerBatch=a.photos, viewSide=a.crop, viewsPerBatch=n_views, seed=a.seed, lr=a.lr,
                   temperature=a.temperature, wallTimeSeconds=round(wall, 1), cpuSeconds=round(cpu, 1),
                   finalLoss=float(np.mean(last)),
                   finalLossNote=f"mean NT-Xent of the last ~60 steps (chance level ln({n_views}-1) = {math.log(n_views - 1):.3f})",
                   data=dict(sets=[dict(file=os.path.basename(p), images=len(ds.images), photoCrops=len(ds.photos),
                                        patches=int(len(ds.patch_image)), sources=ds.index["sources"],
                                        patchesPerImage=int(max(len(v) for v in ds.image_patches.values())),
                                        buildSeconds=ds.index.get("seconds"), buildCpuSeconds=ds.index.get("cpuSeconds"))
                                   for p, ds in zip(paths, sets)],
                             images=len(sets[0].images), photoCrops=len(sets[0].photos), labels=sets[0].labels),
                   history=hist, threads=torch.get_num_threads(), torch=torch.__version__)
    with open(os.path.join(a.out, "train-summary.json"), "w") as f:
        json.dump(summary, f, indent=1)
    print(f"done: {step} steps, {cpu:.0f} s CPU / {wall:.0f} s wall, final loss {summary['finalLoss']:.4f}", flush=True)


if __name__ == "__main__":
    main()
