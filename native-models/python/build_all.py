#!/usr/bin/python3
"""Rebuild every CausalPrint network from what this machine can reach (npm run models:build).

    /usr/bin/python3 native-models/python/build_all.py [--tiny]

Stages, in order, each timed (wall and CPU of the child processes):
  corpus         corpus/build_corpus.py (Debian packages -> photos + corpus/manifest.json)
  kernels        kernels/build_softmax_objective.py (the engine's compute kernel: the logistic head's
                 objective and gradient as an ONNX graph + kernels/manifest.json; no training)
  converted      convert_tfjs.py: the pretrained TF.js networks of the npm packages in
                 native-models/tfjs (nsfwjs MobileNetV2 -> packs/.../sl-mobilenetv2.onnx, the 7 shipped
                 upscalerjs ESRGAN/RDN/RRDN -> zoo/sr-*.onnx): TF.js reference run, conversion,
                 onnxruntime check + fixture recording, published-sample check, converted.json fragments.
                 The packages come from native-models/tfjs/package.json + package-lock.json; when
                 native-models/tfjs/node_modules is missing this stage runs `npm ci` there first.
  zoo            zoo/train_zoo.py (trained generator zoo: ONNX + fixtures + trained-generators.json)
  reconstructor  reconstructor/build.py when present, else the scripts present of
                 reconstructor/train.py, evaluate.py, export.py (in that order)
  ssl            (after `npm run models:manifest`, so the zoo accepts the retrained generators it renders
                 with) ssl/build.py when present, else the scripts present of ssl/make_data.py
                 (--group A --regions 1200, then --group B --regions 240), train.py, evaluate.py, export.py
                 (after converted and zoo: its data includes zoo renders)
  manifest       npm run models:manifest (when the script is defined)
  verify         npx vitest run --maxWorkers=1 test/engine/models: every ONNX listed in the manifests
                 against its SHA-256 and its recorded fixture (fixtures are recorded by each export step
                 above, so this only validates them)
--tiny: proves the pipeline without touching committed artefacts:
  corpus as usual (its manifest is deterministic: same bytes from the same packages);
  converted: one network (sr-esrgan-slim-x2) converted and verified inside a temporary copy of
    native-models/{python,tfjs} (node_modules linked), then the temp dir is removed;
  zoo with 3 steps per model into a temporary directory; the reconstructor/ssl stages run only
  through a build.py that accepts --tiny (their train.py writes the real checkpoints, so it is not
  run in tiny mode); manifest and verify skipped.
"""
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time

PY = os.path.dirname(os.path.abspath(__file__))
NM = os.path.dirname(PY)
ROOT = os.path.dirname(NM)
TFJS = os.path.join(NM, "tfjs")
TINY_CONVERTED = "sr-esrgan-slim-x2"

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


def tfjs_packages_cmds(tfjs_dir):
    """`npm ci` in native-models/tfjs when its node_modules is missing (the pinned package-lock.json)."""
    if os.path.isdir(os.path.join(tfjs_dir, "node_modules")):
        return []
    return [["npm", "ci", "--no-audit", "--no-fund", {"cwd": tfjs_dir}]]


def tiny_converted_copy():
    """Temporary copy of native-models/{python,tfjs} (node_modules linked) so the converter writes
    its ONNX, fixture and fragments there instead of over the committed files. -> copy's native-models/"""
    tmp = tempfile.mkdtemp(prefix="converted-tiny-")
    nm = os.path.join(tmp, "native-models")
    os.makedirs(os.path.join(nm, "python"))
    for fn in ("convert_tfjs.py", "convert_tfjs_core.py", "convert_tfjs_samples.py"):
        shutil.copy2(os.path.join(PY, fn), os.path.join(nm, "python", fn))
    shutil.copytree(TFJS, os.path.join(nm, "tfjs"), ignore=shutil.ignore_patterns("node_modules"))
    os.symlink(os.path.realpath(os.path.join(TFJS, "node_modules")), os.path.join(nm, "tfjs", "node_modules"))
    os.symlink(os.path.join(ROOT, "node_modules"), os.path.join(tmp, "node_modules"))  # onnxruntime-node
    shutil.copy2(os.path.join(ROOT, "package.json"), os.path.join(tmp, "package.json"))
    return tmp


def converted_stage(tiny):
    cmds = tfjs_packages_cmds(TFJS)
    if not tiny:
        return cmds + [[sys.executable, os.path.join(PY, "convert_tfjs.py")]]
    return cmds + [("tiny-converted",)]


