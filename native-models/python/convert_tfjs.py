#!/usr/bin/python3
"""Convert the pretrained TF.js networks shipped in npm tarballs (nsfwjs MobileNetV2,
upscalerjs ESRGAN/RDN/RRDN) to ONNX, verify them against TF.js, record fixtures and
write the manifest fragments.

    cd native-models/tfjs && npm ci && /usr/bin/python3 ../python/convert_tfjs.py [ids...]

Steps: (1) `node reference.mjs` runs the original models with @tensorflow/tfjs (CPU) on the
deterministic fixture; (2) convert_tfjs_core converts model.json + shards to ONNX;
(3) `node check-onnx.mjs --record` runs every ONNX with onnxruntime-node, compares with
the TF.js outputs and writes <file>.fixture.json; (3b) convert_tfjs_samples.py compares the
upscalers with the sample images the packages publish; (4) the fragments
packs/causalprint-base-v1/converted.json and zoo/converted.json are written.
Options: --skip-reference (reuse .work/tfjs/ref), --all (also convert and verify the models
with ship=false, written under .work/tfjs/unshipped and left out of the fragments).
"""
import hashlib
import json
import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import convert_tfjs_core as core  # noqa: E402

NM = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))   # native-models/
TFJS = os.path.join(NM, "tfjs")
WORK = os.path.join(NM, ".work", "tfjs")

PROVENANCE = {
    "nsfwjs": dict(training="MobileNetV2 ImageNet backbone fine-tuned by GantMan/nsfw_model on ~60 GB of "
                            "scraped images (alexkimxyz/nsfw_data_scraper), 5 classes Drawing/Hentai/Neutral/Porn/Sexy "
                            "(nsfwjs README)",
                   licence="MIT (Copyright (c) 2019 Infinite Red, Inc.; node_modules/nsfwjs/LICENSE)"),
    "@upscalerjs": dict(training="DIV2K (upscalerjs model definition meta.dataset = 'div2k'; idealo image-super-resolution "
                                 "RDN/RRDN architecture)",
                        licence="MIT (Copyright (c) 2022 Kevin Scott; package LICENSE)"),
}


def pkg_dir(pkg):
    return os.path.join(TFJS, "node_modules", pkg)


def pkg_version(pkg):
    with open(os.path.join(pkg_dir(pkg), "package.json")) as f:
        return json.load(f)["version"]


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def model_defaults(m):
    m = dict(m)
    if m["id"].startswith("sr-"):
        m.setdefault("role", "zoo-generator")
        m.setdefault("family", "super-resolution")
        m.setdefault("out", f"zoo/{m['id']}.onnx")
        m.setdefault("inputName", "lr")
        m.setdefault("outputs", [dict(layer=None, name="sr", post=None)])
        sc = m["scale"]
        m.setdefault("outputShapes", {"sr": ["N", 3, f"{sc}*H", f"{sc}*W"]})
        rng = "0..1" if m["id"].startswith(("sr-esrgan-thick", "sr-esrgan-legacy-gans")) else "0..255"
        m.setdefault("normalisation",
                     f"RGB, NCHW float32, value range {rng} (8-bit pixel{' / 255' if rng == '0..1' else ' as is'}), no mean/std; "
                     f"output same range, raw network output: clip to [{rng.replace('..', ', ')}] and round to 8 bits "
                     "(upscalerjs clips to its outputRange). Any H, W >= 1.")
        m.setdefault("render", f"zoo render: crop the photo to a multiple of {sc}, downscale by {sc} with a fixed "
                               f"{sc}x{sc} box (area-average) filter in float, feed the low-resolution image, "
                               "clip and round the output; output is the same size as the cropped photo")
    return m


def load(m):
    d = pkg_dir(m["package"])
    if m["source"]["kind"] == "nsfwjs":
        topo, specs, data = core.load_nsfwjs_bundle(os.path.join(d, m["source"]["model"]),
                                                    [os.path.join(d, s) for s in m["source"]["shards"]])
    else:
        topo, specs, data = core.load_layers_model_json(os.path.join(d, m["source"]["model"]))
    return topo, specs, core.decode_weights(specs, data)


def convert_one(m):
    t0 = time.time()
    topo, specs, weights = load(m)
    cfg = topo["model_config"]["config"]
    outs = [(o["layer"] or cfg["output_layers"][0][0], o["name"], o["post"]) for o in m["outputs"]]
    doc = f"{m['id']}: converted from {m['package']}@{pkg_version(m['package'])} {m['source']['model']} by convert_tfjs.py"
    model, params = core.convert(topo, weights, outs, weights_mode=m["weights"], input_name=m["inputName"], doc=doc,
                                output_shapes=m["outputShapes"])
    path = os.path.join(NM, m["out"])
    os.makedirs(os.path.dirname(path), exist_ok=True)
    core.onnx.save(model, path)
    wall = time.time() - t0
    quant = sorted({s["quantization"]["dtype"] for s in specs if "quantization" in s})
    meta = dict(id=m["id"], file=m["out"], parameters=int(params), conversionWallTimeS=round(wall, 2),
                keras=topo.get("keras_version"), sourceWeightDtype=("float32" if not quant else f"{quant[0]}-affine-quantised (TF.js)"),
                layers=len(cfg["layers"]))
    with open(os.path.join(WORK, "convert", f"{m['id']}.json"), "w") as f:
        json.dump(meta, f, indent=1)
    print(f"converted {m['id']}: {params} params, {os.path.getsize(path)} bytes, {wall:.1f}s", flush=True)
    return meta


