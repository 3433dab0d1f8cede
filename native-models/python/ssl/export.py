#!/usr/bin/python3
"""Export the trained SSL residual encoder to ONNX (opset 17, dynamic batch), record its
fixture with onnxruntime-node, check it against PyTorch and write trained-ssl.json.

    /usr/bin/python3 native-models/python/ssl/export.py
"""
import argparse
import hashlib
import json
import os
import subprocess
import sys
import tempfile

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import encoder as E  # noqa: E402

NM = os.path.dirname(os.path.dirname(HERE))
PACK = os.path.join(NM, "packs", "causalprint-base-v1")
WORK = os.path.join(NM, ".work", "ssl")
P = 64
FIXTURE_N = 2
PATTERN = ("u8[y][x][c] = (5*x + 3*y + ((x*y) >> 2) + 85*c) & 255 (integers, x = column, y = row, c = R,G,B); "
           "value = (u8 / 127.5 - 1) * 0.05 (float64, stored float32; a signed residual of up to ~6 8-bit levels); "
           "batch item n = value * (n + 1); NCHW float32")
TOL_REL = 1e-4


def sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def fixture_input():
    y, x = np.mgrid[0:P, 0:P]
    u8 = np.stack([(5 * x + 3 * y + ((x * y) >> 2) + 85 * c) & 255 for c in range(3)])
    v = (u8 / 127.5 - 1.0) * 0.05
    return np.stack([v * (n + 1) for n in range(FIXTURE_N)]).astype(np.float32)


def stats(a):
    a = np.asarray(a, np.float64)
    return dict(min=float(a.min()), max=float(a.max()), mean=float(a.mean()), std=float(a.std()))


