"""Reads the residual sets written by make_data.py (residuals-<group>.json + -<source>.i16).

Residuals are returned in the encoder's input units: r = X - X_hat in 8-bit levels / 127.5
(what electron/engine/spaces/ssl-space.ts feeds the ONNX), float32 NCHW [n,3,64,64].
"""
import json
import os
from collections import defaultdict

import numpy as np


class ResidualSet:
    def __init__(self, prefix, sources=None):
        self.index = json.load(open(prefix + ".json"))
        self.p = self.index["patchSize"]
        self.scale = float(self.index["scale"])
        self.sources = [s for s in self.index["sources"] if sources is None or s in sources]
        n = len(self.index["patches"])
        self.data = {s: np.memmap(f"{prefix}-{s}.i16", np.int16, "r", shape=(n, 3, self.p, self.p)) for s in self.sources}
        self.images = self.index["images"]
        self.patch_image = np.array([q["image"] for q in self.index["patches"]], np.int64)
        self.image_patches = defaultdict(list)
        for k, i in enumerate(self.patch_image):
            self.image_patches[int(i)].append(k)
        self.labels = sorted({im["label"] for im in self.images})
        self.image_label = np.array([self.labels.index(im["label"]) for im in self.images], np.int64)
        photos = sorted({im["photoId"] for im in self.images})
        self.image_photo = np.array([photos.index(im["photoId"]) for im in self.images], np.int64)
        self.photo_images = defaultdict(list)
        for i, ph in enumerate(self.image_photo):
            if len(self.image_patches[i]) >= 2:
                self.photo_images[int(ph)].append(i)
        self.photos = sorted(self.photo_images)

    def residuals(self, source, patch_ids):
        """float32 [len(patch_ids),3,P,P] in [-1,1]-space units (8-bit difference / 127.5)."""
        idx = np.asarray(patch_ids)
        order = np.argsort(idx)
        out = np.empty((len(idx), 3, self.p, self.p), np.float32)
        out[order] = self.data[source][idx[order]].astype(np.float32)
        return out / (self.scale * 127.5)


def prefixes(work, group):
    """{source: prefix} of the residual sets make_data.py wrote for a group (one set per source)."""
    out = {}
    for name in sorted(os.listdir(work)) if os.path.isdir(work) else []:
        head = f"residuals-{group}-"
        if name.startswith(head) and name.endswith(".json"):
            out[name[len(head):-len(".json")]] = os.path.join(work, name[:-len(".json")])
    return out
