#!/usr/bin/python3
"""Rebuild every CausalPrint network from what this machine can reach (npm run models:build).

    /usr/bin/python3 native-models/python/build_all.py [--tiny]

Stages, in order, each timed:
  corpus         native-models/python/corpus/build_corpus.py (Debian packages -> photos + manifest)
  zoo            native-models/python/zoo/train_zoo.py (trained generator zoo, ONNX + fixtures + fragment)
  reconstructor  native-models/python/reconstructor/train.py   (when present)
  ssl            native-models/python/ssl/train.py             (when present)
  manifest       npm run models:manifest                        (when the script is defined)
--tiny is passed to every training stage: a few steps per model, outputs into a temporary
directory, nothing committed is overwritten (proof that the pipeline runs, in CI-size time).
The converted TF.js networks (native-models/python/convert_tfjs.py) need the npm packages of
native-models/tfjs and are rebuilt separately.
"""
import json
import os
import subprocess
import sys
import time

PY = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(PY))


def stages(tiny):
    extra = ["--tiny"] if tiny else []
    out = [("corpus", [sys.executable, os.path.join(PY, "corpus", "build_corpus.py")]),
           ("zoo", [sys.executable, os.path.join(PY, "zoo", "train_zoo.py"), *extra])]
    for name, rel in (("reconstructor", "reconstructor/train.py"), ("ssl", "ssl/train.py")):
        script = os.path.join(PY, rel)
        if os.path.exists(script):
            out.append((name, [sys.executable, script, *extra]))
        else:
            out.append((name, None))
    with open(os.path.join(ROOT, "package.json")) as f:
        has_manifest = "models:manifest" in json.load(f).get("scripts", {})
    out.append(("manifest", ["npm", "run", "--silent", "models:manifest"] if has_manifest and not tiny else None))
    return out


def main(argv):
    tiny = "--tiny" in argv
    times = []
    t_all = time.time()
    for name, cmd in stages(tiny):
        if cmd is None:
            print(f"== {name}: skipped ({'tiny mode' if name == 'manifest' and tiny else 'not present'})")
            times.append((name, None))
            continue
        print(f"== {name}: {' '.join(os.path.relpath(c, ROOT) if c.startswith(ROOT) else c for c in cmd)}",
              flush=True)
        t0 = time.time()
        subprocess.run(cmd, cwd=ROOT, check=True)
        times.append((name, time.time() - t0))
    print("\nwall time per stage:")
    for name, t in times:
        print(f"  {name:14s} {'skipped' if t is None else f'{t:8.1f} s'}")
    print(f"  {'total':14s} {time.time() - t_all:8.1f} s")


if __name__ == "__main__":
    main(sys.argv[1:])