def slices(a, n=16):
    a = np.asarray(a, np.float32).ravel()
    return [dict(start=int(s), values=[float(v) for v in a[s:s + n]]) for s in (0, a.size // 2, a.size - n)]


def ort_run(onnx_path, x):
    with tempfile.TemporaryDirectory() as td:
        ip, op = os.path.join(td, "in.f32"), os.path.join(td, "out.f32")
        x.tofile(ip)
        r = subprocess.run(["node", os.path.join(HERE, "ort_render.mjs"), onnx_path, "residual", ip,
                            str(x.shape[0]), str(P), str(P), op], check=True, capture_output=True, text=True)
        dims = json.loads(r.stdout)["dims"]
        return np.fromfile(op, np.float32).reshape(dims)


def ort_version():
    with open(os.path.join(NM, "..", "node_modules", "onnxruntime-node", "package.json")) as f:
        return json.load(f)["version"]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ckpt", default=os.path.join(WORK, "ckpt.pt"))
    ap.add_argument("--summary", default=os.path.join(WORK, "train-summary.json"))
    ap.add_argument("--eval", default=os.path.join(WORK, "eval.json"))
    ap.add_argument("--out-dir", default=PACK)
    a = ap.parse_args()
    torch.set_num_threads(1)
    enc = E.ResidualEncoder()
    enc.load_state_dict(torch.load(a.ckpt, map_location="cpu")["encoder"])
    enc.eval()
    onnx_path = os.path.join(a.out_dir, "ssl-encoder.onnx")
    torch.onnx.export(enc, torch.zeros(1, 3, P, P), onnx_path, opset_version=17, input_names=["residual"],
                      output_names=["embedding"], dynamic_axes={"residual": {0: "N"}, "embedding": {0: "N"}},
                      do_constant_folding=True)
    import onnx
    mp = onnx.load(onnx_path)
    onnx.checker.check_model(mp)
    mp.doc_string = (f"CausalPrint SSL residual encoder: residual = x - x_hat in [-1,1] units (8-bit diff / 127.5), "
                     f"[N,3,{P},{P}]; embedding [N,{E.DIM}] L2-normalised; SimCLR NT-Xent t=0.1")
    onnx.save(mp, onnx_path)

    x = fixture_input()
    with torch.no_grad():
        ref = enc(torch.from_numpy(x)).numpy()
    got = ort_run(onnx_path, x)
    diff = float(np.abs(got - ref).max())
    print(f"ort vs torch max abs diff {diff:.2e}; norms {np.linalg.norm(got, axis=1)}")
    assert diff <= 1e-4, "ONNX disagrees with PyTorch"
    shape = [FIXTURE_N, 3, P, P]
    fixture = dict(
        id="ssl-encoder", file="ssl-encoder.onnx",
        input=dict(name="residual", shape=shape, dtype="float32", pattern=PATTERN),
        inputs=[dict(name="residual", shape=["N", 3, P, P], dtype="float32")],
        outputs=[dict(name="embedding", shape=["N", E.DIM], dtype="float32", fixtureShape=list(got.shape),
                      stats=stats(got), slices=slices(got))],
        tolerance=dict(maxAbsDiffRelativeToOutputRange=TOL_REL, note="onnxruntime re-run vs these recorded onnxruntime outputs"),
        pytorchMaxAbsDiff=diff,
        recordedWith=f"onnxruntime-node@{ort_version()} CPU")
    with open(os.path.join(a.out_dir, "ssl-encoder.fixture.json"), "w") as f:
        json.dump(fixture, f, indent=1)
        f.write("\n")

    s = json.load(open(a.summary))
    ev = json.load(open(a.eval)) if os.path.exists(a.eval) else None
    dm = s["data"]
    entry = dict(
        id="ssl-encoder", file="ssl-encoder.onnx", role="ssl-encoder", family="contrastive-cnn",
        architecture=(f"fixed input gain x{E.GAIN:g}, 3 stages (32/64/128 channels, stride 2 between stages) of two 3x3 "
                      "conv + GroupNorm(8) + SiLU, per-channel spatial mean and std (256) -> linear 256->128 -> L2 "
                      "normalisation; trained with a 2-layer projection head (128->128->64, not exported)"),
        sha256=sha256(onnx_path), bytes=os.path.getsize(onnx_path), parameters=E.count_params(enc),
        weightStorage="float32 initializers",
        inputs=[dict(name="residual", shape=["N", 3, P, P], dtype="float32")],
        outputs=[dict(name="embedding", shape=["N", E.DIM], dtype="float32")],
        valueRange=dict(input="signed residual, typically |r| < 0.2 (8-bit difference / 127.5; RMS ~5-10 levels on photos)",
                        output="unit-length vectors (L2 norm 1)"),
        normalisation=("residual = r / 127.5 with r = X - X_hat in 8-bit units, exactly the SpaceInput.residual of the "
                       "fingerprint engine (electron/engine/spaces/ssl-space.ts divides by 127.5): X_hat from either "
                       "residual source the engine offers, the fixed 5-tap Gaussian denoiser (sigma 1) or the pack's "
                       "diffusion reconstructor (deterministic DDIM, t* and steps from trained-reconstructor.json); "
                       f"trained on: {', '.join(list(d['sources'])[0] for d in dm['sets'])}. RGB, NCHW float32, "
                       f"64x64 engine patches, no clipping. The graph multiplies by {E.GAIN:g} internally."),
        provenance=dict(trainedBy="native-models/python/ssl/train.py (PyTorch, CPU, 1 thread)",
                        exporter="native-models/python/ssl/export.py (torch.onnx, opset 17)",
                        dataBuiltBy=("native-models/python/ssl/make_data.py: npm run zoo:render (--same-crops "
                                     "--include-real) + electron/engine/spaces/ssl-residuals-cli.ts (the engine's "
                                     "patch sampler and residual code)")),
        licence=("weights: trained here from scratch on residuals of the corpus photos (see native-models/corpus/"
                 "manifest.json) and of their renders by the zoo generators (trained here, or MIT-licensed "
                 "upscalerjs networks)"),
        training=dict(
            data=(f"{dm['images']} group-A images: {dm['photoCrops']} photo crops of 256x256, each rendered by every "
                  f"zoo generator plus the crop itself ({len(dm['labels'])} variants); engine patches (64x64 grid, "
                  "flat/clipped skipped, K spread evenly) per residual source: "
                  + "; ".join(f"{list(d['sources'])[0]}: {d['patches']} patches (K = {d['patchesPerImage']})"
                              for d in dm["sets"])),
            residualSources={list(d["sources"])[0]: list(d["sources"].values())[0] for d in dm["sets"]},
            variants=dm["labels"],
            objective=(f"SimCLR NT-Xent, temperature {s['temperature']}; instance = one image (photo crop as rendered by "
                       "one generator); positives = two different 64x64 engine patches of the same image, each seen "
                       f"through a random {s.get('viewSide', P)}x{s.get('viewSide', P)} window (no flips, no resizing); a batch = {s['photosPerBatch']} photo crops with all their renders, so most negatives "
                       "share content with the anchor and differ only by generator; one residual source per step "
                       "(random); no generator labels"),
            steps=s["steps"], viewsPerBatch=s["viewsPerBatch"], seed=s["seed"], wallTimeSeconds=s["wallTimeSeconds"],
            cpuSeconds=s["cpuSeconds"], finalLoss=round(s["finalLoss"], 6), finalLossNote=s["finalLossNote"],
            optimizer=f"Adam lr {s['lr']} (30-step warm-up, cosine over the CPU budget), weight decay 1e-6",
            threads=s["threads"], torch=s["torch"],
            residualBuildSeconds={list(d["sources"])[0]: dict(wall=d["buildSeconds"], cpu=d["buildCpuSeconds"])
                                  for d in dm["sets"]}),
        fixture="ssl-encoder.fixture.json")
    if ev:
        entry["evaluation"] = ev
    with open(os.path.join(a.out_dir, "trained-ssl.json"), "w") as f:
        json.dump([entry], f, indent=1)
        f.write("\n")
    print(f"wrote {onnx_path} ({entry['bytes']} bytes, {entry['parameters']} params), fixture, trained-ssl.json")


if __name__ == "__main__":
    main()
