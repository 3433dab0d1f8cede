#!/usr/bin/python3
"""Training/evaluation data for the SSL encoder: corpus photos AND their renders by every zoo
generator, turned into exactly the residuals the fingerprint engine feeds its SSL space.

    /usr/bin/python3 native-models/python/ssl/make_data.py --group A --per-generator 24
    /usr/bin/python3 native-models/python/ssl/make_data.py --group B --per-generator 8

Two steps, both run with the engine's own TypeScript code (node, onnxruntime-node, one thread):
  1. `npm run zoo:render -- --group G --per-generator N --size 256 --same-crops --include-real`
     -> .work/ssl/renders-G/ (PNGs + labels.json): the k-th group-G photo crop rendered by every zoo
     generator (SDEdit over the pack's reconstructor included) plus the crop itself ("real"), same
     crop box for all (matched content);
  2. `npx tsx electron/engine/spaces/ssl-residuals-cli.ts`, once per residual source (--sources,
     default the fixed Gaussian denoiser with K = 16; optionally the pack's diffusion reconstructor,
     DDIM t* and steps from its fragment) -> .work/ssl/residuals-G-<source>{.json,-<source>.i16}:
     per image the engine's patch sampler (64x64 grid patches, K spread evenly), int16 NCHW,
     value = round(r x 64), r in 8-bit units.
The generator labels in labels.json are used by evaluate.py only; train.py sees image identities.
A step whose output already exists is skipped (--force redoes it); --renders DIR uses existing renders.
"""
import argparse
import json
import os
import shutil
import subprocess
import time

HERE = os.path.dirname(os.path.abspath(__file__))
NM = os.path.dirname(os.path.dirname(HERE))
ROOT = os.path.dirname(NM)
WORK = os.path.join(NM, ".work", "ssl")
# Residual source -> patches per image (K). Default: the Gaussian-denoiser residual the library
# engine uses. "denoiser:16,reconstructor:4" adds the diffusion-reconstructor residual (~0.1 s CPU
# per 64x64 patch, 8 UNet runs, against ~3 ms: hence fewer patches per image); train.py then
# draws one of the sets per step.
SOURCES = "denoiser:16"


def run(cmd):
    print("$ " + " ".join(cmd), flush=True)
    t0 = time.time()
    subprocess.run(cmd, cwd=ROOT, check=True)
    return round(time.time() - t0, 1)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--group", choices=["A", "B"], required=True)
    ap.add_argument("--per-generator", type=int, default=24, help="photo crops (each rendered by every generator)")
    ap.add_argument("--size", type=int, default=256)
    ap.add_argument("--renders", default="", help="use this existing zoo:render output instead of rendering")
    ap.add_argument("--out", default=WORK)
    ap.add_argument("--sources", default=SOURCES, help="source:K pairs, comma-separated")
    ap.add_argument("--force", action="store_true")
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    renders = a.renders or os.path.join(a.out, f"renders-{a.group}")
    timing = {}
    if not a.renders and (a.force or not os.path.exists(os.path.join(renders, "labels.json"))):
        shutil.rmtree(renders, ignore_errors=True)
        timing["renderSeconds"] = run(["npm", "run", "--silent", "zoo:render", "--", "--group", a.group, "--out", renders,
                                       "--per-generator", str(a.per_generator), "--size", str(a.size),
                                       "--same-crops", "--include-real"])
    for spec in a.sources.split(","):
        source, k = spec.split(":")
        prefix = os.path.join(a.out, f"residuals-{a.group}-{source}")
        if a.force or not os.path.exists(prefix + ".json"):
            timing[source + "Seconds"] = run(["npx", "tsx", "electron/engine/spaces/ssl-residuals-cli.ts", "--renders",
                                              renders, "--out", prefix, "--sources", source, "--max-patches", k])
        index = json.load(open(prefix + ".json"))
        labels = sorted({i["label"] for i in index["images"]})
        print(f"group {a.group} {source}: {len(index['images'])} images ({len(labels)} labels), "
              f"{len(index['patches'])} patches -> {prefix}.*", flush=True)
    print(f"group {a.group} timings: {timing}", flush=True)


if __name__ == "__main__":
    main()
