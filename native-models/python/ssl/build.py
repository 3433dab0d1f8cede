#!/usr/bin/python3
"""The SSL stage of `npm run models:build` (build_all.py runs this file when present).

    /usr/bin/python3 native-models/python/ssl/build.py [--tiny] [--minutes 15]

Full: make_data.py --group A --per-generator 24 (zoo renders + engine residuals), --group B
--per-generator 8 (evaluation only), train.py --minutes M (CPU minutes), evaluate.py, export.py
(ONNX + fixture + trained-ssl.json in packs/causalprint-base-v1). Work files in .work/ssl/.
--tiny: the same steps on 1 photo crop per group, 2 reconstructor patches per image and 3
training steps, all inside a temporary directory that is removed: proves the pipeline, writes no
committed artefact and no checkpoint.
"""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
NM = os.path.dirname(os.path.dirname(HERE))
ROOT = os.path.dirname(NM)


def step(script, *args):
    cmd = [sys.executable, os.path.join(HERE, script), *args]
    print("== ssl: " + " ".join(os.path.relpath(c, ROOT) if c.startswith(ROOT) else c for c in cmd), flush=True)
    t0 = time.time()
    subprocess.run(cmd, cwd=ROOT, check=True)
    print(f"== ssl: {script} {time.time() - t0:.1f} s", flush=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tiny", action="store_true")
    ap.add_argument("--minutes", type=float, default=15.0)
    a = ap.parse_args()
    if not a.tiny:
        step("make_data.py", "--group", "A", "--per-generator", "24")
        step("make_data.py", "--group", "B", "--per-generator", "8")
        step("train.py", "--minutes", str(a.minutes), "--seed", "0")
        step("evaluate.py")
        step("export.py")
        return
    tmp = tempfile.mkdtemp(prefix="ssl-tiny-")
    try:
        for group in ("A", "B"):
            step("make_data.py", "--group", group, "--per-generator", "1", "--out", tmp,
                 "--sources", "denoiser:16,reconstructor:2")
        step("train.py", "--work", tmp, "--out", tmp, "--steps", "3", "--photos", "1")
        step("evaluate.py", "--work", tmp, "--ckpt", os.path.join(tmp, "ckpt.pt"), "--out", os.path.join(tmp, "eval.json"))
        step("export.py", "--ckpt", os.path.join(tmp, "ckpt.pt"), "--summary", os.path.join(tmp, "train-summary.json"),
             "--eval", os.path.join(tmp, "eval.json"), "--out-dir", tmp)
        print(f"tiny ssl ok: ONNX + fixture + trained-ssl.json written to {tmp} (removed)", flush=True)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
