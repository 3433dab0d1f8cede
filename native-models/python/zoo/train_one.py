#!/usr/bin/python3
"""Train one zoo generator on random crops of corpus group A.

    /usr/bin/python3 native-models/python/zoo/train_one.py --arch ae-nearest --seed 1 --steps 600 --out DIR

Writes DIR/<id>.pt (state dict), DIR/<id>.train.json (settings, loss curve, final loss, wall
time) and DIR/<id>.sample.png (input | render, eval mode, on a fixed group-B photo crop).
Stops after --steps, --cpu-budget or --time-budget seconds (first reached). Loss: mean L1 in
[-1, 1] pixel space; + chroma_weight * mean L1 of the chroma (BT.601 Cb, Cr) of render - photo
(the VAE: see docs/trained-zoo.md); + kl_weight * KL for the VAE; + adv_weight * the
non-saturating generator loss of a PatchGAN discriminator for the GAN, switched on after
adv_start of the steps. Adam, lr with cosine decay to 10 %, one CPU thread. Every log line also
records the chroma skill (colour_stats.py) of the current model on one fixed group-B batch.
"""
import argparse
import json
import math
import os
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F
from PIL import Image

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import architectures as A  # noqa: E402
import colour_stats as C  # noqa: E402
import data as D  # noqa: E402

DEFAULTS = dict(crop=64, batch=16, lr=2e-3, kl_weight=1e-4, adv_weight=0.01, adv_start=0.3, d_lr=2e-4, chroma_weight=0.0)
# RGB -> opponent chroma (BT.601 Cb, Cr without offset), applied to the [-1, 1] difference render - photo
CHROMA = torch.tensor([[-0.168736, -0.331264, 0.5], [0.5, -0.418688, -0.081312]])


def generator_id(arch, seed):
    return f"zoo-{arch}-s{seed}"


def chroma_l1(y, x):
    """Mean |Cb| + |Cr| / 2 of the difference y - x ([-1, 1] RGB, NCHW): the colour part of the error only."""
    return torch.einsum("ck,nkhw->nchw", CHROMA, y - x).abs().mean()


def chroma_weight_at(weight, progress):
    """weight: a number, or (start, end, until): start at progress 0, linear to end at `until`, then end.
    A high start breaks the luma-first plateau (colour gets into the latent), the lower end gives the
    capacity back to luma detail."""
    if not isinstance(weight, (tuple, list)):
        return weight
    start, end, until = weight
    return end + (start - end) * max(0.0, 1.0 - progress / until)


def sample_png(model, path, crop=192, count=3):
    """Rows of (input | render) for center crops of the first `count` group-B photos."""
    imgs, _ = D.load_group("B")
    rows = []
    for im in [a for a in imgs if min(a.shape[:2]) >= crop][:count]:
        y0, x0 = (im.shape[0] - crop) // 2, (im.shape[1] - crop) // 2
        c = im[y0:y0 + crop, x0:x0 + crop]
        x = torch.from_numpy(c.copy()).permute(2, 0, 1)[None].float() / 127.5 - 1
        with torch.no_grad():
            y = model(x)[0].permute(1, 2, 0).numpy()
        rows.append(np.concatenate([c, np.clip(np.round((y + 1) * 127.5), 0, 255).astype(np.uint8)], axis=1))
    Image.fromarray(np.concatenate(rows, axis=0)).save(path)


