#!/usr/bin/python3
"""Sanity figures for the SSL encoder on held-out group-B residual regions (never trained on),
trained weights vs the same architecture at random initialisation (seed 0):
  - sameImageTop1: the top-left and bottom-right 64x64 crops of each region are embedded; for
    each top-left crop, is the nearest bottom-right crop (cosine) the one of the same region?
  - variantNearestCentroid: centroids of group-A centre-crop embeddings per variant (photo,
    JPEG, bicubic, each zoo upscaler); accuracy of assigning group-B centre crops to the nearest
    centroid. Uses the variant labels for evaluation only; chance = 1 / #variants.

    /usr/bin/python3 native-models/python/ssl/evaluate.py
"""
import argparse
import json
import os
import sys

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import encoder as E  # noqa: E402

WORK = os.path.join(os.path.dirname(os.path.dirname(HERE)), ".work", "ssl")
P = 64


@torch.no_grad()
def embed(enc, r, bs=128):
    return torch.cat([enc(torch.from_numpy(r[i:i + bs].astype(np.float32))) for i in range(0, len(r), bs)]).numpy()


def crops(res, where):
    s = res.shape[-1]
    o = {"tl": (0, 0), "br": (s - P, s - P), "c": ((s - P) // 2, (s - P) // 2)}[where]
    return res[:, :, o[0]:o[0] + P, o[1]:o[1] + P]


def figures(enc, A, B):
    e1, e2 = embed(enc, crops(B["residual"], "tl")), embed(enc, crops(B["residual"], "br"))
    same = float(np.mean(np.argmax(e1 @ e2.T, axis=1) == np.arange(len(e1))))
    ea, eb = embed(enc, crops(A["residual"], "c")), embed(enc, crops(B["residual"], "c"))
    names_a = [str(v) for v in A["variants"]]
    va = A["variant"]
    vb = np.array([names_a.index(str(B["variants"][v])) if str(B["variants"][v]) in names_a else -1
                   for v in B["variant"]])   # B's variants by name in A's numbering
    keep = vb >= 0
    cent = np.stack([ea[va == v].mean(0) for v in range(len(names_a))])
    cent /= np.linalg.norm(cent, axis=1, keepdims=True) + 1e-12
    pred = np.argmax(eb @ cent.T, axis=1)
    per = {names_a[v]: round(float(np.mean(pred[vb == v] == v)), 4) for v in range(len(names_a)) if np.any(vb == v)}
    ok = pred[keep] == vb[keep]
    return dict(sameImageTop1=round(same, 4), variantNearestCentroid=round(float(np.mean(ok)), 4),
                perVariant=per)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ckpt", default=os.path.join(WORK, "ckpt.pt"))
    ap.add_argument("--train", default=os.path.join(WORK, "residuals-A.npz"))
    ap.add_argument("--test", default=os.path.join(WORK, "residuals-B.npz"))
    ap.add_argument("--out", default=os.path.join(WORK, "eval.json"))
    a = ap.parse_args()
    torch.set_num_threads(1)
    A, B = np.load(a.train), np.load(a.test)
    trained = E.ResidualEncoder()
    trained.load_state_dict(torch.load(a.ckpt, map_location="cpu")["encoder"])
    torch.manual_seed(0)
    rnd = E.ResidualEncoder()
    res = dict(data=dict(train=f"{len(A['variant'])} group-A regions ({os.path.basename(a.train)})",
                         test=f"{len(B['variant'])} group-B regions ({os.path.basename(a.test)})",
                         variants=[str(v) for v in A["variants"]], testVariants=[str(v) for v in B["variants"]],
                         chanceVariant=round(1 / len(A["variants"]), 4),
                         chanceSameImage=round(1 / len(B["variant"]), 4)),
               trained=figures(trained.eval(), A, B), randomInit=figures(rnd.eval(), A, B))
    with open(a.out, "w") as f:
        json.dump(res, f, indent=1)
    print(json.dumps(res, indent=1))


if __name__ == "__main__":
    main()
