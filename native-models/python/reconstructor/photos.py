"""Corpus photos for training/evaluation: reads native-models/corpus/manifest.json and the
extracted photos in native-models/.work/corpus/ (built by `npm run models:corpus`), keeps one
content group, decodes to uint8 RGB and serves random square crops.

`--smoke` callers use the six python3-skimage colour photos instead (development only)."""
import json
import os

import numpy as np
from PIL import Image

NM = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))  # native-models/
CORPUS_MANIFEST = os.path.join(NM, "corpus", "manifest.json")
CORPUS_DIR = os.path.join(NM, ".work", "corpus")
SKIMAGE_DIR = "/usr/lib/python3/dist-packages/skimage/data"
SKIMAGE_PHOTOS = ["astronaut.png", "chelsea.png", "coffee.png", "motorcycle_left.png", "rocket.jpg", "motorcycle_right.png"]


class PhotoSet:
    def __init__(self, names, arrays, source):
        self.names, self.arrays, self.source = names, arrays, source
        px = np.array([a.shape[0] * a.shape[1] for a in arrays], dtype=np.float64)
        w = np.sqrt(px)                 # crop sampling proportional to sqrt(pixel count): big
        self.weights = w / w.sum()      # wallpapers get more crops, but do not dominate

    def __len__(self):
        return len(self.arrays)

    def random_crops(self, rng, n, size, flip=True):
        """n random size x size crops (photo chosen proportional to sqrt(area)), uint8 NHWC."""
        out = np.empty((n, size, size, 3), np.uint8)
        idx = rng.choice(len(self.arrays), size=n, p=self.weights)
        for k, i in enumerate(idx):
            a = self.arrays[i]
            y = rng.integers(0, a.shape[0] - size + 1)
            x = rng.integers(0, a.shape[1] - size + 1)
            c = a[y:y + size, x:x + size]
            if flip and rng.random() < 0.5:
                c = c[:, ::-1]
            out[k] = c
        return out, idx


def load_rgb(path):
    with Image.open(path) as im:
        return np.asarray(im.convert("RGB"))


def corpus_entries(group):
    with open(CORPUS_MANIFEST) as f:
        man = json.load(f)
    entries = man["photos"] if isinstance(man, dict) and "photos" in man else man
    return [e for e in entries if e["group"] == group]


def load_group(group, min_side=64, limit=None):
    """Photos of corpus group 'A' or 'B' (sorted by file name for determinism)."""
    entries = sorted(corpus_entries(group), key=lambda e: e["file"])
    if limit:
        entries = entries[:limit]
    names, arrays = [], []
    for e in entries:
        a = load_rgb(os.path.join(CORPUS_DIR, e["file"]))
        if min(a.shape[:2]) >= min_side:
            names.append(e["file"])
            arrays.append(a)
    return PhotoSet(names, arrays, f"corpus group {group} ({len(arrays)} photos)")


def load_skimage(min_side=64):
    names, arrays = [], []
    for n in SKIMAGE_PHOTOS:
        p = os.path.join(SKIMAGE_DIR, n)
        if os.path.exists(p):
            a = load_rgb(p)
            if min(a.shape[:2]) >= min_side:
                names.append(n)
                arrays.append(a)
    return PhotoSet(names, arrays, f"python3-skimage data photos ({len(arrays)}, smoke test only)")


def corpus_ready():
    return os.path.exists(CORPUS_MANIFEST) and os.path.isdir(CORPUS_DIR)


def to_model(u8_nhwc):
    """uint8 NHWC -> float32 NCHW in [-1, 1] (pixel / 127.5 - 1)."""
    import torch
    x = torch.from_numpy(np.ascontiguousarray(u8_nhwc)).permute(0, 3, 1, 2).float()
    return x / 127.5 - 1.0
