#!/usr/bin/python3
"""Train, export and describe the trained generator zoo (5 architectures x 2 seeds).

    /usr/bin/python3 native-models/python/zoo/train_zoo.py            full run (~40 CPU minutes)
    /usr/bin/python3 native-models/python/zoo/train_zoo.py --tiny     3 steps per model, into a temp dir
    options: --only ID[,ID]   --export-only (reuse checkpoints in native-models/.work/zoo/run)

Full run: checkpoints, training curves and sample PNGs in native-models/.work/zoo/run
(gitignored); <id>.onnx + <id>.fixture.json in native-models/zoo/ and the description
fragment native-models/zoo/trained-generators.json (entries of models not in this run are
kept from the existing fragment). Trains one model at a time, one CPU thread.
"""
import argparse
import hashlib
import json
import os
import shutil
import sys
import tempfile
import time

import numpy as np
from PIL import Image

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import architectures as A  # noqa: E402
import data as D  # noqa: E402
import export as E  # noqa: E402
import train_one as T  # noqa: E402

NM = D.NM
ZOO = os.path.join(NM, "zoo")
RUN = os.path.join(NM, ".work", "zoo", "run")
FRAGMENT = "trained-generators.json"
SEEDS = (1, 2)
# CPU budget per model (one thread on 2 cores shared with other jobs): each run stops at
# MAX_STEPS, after CPU_BUDGET_S seconds of its own CPU time or after TIME_BUDGET_S seconds of
# wall time, whichever comes first; steps, CPU and wall time actually used are recorded.
MAX_STEPS = 3000
CPU_BUDGET_S = 90
TIME_BUDGET_S = 360
# the VAE (4-channel latent at 1/8, GroupNorm) needs more steps to learn colour: every renderer here
# reproduces luma first and colour only after a few hundred steps (measured: chroma skill 0 at ~150
# steps for ae-nearest too); the VAE, ~2x slower per step, gets 420 CPU-s (wall cap 1300 s)
BUDGET_OVERRIDES = {"vae-ldm": dict(cpu=420, wall=1300)}
TINY_STEPS = 3
COLOUR_DEFINITION = ("colour_stats.py on the group-B eval crops: l1Y / l1C = mean abs error (8-bit levels) of luma / "
                     "chroma (BT.601 Y, mean of Cb and Cr); satRatio = mean chroma magnitude of the renders / of the "
                     "photos (0 = greyscale); chromaCorr = correlation of render and photo chroma over all pixels")
PHOTO_CROP = 128


def plan():
    return [(arch, seed) for arch in A.ARCHITECTURES for seed in SEEDS]


def sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def verification_crop():
    imgs, photos = D.load_group("B")
    for im, p in zip(imgs, photos):
        if min(im.shape[:2]) >= PHOTO_CROP:
            y0, x0 = (im.shape[0] - PHOTO_CROP) // 2, (im.shape[1] - PHOTO_CROP) // 2
            return im[y0:y0 + PHOTO_CROP, x0:x0 + PHOTO_CROP].copy(), p["file"]
    raise D.DataError("no group-B photo large enough for the verification crop")


def corpus_summary():
    with open(D.CORPUS_MANIFEST) as f:
        m = json.load(f)
    return m["counts"]["byGroup"]["A"], m["id"]


def chroma_weight_text(w):
    if isinstance(w, dict):
        return f"w (w = {w['start']} at the start, linear to {w['end']} at {int(100 * w['untilProgress'])} % progress, then {w['end']})"
    return str(w)