def train(arch, seed, steps, out, crop, batch, lr, kl_weight, adv_weight, adv_start, d_lr, time_budget=None,
          cpu_budget=None, log_every=25, chroma_weight=0.0):
    """Stops after `steps` steps, `cpu_budget` seconds of this process's CPU time or `time_budget`
    seconds of wall time, whichever comes first; the learning-rate schedule and the GAN warm-up
    follow the progress p = max(step/steps, cpu/cpu_budget, elapsed/time_budget)."""
    torch.set_num_threads(1)
    torch.manual_seed(seed)
    spec = A.ARCHITECTURES[arch]
    model = spec["build"]()
    gid = generator_id(arch, seed)
    images, _ = D.load_group("A")
    sampler = D.CropSampler(images, crop, seed)
    opt = torch.optim.Adam(model.parameters(), lr=lr, betas=(0.9, 0.99))
    disc = A.PatchDiscriminator() if spec["adversarial"] else None
    d_opt = torch.optim.Adam(disc.parameters(), lr=d_lr, betas=(0.5, 0.999)) if disc else None
    curve, recent = [], []
    watch = C.eval_batches("B", batches=1)       # colour on unseen content, logged with the curve
    t0, c0 = time.time(), time.process_time()
    model.train()
    step, progress, adv_start_step = 0, 0.0, None
    while progress < 1.0:
        step += 1
        for g in opt.param_groups:
            g["lr"] = lr * (0.1 + 0.9 * 0.5 * (1 + math.cos(math.pi * progress)))
        cw = chroma_weight_at(chroma_weight, progress)
        x = sampler.batch(batch)
        y, extra = model.losses(x)
        l1 = F.l1_loss(y, x)
        loss = l1
        parts = {"l1": l1.item()}
        if cw:
            lc = chroma_l1(y, x)
            loss = loss + cw * lc
            parts["chroma"] = lc.item()
        if "kl" in extra:
            loss = loss + kl_weight * extra["kl"]
            parts["kl"] = extra["kl"].item()
        adv_on = disc is not None and progress >= adv_start
        if adv_on and adv_start_step is None:
            adv_start_step = step
        if adv_on:
            g_adv = F.softplus(-disc(y)).mean()             # non-saturating generator loss
            loss = loss + adv_weight * g_adv
            parts["g_adv"] = g_adv.item()
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        if adv_on:
            d_loss = F.softplus(-disc(x)).mean() + F.softplus(disc(y.detach())).mean()
            d_opt.zero_grad(set_to_none=True)
            d_loss.backward()
            d_opt.step()
            parts["d"] = d_loss.item()
        parts["total"] = loss.item()
        recent.append(parts)
        elapsed = time.time() - t0
        cpu = time.process_time() - c0
        progress = max(step / steps, elapsed / time_budget if time_budget else 0.0, cpu / cpu_budget if cpu_budget else 0.0)
        if step % log_every == 0 or progress >= 1.0:
            avg = {k: float(np.mean([r[k] for r in recent if k in r])) for k in recent[-1]}
            model.eval()
            avg["chromaSkillB"] = C.colour_report(model, watch)["chromaSkill"]
            model.train()
            curve.append(dict(step=step, seconds=round(elapsed, 1), cpuSeconds=round(cpu, 1), **{k: round(v, 5) for k, v in avg.items()}))
            print(f"{gid} step {step} ({100 * progress:.0f} %) {elapsed:6.1f}s wall {cpu:6.1f}s cpu " +
                  " ".join(f"{k}={v:.4f}" for k, v in avg.items()), flush=True)
            recent = []
    wall, cpu = time.time() - t0, time.process_time() - c0
    model.eval()
    os.makedirs(out, exist_ok=True)
    torch.save(model.state_dict(), os.path.join(out, f"{gid}.pt"))
    # final loss: mean L1 in eval mode over 8 fixed batches of group-A crops (seeded, not the training stream)
    evs = D.CropSampler(images, crop, 12345)
    with torch.no_grad():
        final = float(np.mean([F.l1_loss(model(b), b).item() for b in (evs.batch(batch) for _ in range(8))]))
    sample_png(model, os.path.join(out, f"{gid}.sample.png"))
    # unseen content: the same L1 on group-B crops, plus how much colour the renders keep
    colour_b = C.colour_report(model, C.eval_batches("B"))
    res = dict(id=gid, arch=arch, seed=seed, steps=step, maxSteps=steps, timeBudgetSeconds=time_budget,
               cpuBudgetSeconds=cpu_budget, cpuSeconds=round(cpu, 1),
               crop=crop, batch=batch, lr=lr,
               klWeight=kl_weight if "vae" in arch else None,
               advWeight=adv_weight if spec["adversarial"] else None,
               advStartStep=adv_start_step if spec["adversarial"] else None,
               discriminatorLr=d_lr if spec["adversarial"] else None,
               parameters=A.count_parameters(model), wallTimeSeconds=round(wall, 1),
               chromaWeight=(dict(start=chroma_weight[0], end=chroma_weight[1], untilProgress=chroma_weight[2])
                             if isinstance(chroma_weight, (tuple, list)) else chroma_weight or None),
               finalTrainLoss=curve[-1], finalL1EvalGroupA=round(final, 5), evalL1GroupB=colour_b["l1B"],
               colourGroupB={k: colour_b[k] for k in ("l1Y", "l1C", "chromaSkill", "satRatio", "chromaCorr")}, curve=curve,
               torch=torch.__version__, threads=torch.get_num_threads())
    with open(os.path.join(out, f"{gid}.train.json"), "w") as f:
        json.dump(res, f, indent=1)
    print(f"{gid}: {res['parameters']} params, {step} steps, {wall:.1f} s wall, {cpu:.1f} s cpu, final eval L1 {final:.4f} "
          f"(group B {colour_b['l1B']:.4f}, chroma skill {colour_b['chromaSkill']}, saturation ratio {colour_b['satRatio']})")
    return res


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--arch", required=True, choices=sorted(A.ARCHITECTURES))
    ap.add_argument("--seed", type=int, required=True)
    ap.add_argument("--steps", type=int, required=True)
    ap.add_argument("--time-budget", type=float, default=None)
    ap.add_argument("--cpu-budget", type=float, default=None)
    ap.add_argument("--out", required=True)
    for k, v in DEFAULTS.items():
        ap.add_argument(f"--{k.replace('_', '-')}", type=type(v), default=v)
    a = ap.parse_args()
    train(a.arch, a.seed, a.steps, a.out, a.crop, a.batch, a.lr, a.kl_weight, a.adv_weight, a.adv_start, a.d_lr, a.time_budget,
          a.cpu_budget, chroma_weight=a.chroma_weight)


if __name__ == "__main__":
    main()