def run_tiny_converted():
    tmp = tiny_converted_copy()
    try:
        nm = os.path.join(tmp, "native-models")
        cmd = [sys.executable, os.path.join(nm, "python", "convert_tfjs.py"), TINY_CONVERTED]
        print(f"== converted: {' '.join(cmd)}  (temporary copy)", flush=True)
        subprocess.run(cmd, cwd=nm, check=True)
        onnx_path = os.path.join(nm, "zoo", f"{TINY_CONVERTED}.onnx")
        frag = json.load(open(os.path.join(nm, "zoo", "converted.json")))
        entry = next(e for e in frag if e["id"] == TINY_CONVERTED)
        if not (os.path.exists(onnx_path) and entry["verification"]["passed"]):
            raise SystemExit(f"tiny converted: {TINY_CONVERTED} not converted/verified")
        committed = os.path.join(ROOT, "native-models", "zoo", f"{TINY_CONVERTED}.onnx")
        same = os.path.exists(committed) and open(committed, "rb").read() == open(onnx_path, "rb").read()
        print(f"tiny converted ok: {TINY_CONVERTED} verified vs TF.js (max rel diff "
              f"{entry['verification']['maxAbsDiffRelative']:.2e}), ONNX "
              f"{'identical to' if same else 'DIFFERENT from'} the committed file (temp dir removed)")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def stages(tiny):
    """-> [(name, [cmd, ...], skip reason or None)]"""
    out = [("corpus", [[sys.executable, os.path.join(PY, "corpus", "build_corpus.py")]], None),
           ("kernels", [] if tiny else [[sys.executable, os.path.join(PY, "kernels", "build_softmax_objective.py")]], "tiny mode" if tiny else None),
           ("converted", converted_stage(tiny), None),
           ("zoo", [[sys.executable, os.path.join(PY, "zoo", "train_zoo.py"), *(["--tiny"] if tiny else [])]], None)]
    with open(os.path.join(ROOT, "package.json")) as f:
        has_manifest = "models:manifest" in json.load(f).get("scripts", {})
    for name in ("reconstructor", "ssl"):
        cmds, why = helper_stage(name, tiny)
        if name == "ssl" and cmds and not tiny and has_manifest:
            # The SSL data are zoo renders, and the zoo refuses ONNX files its manifest does not list
            # with their new SHA-256: re-assemble the manifests from the fragments just written first.
            cmds = [["npm", "run", "--silent", "models:manifest"], *cmds]
        out.append((name, cmds, why))
    if tiny:
        out.append(("manifest", [], "tiny mode"))
        out.append(("verify", [], "tiny mode writes no committed artefact"))
    elif not has_manifest:
        out.append(("manifest", [], "no models:manifest script in package.json"))
        out.append(("verify", [["npx", "vitest", "run", "--maxWorkers=1", "test/engine/models"]], None))
    else:
        out.append(("manifest", [["npm", "run", "--silent", "models:manifest"]], None))
        out.append(("verify", [["npx", "vitest", "run", "--maxWorkers=1", "test/engine/models"]], None))
    return out


def show(cmd):
    return " ".join(os.path.relpath(c, ROOT) if c.startswith(ROOT) else c for c in cmd if isinstance(c, str))


def children_cpu():
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def run_cmd(name, cmd):
    if cmd == ("tiny-converted",):
        run_tiny_converted()
        return
    opts = cmd[-1] if isinstance(cmd[-1], dict) else {}
    argv = [c for c in cmd if isinstance(c, str)]
    print(f"== {name}: {show(argv)}{' (in ' + os.path.relpath(opts['cwd'], ROOT) + ')' if 'cwd' in opts else ''}",
          flush=True)
    subprocess.run(argv, cwd=opts.get("cwd", ROOT), check=True)


def main(argv):
    tiny = "--tiny" in argv
    times = []
    t_all, c_all = time.time(), children_cpu()
    for name, cmds, why in stages(tiny):
        if why:
            print(f"== {name}: skipped ({why})", flush=True)
            times.append((name, None, None))
            continue
        t0, c0 = time.time(), children_cpu()
        for cmd in cmds:
            run_cmd(name, cmd)
        times.append((name, time.time() - t0, children_cpu() - c0))
        print(f"== {name}: done in {times[-1][1]:.1f} s wall, {times[-1][2]:.1f} s CPU "
              f"(at {time.strftime('%H:%M:%S', time.gmtime())} UTC, load {os.getloadavg()[0]:.2f})", flush=True)
    print(f"\nwall / CPU (user+sys of the stage's processes) per stage{' [tiny]' if tiny else ''}:")
    for name, t, c in times:
        print(f"  {name:14s} {'skipped' if t is None else f'{t:8.1f} s  {c:8.1f} s CPU'}")
    print(f"  {'total':14s} {time.time() - t_all:8.1f} s  {children_cpu() - c_all:8.1f} s CPU")


if __name__ == "__main__":
    main(sys.argv[1:])