WEIGHT_NOTE = {
    "fp32": "float32 weights as in the npm package",
    "fp16": "float32 npm weights stored as float16 initializers + Cast to float32 (compute in float32)",
    "auto": "weights stored exactly as the npm package ships them: uint8 affine-quantised tensors kept as uint8 "
            "with Cast/Mul(scale)/Add(min) dequantisation (bit-identical to what TF.js decodes); float32 tensors as float32",
}


def fragment_entry(m, meta, ver, fix):
    pkg = m["package"]
    path = os.path.join(NM, m["out"])
    prov_key = "nsfwjs" if pkg == "nsfwjs" else "@upscalerjs"
    e = dict(file=os.path.relpath(path, os.path.dirname(os.path.join(NM, fragment_of(m)))),
             role=m["role"], id=m["id"], family=m["family"], architecture=m["architecture"],
             sha256=sha256(path), bytes=os.path.getsize(path), parameters=meta["parameters"],
             weightStorage=WEIGHT_NOTE[m["weights"]],
             inputs=[dict(name=m["inputName"], shape=["N", 3, "H", "W"], dtype="float32")],
             outputs=[dict(name=o["name"], shape=m["outputShapes"][o["name"]], dtype="float32") for o in m["outputs"]],
             valueRange=dict(input=ver["inputRange"], output=m.get("outputRange", ver["inputRange"])),
             normalisation=m["normalisation"])
    if "scale" in m:
        e["scale"] = m["scale"]
        e["render"] = m["render"]
    e["provenance"] = dict(package=f"{pkg}@{pkg_version(pkg)}", source=m["source"], keras=meta["keras"],
                           sourceWeightDtype=meta["sourceWeightDtype"], trainingData=PROVENANCE[prov_key]["training"],
                           converter="native-models/python/convert_tfjs.py (onnx opset 17)")
    e["licence"] = PROVENANCE[prov_key]["licence"]
    e["verification"] = dict(reference=ver["reference"], input=ver["input"], maxAbsDiff=ver["maxAbsDiff"],
                             maxAbsDiffRelative=ver["maxAbsDiffRelative"],
                             tolerance="max abs diff <= 1e-3 x output range", passed=ver["passed"],
                             onnxruntime=ver["onnxruntime"],
                             perOutput=[dict(name=o["name"], maxAbsDiff=o["maxAbsDiff"], refRange=o["refRange"],
                                             maxAbsDiffRelative=o["maxAbsDiffRelative"]) for o in ver["perOutput"]])
    spath = os.path.join(WORK, "verify", f"{m['id']}.samples.json")
    if os.path.exists(spath):
        smp = json.load(open(spath))
        e["verification"]["publishedSample"] = dict(
            what=f"{pkg}/assets/fixture.png (128x128) through the ONNX, clipped and rounded to 8 bits, vs "
                 f"{smp['sample']} published by the package (made by upscalerjs)",
            maxAbsDiff8bit=smp["maxAbsDiff8bit"], meanAbsDiff8bit=round(smp["meanAbsDiff8bit"], 6),
            valuesDiffering=smp["valuesDiffering"], values=smp["values"])
    e["fixture"] = os.path.relpath(os.path.join(NM, m["out"].replace(".onnx", ".fixture.json")),
                                   os.path.dirname(os.path.join(NM, fragment_of(m))))
    e["conversionWallTimeS"] = meta["conversionWallTimeS"]
    return e


def fragment_of(m):
    return "packs/causalprint-base-v1/converted.json" if m["role"] == "sl-encoder" else "zoo/converted.json"


def main(argv):
    skip_ref = "--skip-reference" in argv
    all_ = "--all" in argv
    ids = [a for a in argv if not a.startswith("--")]
    with open(os.path.join(TFJS, "models.json")) as f:
        spec = json.load(f)
    models = [model_defaults(m) for m in spec["models"]]
    sel = [m for m in models if (m["id"] in ids if ids else (all_ or m.get("ship", True)))]
    for sub in ("convert", "verify", "ref"):
        os.makedirs(os.path.join(WORK, sub), exist_ok=True)
    if not skip_ref:
        subprocess.run(["node", "reference.mjs"] + [m["id"] for m in sel], cwd=TFJS, check=True)
    for m in sel:
        convert_one(m)
    subprocess.run(["node", "check-onnx.mjs", "--record"] + [m["id"] for m in sel], cwd=TFJS, check=True)
    import convert_tfjs_samples  # end-to-end check vs the sample images upscalerjs publishes
    convert_tfjs_samples.main()
    # fragments: every model whose ONNX exists and was verified (this run or before)
    frags = {}
    for m in models:
        cpath, vpath = os.path.join(WORK, "convert", f"{m['id']}.json"), os.path.join(WORK, "verify", f"{m['id']}.json")
        onnx_path = os.path.join(NM, m["out"])
        if not m.get("ship", True) or not all(os.path.exists(p) for p in (cpath, vpath, onnx_path)):
            continue
        meta, ver = json.load(open(cpath)), json.load(open(vpath))
        fix = json.load(open(onnx_path.replace(".onnx", ".fixture.json")))
        frags.setdefault(fragment_of(m), []).append(fragment_entry(m, meta, ver, fix))
    for rel, entries in frags.items():
        with open(os.path.join(NM, rel), "w") as f:
            json.dump(entries, f, indent=1)
            f.write("\n")
        print(f"wrote {rel}: {len(entries)} entries")


if __name__ == "__main__":
    main(sys.argv[1:])
