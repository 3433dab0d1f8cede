#!/usr/bin/python3
"""Build the CausalPrint photo corpus from Debian packages.

    /usr/bin/python3 native-models/python/corpus/build_corpus.py      (npm run models:corpus)

1. `apt-get download` the packages of sources.PACKAGES into native-models/.work/debs
   (skipped when a .deb is already there), `dpkg -x` each into native-models/.work/pkgs/<pkg>.
2. Candidates: raster resources of the gcompris photo activities (read out of the Qt .rcc
   resource files, see qt_rcc.py) and the explicit allow-lists of sources.py.
3. Each candidate is decoded; it is taken when its short side is >= MIN_SHORT_SIDE and it is
   not monochrome. Taken photos are copied byte for byte to native-models/.work/corpus/
   (gitignored); group A (training, enrolment) if int(sha256[:8], 16) % 10 < 7, else B (tests).
4. native-models/corpus/manifest.json: sorted, no timestamps, so a rebuild from the same
   packages gives the same bytes.
"""
import glob
import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
import time

import numpy as np
from PIL import Image

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import qt_rcc  # noqa: E402
import sources as S  # noqa: E402

NM = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))  # native-models/
WORK = os.path.join(NM, ".work")
DEBS, PKGS, CORPUS = (os.path.join(WORK, d) for d in ("debs", "pkgs", "corpus"))
MANIFEST = os.path.join(NM, "corpus", "manifest.json")
Image.MAX_IMAGE_PIXELS = None  # wallpapers up to 6028x3391 from trusted Debian packages


class CorpusError(RuntimeError):
    pass


def sha256_bytes(b):
    return hashlib.sha256(b).hexdigest()


def group_of(sha):
    return "A" if int(sha[:8], 16) % 10 < 7 else "B"


# ------------------------------------------------------------------ packages
def deb_path(pkg):
    found = sorted(glob.glob(os.path.join(DEBS, f"{pkg}_*.deb")))
    return found[-1] if found else None


def fetch_packages():
    os.makedirs(DEBS, exist_ok=True)
    missing = [p for p in S.PACKAGES if deb_path(p) is None]
    if missing:
        print(f"apt-get download {' '.join(missing)}")
        subprocess.run(["apt-get", "download", *missing], cwd=DEBS, check=True)
    info = []
    for p in S.PACKAGES:
        deb = deb_path(p)
        if deb is None:
            raise CorpusError(f"{p}: apt-get download produced no .deb")
        with open(deb, "rb") as f:
            dsha = sha256_bytes(f.read())
        version = subprocess.run(["dpkg-deb", "-f", deb, "Version"], check=True, capture_output=True,
                                 text=True).stdout.strip()
        dest = os.path.join(PKGS, p)
        stamp = os.path.join(dest, ".extracted-from")
        if not (os.path.exists(stamp) and open(stamp).read() == dsha):
            shutil.rmtree(dest, ignore_errors=True)
            os.makedirs(dest)
            subprocess.run(["dpkg", "-x", deb, dest], check=True)
            with open(stamp, "w") as f:
                f.write(dsha)
        info.append(dict(name=p, version=version, deb=os.path.basename(deb), debSha256=dsha,
                         copyright=f"/usr/share/doc/{p}/copyright"))
    return info


# ------------------------------------------------------------------ candidates
def gcompris_candidates(stats):
    """-> (pkg, pathInPackage, outName, reason, loader) for the photo activities' rasters."""
    rcc_dir = os.path.join(PKGS, S.GCOMPRIS, S.GCOMPRIS_RCC_DIR)
    out = []
    for activity, reason in sorted(S.GCOMPRIS_ACTIVITIES.items()):
        rel = f"{S.GCOMPRIS_RCC_DIR}/{activity}.rcc"
        with open(os.path.join(rcc_dir, f"{activity}.rcc"), "rb") as f:
            rcc = qt_rcc.RccFile(f.read())
        for path, flags, off in rcc.entries():
            if not path.lower().endswith(S.RASTER_EXT):
                continue
            if flags & qt_rcc.FLAG_COMPRESSED_ZSTD:
                stats["zstdSkipped"] += 1
                continue
            sub = path.split("/resource/", 1)[-1]
            out.append((S.GCOMPRIS, f"{rel}:{path}", f"{S.GCOMPRIS}/{activity}/{sub}", reason,
                        lambda rcc=rcc, flags=flags, off=off: rcc.read(flags, off)))
    return out


def file_loader(path):
    def load():
        with open(path, "rb") as f:
            return f.read()
    return load


