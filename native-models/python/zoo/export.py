"""Export a trained zoo generator to ONNX (opset 17, dynamic N, H, W) with a fixture.

The ONNX graph takes `image` [N,3,H,W] float32 RGB in [0, 1] (H, W multiples of 8) and returns
`render` [N,3,H,W] float32 in [0, 1] (tanh output mapped by (y+1)/2; clip and round to 8 bits).
Weights are stored as float16 initializers + Cast to float32 (compute stays float32) when that
keeps the onnxruntime output within FP16_MAX_ABS_DIFF of the float32 export on the fixture and
on a real photo crop; otherwise float32.
"""
import json
import os
import subprocess
import tempfile

import numpy as np
import onnx
import torch
from onnx import TensorProto, helper, numpy_helper

import architectures as A

OPSET = 17
FP16_MAX_ABS_DIFF = 1e-3      # in [0, 1] output units (0.26 of an 8-bit level)
EXPORT_MAX_ABS_DIFF = 1e-4    # onnxruntime float32 export vs PyTorch
FIXTURE_SIZE = 32
HERE = os.path.dirname(os.path.abspath(__file__))


class ExportError(RuntimeError):
    pass


class UnitRange(torch.nn.Module):
    """[0, 1] in and out around a [-1, 1] renderer."""

    def __init__(self, model):
        super().__init__()
        self.model = model

    def forward(self, image):
        return (self.model(image * 2.0 - 1.0) + 1.0) * 0.5


def load_trained(arch, state_path):
    model = A.ARCHITECTURES[arch]["build"]()
    model.load_state_dict(torch.load(state_path, map_location="cpu"))
    model.eval()
    return model


def export_fp32(model, path):
    wrapped = UnitRange(model).eval()
    torch.onnx.export(wrapped, torch.rand(1, 3, 64, 64), path, opset_version=OPSET, input_names=["image"],
                      output_names=["render"], do_constant_folding=True,
                      dynamic_axes={"image": {0: "N", 2: "H", 3: "W"}, "render": {0: "N", 2: "H", 3: "W"}})
    m = onnx.load(path)
    onnx.checker.check_model(m)
    return wrapped


def to_fp16_weights(src, dst):
    """float32 initializers with more than 16 values -> float16 initializer + Cast(to float32)."""
    m = onnx.load(src)
    g = m.graph
    casts, keep = [], []
    for init in g.initializer:
        arr = numpy_helper.to_array(init)
        if arr.dtype == np.float32 and arr.size > 16:
            h = numpy_helper.from_array(arr.astype(np.float16), init.name + "_fp16")
            keep.append(h)
            casts.append(helper.make_node("Cast", [h.name], [init.name], name=init.name + "_cast",
                                          to=TensorProto.FLOAT))
        else:
            keep.append(init)
    del g.initializer[:]
    g.initializer.extend(keep)
    nodes = list(g.node)
    del g.node[:]
    g.node.extend(casts + nodes)
    onnx.checker.check_model(m)
    onnx.save(m, dst)


def ort_run(jobs):
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        json.dump(jobs, f)
    try:
        out = subprocess.run(["node", os.path.join(HERE, "ort_run.mjs"), f.name], check=True,
                             capture_output=True, text=True).stdout
    finally:
        os.unlink(f.name)
    return [json.loads(line) for line in out.splitlines() if line.startswith("{")]


def fixture_input(size):
    """The deterministic pattern of native-models/tfjs/fixture.mjs, NCHW, value u8/255."""
    y, x = np.mgrid[0:size, 0:size]
    u8 = np.stack([(5 * x + 3 * y + ((x * y) >> 2) + 85 * c) & 255 for c in range(3)])
    return (u8.astype(np.float64) / 255).astype(np.float32)[None]


