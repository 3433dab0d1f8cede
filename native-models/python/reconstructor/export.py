#!/usr/bin/python3
"""Export the trained reconstructor (EMA weights) to ONNX, record its fixture with
onnxruntime-node (single eps call + a full DDIM reconstruction run by ort_ddim.mjs) and
check both against PyTorch, then write the manifest fragment trained-reconstructor.json.

    /usr/bin/python3 native-models/python/reconstructor/export.py [--ckpt PATH] [--out-dir DIR]
"""
import argparse
import hashlib
import json
import os
import subprocess
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import diffusion as D  # noqa: E402
import photos  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
PACK = os.path.join(photos.NM, "packs", "causalprint-base-v1")
WORK = os.path.join(photos.NM, ".work", "reconstructor")
FIXTURE_SIZE = 32
FIXTURE_T = 200
PATTERN = ("u8[y][x][c] = (5*x + 3*y + ((x*y) >> 2) + 85*c) & 255 (integers, x = column, y = row, c = R,G,B); "
           "value = u8 / 127.5 - 1 (float64, stored float32); NCHW float32, batch 1")
TOL_REL = 1e-4


def sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def fixture_input(size):
    y, x = np.mgrid[0:size, 0:size]
    u8 = np.stack([(5 * x + 3 * y + ((x * y) >> 2) + 85 * c) & 255 for c in range(3)])
    return torch.from_numpy((u8 / 127.5 - 1.0).astype(np.float32))[None]


def stats(a):
    a = np.asarray(a, np.float64)
    return dict(min=float(a.min()), max=float(a.max()), mean=float(a.mean()), std=float(a.std()))