def explicit_candidates():
    out = []
    for pkg, files in sorted(S.EXPLICIT.items()):
        for rel, reason in sorted(files.items()):
            full = os.path.join(PKGS, pkg, rel)
            if not os.path.exists(full):
                raise CorpusError(f"{pkg}: {rel} not in the package")
            out.append((pkg, rel, f"{pkg}/{os.path.basename(rel)}", reason, file_loader(full)))
    pkg = "plasma-workspace-wallpapers"
    for name in S.PLASMA_PHOTOS:
        imgs = glob.glob(os.path.join(PKGS, pkg, S.PLASMA, name, "contents", "images", "*"))
        if not imgs:
            raise CorpusError(f"{pkg}: wallpaper {name} has no images")

        def rank(p):  # largest area; several names may hold the same largest image: prefer the
            with Image.open(p) as im:  # name that states its true size, then file size, then name
                w, h = im.size
            return w * h, os.path.splitext(os.path.basename(p))[0] == f"{w}x{h}", os.path.getsize(p), p
        best = max(imgs, key=rank)
        rel = os.path.relpath(best, os.path.join(PKGS, pkg))
        out.append((pkg, rel, f"{pkg}/{name}{os.path.splitext(best)[1]}",
                    "Plasma wallpaper (photograph), largest size of contents/images", file_loader(best)))
    return out


def mean_chroma(im):
    t = im.convert("RGB")
    t.thumbnail((256, 256))
    a = np.asarray(t, dtype=np.int16)
    return float((a.max(axis=2) - a.min(axis=2)).mean())


# ------------------------------------------------------------------ main
def build(verbose=True):
    t0 = time.time()
    packages = fetch_packages()
    stats = dict(zstdSkipped=0)
    cands = gcompris_candidates(stats) + explicit_candidates()
    if os.path.isdir(CORPUS):
        shutil.rmtree(CORPUS)
    photos, excluded, seen = [], [], {}
    for pkg, rel, name, reason, load in cands:
        blob = load()
        sha = sha256_bytes(blob)
        with Image.open(io.BytesIO(blob)) as im:
            im.load()
            w, h = im.size
            chroma = mean_chroma(im)
        why_not = None
        if min(w, h) < S.MIN_SHORT_SIDE:
            why_not = f"short side {min(w, h)} < {S.MIN_SHORT_SIDE} px"
        elif chroma < S.MIN_MEAN_CHROMA:
            why_not = f"monochrome (mean chroma {chroma:.2f} < {S.MIN_MEAN_CHROMA})"
        elif sha in seen:
            why_not = f"byte-identical duplicate of {seen[sha]}"
        if why_not:
            excluded.append(dict(sourcePackage=pkg, pathInPackage=rel, width=w, height=h, reason=why_not))
            continue
        seen[sha] = name
        dest = os.path.join(CORPUS, name)
        os.makedirs(os.path.dirname(dest), exist_ok=True)
        with open(dest, "wb") as f:
            f.write(blob)
        photos.append(dict(file=name, sourcePackage=pkg, pathInPackage=rel, bytes=len(blob), sha256=sha,
                           width=w, height=h, group=group_of(sha), reason=reason))
    photos.sort(key=lambda p: p["file"])
    excluded.sort(key=lambda e: (e["sourcePackage"], e["pathInPackage"]))
    counts = dict(total=len(photos), bytes=sum(p["bytes"] for p in photos), bySource={}, byGroup={},
                  bySourceAndGroup={}, excluded=len(excluded), excludedByReason={},
                  rccZstdEntriesSkipped=stats["zstdSkipped"])
    for p in photos:
        counts["bySource"][p["sourcePackage"]] = counts["bySource"].get(p["sourcePackage"], 0) + 1
        counts["byGroup"][p["group"]] = counts["byGroup"].get(p["group"], 0) + 1
        k = f"{p['sourcePackage']}/{p['group']}"
        counts["bySourceAndGroup"][k] = counts["bySourceAndGroup"].get(k, 0) + 1
    for e in excluded:
        k = e["reason"].split(" (")[0] if e["reason"].startswith("monochrome") else \
            ("short side < 256 px" if e["reason"].startswith("short side") else "duplicate")
        counts["excludedByReason"][k] = counts["excludedByReason"].get(k, 0) + 1
    for d in ("bySource", "byGroup", "bySourceAndGroup", "excludedByReason"):
        counts[d] = dict(sorted(counts[d].items()))
    manifest = dict(
        id="causalprint-corpus-v1",
        description="Natural photographs extracted from Debian bookworm packages; photos live in "
                    "native-models/.work/corpus/<file> (rebuilt by `npm run models:corpus`, not committed).",
        root="native-models/.work/corpus",
        grouping="group A (training, enrolment) if int(sha256[:8], 16) % 10 < 7 else B (testing)",
        selection=dict(minShortSide=S.MIN_SHORT_SIDE, minMeanChroma=S.MIN_MEAN_CHROMA,
                       gcomprisActivities=sorted(S.GCOMPRIS_ACTIVITIES), plasmaWallpapers=list(S.PLASMA_PHOTOS),
                       notTaken=S.NOT_PHOTOS, rules="native-models/corpus/README.md"),
        packages=packages, counts=counts, photos=photos, excluded=excluded)
    os.makedirs(os.path.dirname(MANIFEST), exist_ok=True)
    with open(MANIFEST, "w") as f:
        json.dump(manifest, f, indent=1)
        f.write("\n")
    if verbose:
        print(json.dumps(counts, indent=1))
        print(f"corpus: {len(photos)} photos -> {os.path.relpath(CORPUS, os.getcwd())}, manifest "
              f"{os.path.relpath(MANIFEST, os.getcwd())} ({time.time() - t0:.1f} s)")
    return manifest


if __name__ == "__main__":
    build()