def entry(tr, ex, arch):
    spec = A.ARCHITECTURES[arch]
    n_a, corpus_id = corpus_summary()
    return dict(
        id=tr["id"], file=ex["file"], role="zoo-generator", family=spec["family"], architecture=spec["description"],
        architectureId=arch, seed=tr["seed"], sha256=ex["sha256"], bytes=ex["bytes"], parameters=tr["parameters"],
        weightStorage=ex["weightStorage"],
        inputs=[dict(name="image", shape=["N", 3, "H", "W"], dtype="float32")],
        outputs=[dict(name="render", shape=["N", 3, "H", "W"], dtype="float32")],
        valueRange=dict(input=[0, 1], output=[0, 1]),
        normalisation="RGB, NCHW float32, value = 8-bit pixel / 255 (0..1), no mean/std; output 0..1 "
                      "(tanh mapped by (y+1)/2 inside the graph): clip to [0, 1], multiply by 255 and round to 8 bits. "
                      f"H and W must be multiples of {spec['latentFactor']} (latent at 1/{spec['latentFactor']} resolution); "
                      "a multiple of 8 suits every trained zoo member.",
        render="zoo render: crop the photo to a multiple of 8 (e.g. a 256x256 crop), feed it as is (value/255), clip "
               "and round the output to 8 bits; output is the same size as the input (an encoder -> latent -> decoder "
               "re-rendering of the photo)",
        sizeConstraint=dict(multipleOf=spec["latentFactor"], min=spec["latentFactor"]),
        latent=dict(resolution=f"1/{spec['latentFactor']}",
                    channels=A.VAE_LATENT_CHANNELS if spec["family"] == "vae" else A.LATENT_CHANNELS),
        provenance=dict(trainedBy="native-models/python/zoo/train_zoo.py (PyTorch, CPU, one thread)",
                        exporter=f"torch.onnx.export opset {E.OPSET}, dynamic N/H/W",
                        trainingData=f"{corpus_id} group A ({n_a} photos, native-models/corpus/manifest.json), each "
                                     f"downscaled to short side <= {D.CACHE_SHORT_SIDE} px (Lanczos), random "
                                     f"{tr['crop']}x{tr['crop']} crops + horizontal flips"),
        licence="weights trained by this project; training photos under the licences of their Debian packages "
                "(native-models/corpus/manifest.json packages[].copyright)",
        training=dict(data=f"corpus group A, random {tr['crop']}x{tr['crop']} crops, batch {tr['batch']}",
                      crop=tr["crop"], batch=tr["batch"], steps=tr["steps"], seed=tr["seed"],
                      stopRule=f"max {tr['maxSteps']} steps, {tr['cpuBudgetSeconds']} s of process CPU time or "
                               f"{tr['timeBudgetSeconds']} s wall time, whichever first; lr schedule and GAN "
                               "warm-up follow that progress",
                      cpuSeconds=tr["cpuSeconds"],
                      optimizer=f"Adam lr {tr['lr']} (betas 0.9/0.99), cosine decay to 10 %",
                      loss="mean L1 in [-1,1] pixel space" +
                           (f" + {tr['klWeight']} x KL (mean per latent element)" if tr["klWeight"] else "") +
                           (f" + {chroma_weight_text(tr['chromaWeight'])} x mean L1 of the chroma (BT.601 Cb, Cr) "
                            "of render - photo" if tr.get("chromaWeight") else "") +
                           (f" + {tr['advWeight']} x non-saturating PatchGAN generator loss from step "
                            f"{tr['advStartStep']} (discriminator Adam lr {tr['discriminatorLr']}, betas 0.5/0.999)"
                            if tr["advWeight"] else ""),
                      wallTimeSeconds=tr["wallTimeSeconds"], finalLoss=tr["finalL1EvalGroupA"],
                      finalLossDefinition="mean L1 in [-1,1] space, eval mode, 8 fixed batches of group-A crops "
                                          "(seed 12345)",
                      **({"evalL1GroupB": tr["evalL1GroupB"],
                          "evalL1GroupBDefinition": "same L1 on 8 fixed batches of 16 group-B crops 64x64 (seed 12345; "
                                                    "unseen content)",
                          "colourGroupB": {**tr["colourGroupB"], "definition": COLOUR_DEFINITION}}
                         if "evalL1GroupB" in tr else {}),
                      finalTrainLoss=tr["finalTrainLoss"], machine="2 shared CPU cores, torch.set_num_threads(1)",
                      torch=tr["torch"]),
        verification=ex["verification"], fixture=f"{tr['id']}.fixture.json")