def slices(a, n=16):
    a = np.asarray(a, np.float32).ravel()
    return [dict(start=int(s), values=[float(v) for v in a[s:s + n]]) for s in (0, a.size // 2, a.size - n)]


def load_model(ckpt):
    m = D.UNet()
    m.load_state_dict(torch.load(ckpt, map_location="cpu")["ema"])
    return m.eval()


def export_onnx(model, path):
    x = torch.zeros(1, 3, 64, 64)
    t = torch.full((1,), 100.0)
    torch.onnx.export(model, (x, t), path, opset_version=17, input_names=["x_t", "t"], output_names=["eps"],
                      dynamic_axes={"x_t": {0: "N", 2: "H", 3: "W"}, "t": {0: "N"}, "eps": {0: "N", 2: "H", 3: "W"}},
                      do_constant_folding=True)
    import onnx
    mp = onnx.load(path)
    onnx.checker.check_model(mp)
    mp.doc_string = ("CausalPrint reconstructor: pixel-space DDPM UNet, eps-prediction; x_t in [-1,1] "
                     "(pixel/127.5-1), t = timestep index as float32; linear betas 1e-4..0.02, T=1000")
    onnx.save(mp, path)


def schedule_doc():
    return dict(kind="linear-beta (DDPM, Ho et al. 2020)", T=D.T, betaStart=D.BETA_START, betaEnd=D.BETA_END,
                betas="beta_i = 1e-4 + (0.02 - 1e-4) * i / 999, i = 0..999",
                alphasCumprod="alpha_bar_i = prod_{j=0..i} (1 - beta_j), computed in float64",
                forward="x_t = sqrt(alpha_bar_t) * x_0 + sqrt(1 - alpha_bar_t) * eps, eps ~ N(0, I)",
                tStar=D.T_STAR, steps=D.DDIM_STEPS)


def sampler_doc():
    ts = D.ddim_timesteps()
    return dict(
        kind="deterministic DDIM (eta = 0), DIRE-style reconstruction",
        tStar=D.T_STAR, inversionSteps=D.DDIM_STEPS, denoiseSteps=D.DDIM_STEPS, eta=0,
        timesteps=ts,
        move=("move(x, s -> t): e = eps_model(x_t = x, t = max(s, 0)); x0 = (x - sqrt(1 - a_s) e) / sqrt(a_s); "
              "return sqrt(a_t) x0 + sqrt(1 - a_t) e; with a_k = alpha_bar_k and a_{-1} = 1 (clean image)"),
        inversion=f"x = x_0; s = -1; for t in {ts}: x = move(x, s -> t); s = t   ({D.DDIM_STEPS} network calls)",
        denoise=f"for k = {D.DDIM_STEPS - 1}..0: x = move(x, {ts}[k] -> ({ts}[k-1] if k > 0 else -1))   "
                f"({D.DDIM_STEPS} network calls; the last move returns x0 itself)",
        residual="r = x_0 - x_hat in the [-1, 1] space (multiply by 127.5 for 8-bit units); keep it signed",
        networkCalls=2 * D.DDIM_STEPS)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ckpt", default=os.path.join(WORK, "ckpt.pt"))
    ap.add_argument("--summary", default=os.path.join(WORK, "train-summary.json"))
    ap.add_argument("--eval", default=os.path.join(WORK, "eval.json"))
    ap.add_argument("--out-dir", default=PACK)
    a = ap.parse_args()
    torch.set_num_threads(1)
    model = load_model(a.ckpt)
    os.makedirs(a.out_dir, exist_ok=True)
    onnx_path = os.path.join(a.out_dir, "reconstructor.onnx")
    export_onnx(model, onnx_path)

    sched = D.Schedule()
    x0 = fixture_input(FIXTURE_SIZE)
    with torch.no_grad():
        eps_t = model(x0, torch.full((1,), float(FIXTURE_T))).numpy()
        xT_t = D.ddim_invert(model, x0, sched)
        xhat_t = D.ddim_denoise(model, xT_t, sched).numpy()
    spec = dict(model=onnx_path, size=FIXTURE_SIZE, t=FIXTURE_T,
                schedule=dict(T=D.T, betaStart=D.BETA_START, betaEnd=D.BETA_END, tStar=D.T_STAR, steps=D.DDIM_STEPS))
    os.makedirs(WORK, exist_ok=True)
    sp, op = os.path.join(WORK, "ort-spec.json"), os.path.join(WORK, "ort-out.json")
    json.dump(spec, open(sp, "w"))
    subprocess.run(["node", os.path.join(HERE, "ort_ddim.mjs"), sp, op], check=True)
    o = json.load(open(op))
    eps_o, xT_o, xhat_o = (np.array(o[k], np.float32) for k in ("eps", "xT", "xhat"))
    assert o["timesteps"] == D.ddim_timesteps(), (o["timesteps"], D.ddim_timesteps())
    d_eps = float(np.abs(eps_o - eps_t.ravel()).max())
    d_xT = float(np.abs(xT_o - xT_t.numpy().ravel()).max())
    d_xhat = float(np.abs(xhat_o - xhat_t.ravel()).max())
    print(f"ort vs torch: eps {d_eps:.2e}  x_T {d_xT:.2e}  x_hat {d_xhat:.2e}; ort {o['ms']}")
    rng_eps = float(eps_o.max() - eps_o.min())
    assert d_eps <= 1e-3 * rng_eps and d_xhat <= 1e-3 * 2, "ONNX disagrees with PyTorch"
    x0n = x0.numpy().ravel()
    shape = [1, 3, FIXTURE_SIZE, FIXTURE_SIZE]
    fixture = dict(
        id="reconstructor", file="reconstructor.onnx",
        input=dict(name="x_t", shape=shape, dtype="float32", div=127.5, offset=-1, pattern=PATTERN),
        extraInputs=[dict(name="t", shape=[1], dtype="float32", values=[float(FIXTURE_T)])],
        inputs=o["inputs"],
        outputs=[dict(name="eps", shape=["N", 3, "H", "W"], dtype="float32", fixtureShape=shape,
                      stats=stats(eps_o), slices=slices(eps_o))],
        ddimReconstruction=dict(
            what=("full deterministic DDIM reconstruction of the fixture image (x_0 = the fixture input above), "
                  "sampler as in the fragment's 'sampler' field; computed with onnxruntime-node by "
                  "native-models/python/reconstructor/ort_ddim.mjs"),
            tStar=D.T_STAR, steps=D.DDIM_STEPS, timesteps=o["timesteps"],
            outputs=[dict(name="x_T", fixtureShape=shape, stats=stats(xT_o), slices=slices(xT_o)),
                     dict(name="x_hat", fixtureShape=shape, stats=stats(xhat_o), slices=slices(xhat_o)),
                     dict(name="residual", formula="x_0 - x_hat", fixtureShape=shape,
                          stats=stats(x0n - xhat_o), slices=slices(x0n - xhat_o))],
            tolerance=dict(maxAbsDiff=1e-3, note="x_hat/residual values in the [-1,1] space; 8 sequential calls "
                                                 "accumulate float32 differences"),
            pytorchMaxAbsDiff=dict(x_T=d_xT, x_hat=d_xhat)),
        tolerance=dict(maxAbsDiffRelativeToOutputRange=TOL_REL, note="onnxruntime re-run vs these recorded onnxruntime outputs"),
        pytorchMaxAbsDiff=dict(eps=d_eps),
        recordedWith=f"onnxruntime-node@{o['ort']} CPU",
        timingMs=dict(singleCall32=round(o["ms"]["single"], 1), ddim8Calls32=round(o["ms"]["ddim"], 1)))
    with open(os.path.join(a.out_dir, "reconstructor.fixture.json"), "w") as f:
        json.dump(fixture, f, indent=1)
        f.write("\n")

    summ = json.load(open(a.summary))
    last = summ["history"][-1]
    first_step = (summ["history"][-2]["step"] + 1) if len(summ["history"]) > 1 else 1
    ev = json.load(open(a.eval)) if os.path.exists(a.eval) else None
    params = D.count_params(model)
    entry = dict(
        id="reconstructor", file="reconstructor.onnx", role="reconstructor", family="diffusion",
        architecture=("pixel-space DDPM UNet, eps-prediction: levels 1, 1/2, 1/4 with 32/64/128 channels, one ResBlock "
                      "(GroupNorm(8)+SiLU+3x3 conv, x2, time embedding added) per level down and up (skip concat), two "
                      "ResBlocks in the middle, stride-2 conv down, nearest x2 + conv up, 128-d sinusoidal time "
                      "embedding + 2-layer MLP; no attention (fully convolutional)"),
        sha256=sha256(onnx_path), bytes=os.path.getsize(onnx_path), parameters=params,
        weightStorage="float32 initializers (EMA weights, decay 0.998)",
        inputs=[dict(name="x_t", shape=["N", 3, "H", "W"], dtype="float32"), dict(name="t", shape=["N"], dtype="float32")],
        outputs=[dict(name="eps", shape=["N", 3, "H", "W"], dtype="float32")],
        valueRange=dict(input=[-1, 1], t=[0, D.T - 1], output="eps estimate, roughly N(0,1) per value"),
        normalisation=("RGB, NCHW float32, x = 8-bit pixel / 127.5 - 1 (range [-1, 1]); t = integer timestep index "
                       "0..999 passed as float32 (one per batch item); H and W multiples of 8 (the network needs "
                       "multiples of 4)"),
        schedule=schedule_doc(), sampler=sampler_doc(),
        provenance=dict(trainedBy="native-models/python/reconstructor/train.py (PyTorch, CPU, 1 thread)",
                        exporter="native-models/python/reconstructor/export.py (torch.onnx, opset 17)",
                        trainingData=summ["data"]),
        licence=("weights: trained here from scratch on the corpus photos (see native-models/corpus/manifest.json "
                 "for each photo's package and licence)"),
        training=dict(data=summ["data"] + f", random {summ['crop']}x{summ['crop']} crops with horizontal flips",
                      steps=summ["steps"], batch=summ["batch"], seed=summ["seed"],
                      wallTimeSeconds=summ["wallTimeSeconds"], finalLoss=round(last["loss"], 6),
                      finalLossNote=(f"mean eps-MSE over training steps {first_step}-{last['step']} (the last logged "
                                     "window; mixed timestep sampling, training weights, not EMA)"),
                      lossHistory=[dict(step=h["step"], loss=round(h["loss"], 5)) for h in summ["history"]],
                      optimizer=f"Adam lr {summ['lr']}, grad clip 1.0",
                      timestepSampling="half of each batch uniform over [0, 1000), half uniform over [0, 400)",
                      threads=summ["threads"], torch=summ["torch"]),
        fixture="reconstructor.fixture.json")
    if ev:
        entry["evaluation"] = ev
    with open(os.path.join(a.out_dir, "trained-reconstructor.json"), "w") as f:
        json.dump([entry], f, indent=1)
        f.write("\n")
    print(f"wrote {onnx_path} ({entry['bytes']} bytes, {params} params), fixture and trained-reconstructor.json")


if __name__ == "__main__":
    main()
