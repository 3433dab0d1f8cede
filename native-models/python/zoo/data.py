"""Corpus group A photos as training crops.

Each photo is decoded once, converted to RGB and downscaled (PIL Lanczos, box-reduced first)
so that its short side is at most CACHE_SHORT_SIDE; the uint8 arrays are cached in
native-models/.work/zoo/cache-<group>-<side>.npz keyed by the photo's sha256.
"""
import json
import os

import numpy as np
import torch
from PIL import Image

NM = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))  # native-models/
CORPUS_MANIFEST = os.path.join(NM, "corpus", "manifest.json")
CORPUS_ROOT = os.path.join(NM, ".work", "corpus")
CACHE_SHORT_SIDE = 384
Image.MAX_IMAGE_PIXELS = None


class DataError(RuntimeError):
    pass


def load_group(group="A", short_side=CACHE_SHORT_SIDE, cache_dir=os.path.join(NM, ".work", "zoo")):
    with open(CORPUS_MANIFEST) as f:
        photos = [p for p in json.load(f)["photos"] if p["group"] == group]
    if not photos:
        raise DataError(f"no photos of group {group} in {CORPUS_MANIFEST}")
    os.makedirs(cache_dir, exist_ok=True)
    cache = os.path.join(cache_dir, f"cache-{group}-{short_side}.npz")
    if os.path.exists(cache):
        z = np.load(cache)
        if sorted(z.files) == sorted(p["sha256"] for p in photos):
            return [z[p["sha256"]] for p in photos], photos
    arrays = {}
    for p in photos:
        path = os.path.join(CORPUS_ROOT, p["file"])
        if not os.path.exists(path):
            raise DataError(f"{path} missing: run `npm run models:corpus` first")
        with Image.open(path) as im:
            im = im.convert("RGB")
            s = short_side / min(im.size)
            if s < 1:
                im = im.resize((round(im.size[0] * s), round(im.size[1] * s)), Image.LANCZOS, reducing_gap=3.0)
            arrays[p["sha256"]] = np.asarray(im, dtype=np.uint8).copy()
    np.savez(cache, **arrays)
    return [arrays[p["sha256"]] for p in photos], photos


class CropSampler:
    """Random crops (uniform over photos, then position), random horizontal flip; [-1, 1]."""

    def __init__(self, images, crop, seed):
        self.images = [im for im in images if min(im.shape[:2]) >= crop]
        self.crop = crop
        self.rng = np.random.default_rng(seed)

    def batch(self, n):
        out = np.empty((n, self.crop, self.crop, 3), np.uint8)
        for i in range(n):
            im = self.images[self.rng.integers(len(self.images))]
            y = self.rng.integers(im.shape[0] - self.crop + 1)
            x = self.rng.integers(im.shape[1] - self.crop + 1)
            c = im[y:y + self.crop, x:x + self.crop]
            out[i] = c[:, ::-1] if self.rng.integers(2) else c
        t = torch.from_numpy(out).permute(0, 3, 1, 2).float()
        return t / 127.5 - 1.0
