#!/usr/bin/python3
"""Rebuild every CausalPrint network from what this machine can reach (npm run models:build).

    /usr/bin/python3 native-models/python/build_all.py [--tiny]

Stages, in order, each timed:
  corpus         corpus/build_corpus.py (Debian packages -> photos + manifest)
  zoo            zoo/train_zoo.py (trained generator zoo: ONNX + fixtures + trained-generators.json)
  reconstructor  reconstructor/build.py when present, else the scripts present of
                 reconstructor/train.py, evaluate.py, export.py (in that order)
  ssl            ssl/build.py when present, else the scripts present of ssl/make_data.py
                 (--group A --regions 1200, then --group B --regions 240), train.py, evaluate.py, export.py
  manifest       npm run models:manifest (when the script is defined)
--tiny: corpus as usual, zoo with 3 steps per model into a temporary directory (nothing
committed is overwritten); the reconstructor/ssl stages run only through a build.py that
accepts --tiny (their train.py writes the real checkpoints, so it is not run in tiny mode);
manifest skipped. The converted TF.js networks (convert_tfjs.py) need the npm packages of
native-models/tfjs and are rebuilt separately.
"""
import json
import os
import subprocess
import sys
import time

PY = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(PY))


FALLBACK = {
    "reconstructor": [["train.py"], ["evaluate.py"], ["export.py"]],
    "ssl": [["make_data.py", "--group", "A", "--regions", "1200"], ["make_data.py", "--group", "B", "--regions", "240"],
            ["train.py"], ["evaluate.py"], ["export.py"]],
}


def helper_stage(name, tiny):
    """-> (list of commands, reason when skipped)."""
    d = os.path.join(PY, name)
    build = os.path.join(d, "build.py")
    if os.path.exists(build):
        if tiny:
            with open(build) as f:
                if "--tiny" not in f.read():
                    return [], "build.py has no --tiny mode"
            return [[sys.executable, build, "--tiny"]], None
        return [[sys.executable, build]], None
    if tiny:
        return [], "tiny mode runs only a build.py --tiny (train.py would overwrite the real checkpoints)"
    cmds = [[sys.executable, os.path.join(d, step[0]), *step[1:]] for step in FALLBACK[name]
            if os.path.exists(os.path.join(d, step[0]))]
    return cmds, (None if cmds else "not present")


def stages(tiny):
    """-> [(name, [cmd, ...], skip reason or None)]"""
    out = [("corpus", [[sys.executable, os.path.join(PY, "corpus", "build_corpus.py")]], None),
           ("zoo", [[sys.executable, os.path.join(PY, "zoo", "train_zoo.py"), *(["--tiny"] if tiny else [])]], None)]
    for name in ("reconstructor", "ssl"):
        cmds, why = helper_stage(name, tiny)
        out.append((name, cmds, why))
    with open(os.path.join(ROOT, "package.json")) as f:
        has_manifest = "models:manifest" in json.load(f).get("scripts", {})
    if tiny:
        out.append(("manifest", [], "tiny mode"))
    elif not has_manifest:
        out.append(("manifest", [], "no models:manifest script in package.json"))
    else:
        out.append(("manifest", [["npm", "run", "--silent", "models:manifest"]], None))
    return out


def show(cmd):
    return " ".join(os.path.relpath(c, ROOT) if c.startswith(ROOT) else c for c in cmd)


def main(argv):
    tiny = "--tiny" in argv
    times = []
    t_all = time.time()
    for name, cmds, why in stages(tiny):
        if why:
            print(f"== {name}: skipped ({why})")
            times.append((name, None))
            continue
        t0 = time.time()
        for cmd in cmds:
            print(f"== {name}: {show(cmd)}", flush=True)
            subprocess.run(cmd, cwd=ROOT, check=True)
        times.append((name, time.time() - t0))
    print("\nwall time per stage:")
    for name, t in times:
        print(f"  {name:14s} {'skipped' if t is None else f'{t:8.1f} s'}")
    print(f"  {'total':14s} {time.time() - t_all:8.1f} s")


if __name__ == "__main__":
    main(sys.argv[1:])