def main(argv):
    ap = argparse.ArgumentParser()
    ap.add_argument("--tiny", action="store_true")
    ap.add_argument("--only", default="")
    ap.add_argument("--export-only", action="store_true")
    ap.add_argument("--time-budget", type=float, default=TIME_BUDGET_S)
    ap.add_argument("--cpu-budget", type=float, default=CPU_BUDGET_S)
    a = ap.parse_args(argv)
    only = set(filter(None, a.only.split(",")))
    todo = [(arch, seed) for arch, seed in plan() if not only or T.generator_id(arch, seed) in only]
    tmp = tempfile.mkdtemp(prefix="zoo-tiny-") if a.tiny else None
    run_dir = os.path.join(tmp, "run") if a.tiny else RUN
    out_dir = os.path.join(tmp, "zoo") if a.tiny else ZOO
    os.makedirs(out_dir, exist_ok=True)
    os.makedirs(run_dir, exist_ok=True)
    crop, crop_file = verification_crop()
    frag_path = os.path.join(out_dir, FRAGMENT)
    entries = {}
    if os.path.exists(frag_path):
        with open(frag_path) as f:
            entries = {e["id"]: e for e in json.load(f)}
    t_all = time.time()
    for arch, seed in todo:
        gid = T.generator_id(arch, seed)
        steps = TINY_STEPS if a.tiny else MAX_STEPS
        if a.export_only:
            with open(os.path.join(run_dir, f"{gid}.train.json")) as f:
                tr = json.load(f)
        else:
            d = {**T.DEFAULTS, **A.ARCHITECTURES[arch].get("train", {})}
            tr = T.train(arch, seed, steps, run_dir, d["crop"], d["batch"], d["lr"], d["kl_weight"], d["adv_weight"],
                         d["adv_start"], d["d_lr"],
                         None if a.tiny else BUDGET_OVERRIDES.get(arch, {}).get("wall", a.time_budget),
                         None if a.tiny else BUDGET_OVERRIDES.get(arch, {}).get("cpu", a.cpu_budget),
                         chroma_weight=d["chroma_weight"])
        ex = E.export(gid, arch, os.path.join(run_dir, f"{gid}.pt"), out_dir, crop, os.path.join(run_dir, "export"))
        Image.fromarray(np.concatenate([crop, ex.pop("render8")], axis=1)).save(
            os.path.join(run_dir, f"{gid}.onnx-render.png"))
        ex["sha256"] = sha256(os.path.join(out_dir, ex["file"]))
        ex["verification"]["photo"] = f"{crop_file} (group B), center {PHOTO_CROP}x{PHOTO_CROP}"
        entries[gid] = entry(tr, ex, arch)
        with open(frag_path, "w") as f:   # written after every model: a stopped run keeps what it made
            json.dump([entries[k] for k in sorted(entries)], f, indent=1)
            f.write("\n")
        print(f"{gid}: {ex['file']} {ex['bytes']} bytes, {tr['parameters']} params, train {tr['wallTimeSeconds']} s, "
              f"final L1 {tr['finalL1EvalGroupA']}, photo MAE {ex['verification']['photoMeanAbsErr8bit']}/255", flush=True)
    print(f"zoo: {len(todo)} generators in {time.time() - t_all:.1f} s -> {out_dir}")
    if a.tiny:
        n = len([f for f in os.listdir(out_dir) if f.endswith(".onnx")])
        if n != len(todo):
            raise SystemExit(f"tiny run produced {n} ONNX files for {len(todo)} generators")
        shutil.rmtree(tmp)
        print("tiny run ok (temp dir removed)")


if __name__ == "__main__":
    main(sys.argv[1:])
