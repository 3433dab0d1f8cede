#!/usr/bin/python3
"""Does the SSL encoder separate generators on unseen content? Group-B renders (photo crops never
trained on, every zoo generator + the crop itself), per residual source, for the trained encoder,
the same architecture at random initialisation (seed 0) and, when given, a baseline checkpoint:
  - imageNearestCentroid: image embedding = L2-normalised mean of its patch embeddings (as the
    engine pools); centroids per generator from group-A images; accuracy of assigning each group-B
    image to the nearest centroid (cosine). Generator labels are used here only.
  - patchNearestCentroid: the same per 64x64 patch.
  - imageNearestNeighbourB: leave-one-out 1-NN among group-B images: share of neighbours with the
    same generator, and with the same photo crop (content leakage; chance = 1/#photo crops).

    /usr/bin/python3 native-models/python/ssl/evaluate.py [--baseline OLD_CKPT --baseline-name NAME]
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
import ssl_data  # noqa: E402

WORK = os.path.join(os.path.dirname(os.path.dirname(HERE)), ".work", "ssl")


@torch.inference_mode()
def embed(enc, ds, source, patch_ids, bs=256):
    out = []
    for i in range(0, len(patch_ids), bs):
        out.append(enc(torch.from_numpy(ds.residuals(source, patch_ids[i:i + bs]))).numpy())
    return np.concatenate(out)


def image_embeddings(enc, ds, source, per_image):
    """-> (image ids, image embeddings, patch embeddings, patch image ids)"""
    ids = [i for i in range(len(ds.images)) if ds.image_patches[i]]
    patches = [k for i in ids for k in ds.image_patches[i][:per_image]]
    pe = embed(enc, ds, source, patches)
    owner = ds.patch_image[patches]
    ie = np.stack([pe[owner == i].mean(0) for i in ids])
    ie /= np.linalg.norm(ie, axis=1, keepdims=True) + 1e-12
    return np.array(ids), ie, pe, owner


def nearest_centroid(train_e, train_y, test_e, test_y, n):
    cent = np.stack([train_e[train_y == c].mean(0) for c in range(n)])
    cent /= np.linalg.norm(cent, axis=1, keepdims=True) + 1e-12
    pred = np.argmax(test_e @ cent.T, axis=1)
    return pred, float(np.mean(pred == test_y))


def figures(enc, A, B, source, per_image_a):
    assert A.labels == B.labels, "group A and B renders must have the same generators"
    n = len(A.labels)
    ia, ea, pa, oa = image_embeddings(enc, A, source, per_image_a)
    ib, eb, pb, ob = image_embeddings(enc, B, source, 10**6)
    ya, yb = A.image_label[ia], B.image_label[ib]
    pred, acc = nearest_centroid(ea, ya, eb, yb, n)
    _, pacc = nearest_centroid(pa, A.image_label[oa], pb, B.image_label[ob], n)
    sim = eb @ eb.T
    np.fill_diagonal(sim, -np.inf)
    nn = np.argmax(sim, axis=1)
    photo = B.image_photo[ib]
    return dict(imageNearestCentroid=round(acc, 4), patchNearestCentroid=round(pacc, 4),
                imageNearestNeighbourB=dict(sameGenerator=round(float(np.mean(yb[nn] == yb)), 4),
                                            samePhotoCrop=round(float(np.mean(photo[nn] == photo)), 4)),
                perGenerator={A.labels[c]: round(float(np.mean(pred[yb == c] == c)), 3) for c in range(n)})


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ckpt", default=os.path.join(WORK, "ckpt.pt"))
    ap.add_argument("--work", default=WORK, help="where make_data.py wrote residuals-{A,B}-<source>")
    ap.add_argument("--baseline", default="", help="another checkpoint of the same architecture to compare")
    ap.add_argument("--baseline-name", default="baseline")
    ap.add_argument("--per-image-a", type=int, default=8, help="group-A patches per image for the centroids")
    ap.add_argument("--out", default=os.path.join(WORK, "eval.json"))
    a = ap.parse_args()
    torch.set_num_threads(1)
    pa, pb = ssl_data.prefixes(a.work, "A"), ssl_data.prefixes(a.work, "B")
    sources = [s for s in pb if s in pa]
    encoders = {}
    trained = E.ResidualEncoder()
    trained.load_state_dict(torch.load(a.ckpt, map_location="cpu")["encoder"])
    encoders["trained"] = trained
    torch.manual_seed(0)
    encoders["randomInit"] = E.ResidualEncoder()
    if a.baseline:
        old = E.ResidualEncoder()
        old.load_state_dict(torch.load(a.baseline, map_location="cpu")["encoder"])
        encoders[a.baseline_name] = old
    res = {}
    for source in sources:
        A, B = ssl_data.ResidualSet(pa[source]), ssl_data.ResidualSet(pb[source])
        k = max(len(v) for v in B.image_patches.values())
        res.setdefault("data", {})[source] = dict(
            train=f"{len(A.images)} group-A images ({len(A.photos)} photo crops), up to {min(k, a.per_image_a)} patches each for the centroids",
            test=f"{len(B.images)} group-B images ({len(B.photos)} photo crops), {k} patches each",
            generators=A.labels, chanceGenerator=round(1 / len(A.labels), 4),
            chanceSamePhotoCrop=round(1 / max(1, len(B.photos)), 4))
        res[source] = {}
        for name, enc in encoders.items():
            res[source][name] = figures(enc.eval(), A, B, source, a.per_image_a)
            print(source, name, {k: v for k, v in res[source][name].items() if k != "perGenerator"}, flush=True)
    with open(a.out, "w") as f:
        json.dump(res, f, indent=1)
    print(f"wrote {a.out}")


if __name__ == "__main__":
    main()