def export(gid, arch, state_path, out_dir, photo_crop, work):
    """-> dict(file, bytes, weightStorage, checks...). photo_crop: uint8 HWC (multiple of 8)."""
    model = load_trained(arch, state_path)
    os.makedirs(work, exist_ok=True)
    fp32 = os.path.join(work, f"{gid}.fp32.onnx")
    fp16 = os.path.join(work, f"{gid}.fp16.onnx")
    wrapped = export_fp32(model, fp32)
    to_fp16_weights(fp32, fp16)
    photo = (photo_crop.astype(np.float32) / 255).transpose(2, 0, 1)[None].copy()
    photo_path = os.path.join(work, f"{gid}.photo.f32")
    photo.tofile(photo_path)
    jobs = []
    for tag, path in (("fp32", fp32), ("fp16", fp16)):
        jobs.append(dict(id=gid, onnx=path, inputName="image", outputName="render",
                         fixture=dict(size=FIXTURE_SIZE, div=255, out=os.path.join(work, f"{gid}.{tag}.fixture.json")),
                         raw=dict(input=photo_path, shape=list(photo.shape), out=os.path.join(work, f"{gid}.{tag}.out.f32"))))
    reports = ort_run(jobs)
    with torch.no_grad():
        ref_fix = wrapped(torch.from_numpy(fixture_input(FIXTURE_SIZE))).numpy().ravel()
        ref_photo = wrapped(torch.from_numpy(photo)).numpy().ravel()
    outs = {}
    for tag in ("fp32", "fp16"):
        outs[tag] = (np.fromfile(os.path.join(work, f"{gid}.{tag}.fixture.json.f32"), np.float32),
                     np.fromfile(os.path.join(work, f"{gid}.{tag}.out.f32"), np.float32))
    d_export = max(np.abs(outs["fp32"][0] - ref_fix).max(), np.abs(outs["fp32"][1] - ref_photo).max())
    if d_export > EXPORT_MAX_ABS_DIFF:
        raise ExportError(f"{gid}: onnxruntime fp32 vs torch max abs diff {d_export:.2e} > {EXPORT_MAX_ABS_DIFF}")
    d16 = max(np.abs(outs["fp16"][0] - outs["fp32"][0]).max(), np.abs(outs["fp16"][1] - outs["fp32"][1]).max())
    use16 = d16 <= FP16_MAX_ABS_DIFF
    tag = "fp16" if use16 else "fp32"
    onnx_out = os.path.join(out_dir, f"{gid}.onnx")
    with open(fp16 if use16 else fp32, "rb") as f, open(onnx_out, "wb") as g:
        g.write(f.read())
    # fixture: recorded on the chosen file, file name rewritten to the committed one
    with open(os.path.join(work, f"{gid}.{tag}.fixture.json")) as f:
        fx = json.load(f)
    fx["file"] = os.path.basename(onnx_out)
    with open(os.path.join(out_dir, f"{gid}.fixture.json"), "w") as f:
        json.dump(fx, f, indent=1)
        f.write("\n")
    render8 = np.clip(np.round(outs[tag][1].reshape(photo.shape)[0].transpose(1, 2, 0) * 255), 0, 255).astype(np.uint8)
    mae8 = float(np.abs(render8.astype(np.int16) - photo_crop.astype(np.int16)).mean())
    rep = reports[1 if use16 else 0]
    return dict(file=os.path.basename(onnx_out), bytes=os.path.getsize(onnx_out),
                weightStorage=("float16 initializers + Cast to float32 (compute in float32); onnxruntime output "
                               f"within {d16:.2e} of the float32 export (limit {FP16_MAX_ABS_DIFF})") if use16 else
                              (f"float32 (float16 weights changed the output by {d16:.2e} > {FP16_MAX_ABS_DIFF})"),
                verification=dict(
                    reference=f"PyTorch {torch.__version__} float32 (eval mode) on the fixture {FIXTURE_SIZE}x{FIXTURE_SIZE} "
                              f"and on a {photo.shape[2]}x{photo.shape[3]} group-B photo crop",
                    maxAbsDiffFloat32ExportVsTorch=float(d_export), maxAbsDiffStoredVsFloat32Export=float(d16),
                    tolerance=f"float32 export vs torch <= {EXPORT_MAX_ABS_DIFF}; float16 weights accepted if <= "
                              f"{FP16_MAX_ABS_DIFF} (output range 0..1)",
                    photoMeanAbsErr8bit=round(mae8, 3),
                    onnxruntime=f"{rep['onnxruntime']}, {rep['rawMs']:.0f} ms for the photo crop"),
                render8=render8)
