"""TF.js Layers model (model.json topology + weight shards) -> ONNX (opset 17, NCHW).

Only `onnx` and `numpy` are needed. The Keras functional topology is walked in order;
every layer becomes one or a few ONNX nodes on NCHW tensors (the TF.js model is NHWC;
the ONNX graph takes and returns NCHW).

Weight storage (`weights=` argument of `convert`):
  'fp32'  float32 initializers;
  'fp16'  float16 initializers followed by a Cast to float32 (compute stays float32);
  'auto'  TF.js-quantised tensors (uint8/uint16 affine, `v = q*scale + min`) are stored
          as their original integers plus Cast/Mul/Add, i.e. bit-for-bit the weights
          TF.js itself decodes; float32 tensors stay float32.
  'auto16' like 'auto' but float32 tensors become float16.
"""
import base64
import json
import re
import subprocess

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

OPSET = 17


# --------------------------------------------------------------------------- loading
def load_layers_model_json(path):
    """model.json of a TF.js layers model + its .bin shards -> (topology, specs, bytes)."""
    import os
    with open(path) as f:
        m = json.load(f)
    d = os.path.dirname(path)
    blobs = []
    for group in m["weightsManifest"]:
        for p in group["paths"]:
            with open(os.path.join(d, p), "rb") as f:
                blobs.append(f.read())
    specs = [w for g in m["weightsManifest"] for w in g["weights"]]
    return m["modelTopology"], specs, b"".join(blobs)


def load_nsfwjs_bundle(model_js, shard_js_list):
    """nsfwjs bundles model.json as a browserify module and each shard as base64 in a
    JS string. The topology is a JS object literal, so node evaluates it (`require`) and
    prints JSON; the shards are plain string literals and are decoded here."""
    out = subprocess.run(["node", "-e", "process.stdout.write(JSON.stringify(require(process.argv[1])))",
                          model_js], check=True, capture_output=True, text=True).stdout
    m = json.loads(out)
    blobs = []
    for p in shard_js_list:
        src = open(p).read()
        strings = re.findall(r'exports\s*=\s*"([A-Za-z0-9+/=]+)"', src)
        if len(strings) != 1:
            raise ValueError(f"{p}: expected one base64 string literal, found {len(strings)}")
        blobs.append(base64.b64decode(strings[0]))
    specs = [w for g in m["weightsManifest"] for w in g["weights"]]
    return m["modelTopology"], specs, b"".join(blobs)


def decode_weights(specs, data):
    """-> {name: dict(value=float32 array, q=int array|None, min, scale)} following
    tfjs-core io_utils.decodeWeights (v = q*scale + min)."""
    out, off = {}, 0
    for s in specs:
        shape = [int(x) for x in s["shape"]]
        n = int(np.prod(shape)) if shape else 1
        q = s.get("quantization")
        if q is None:
            assert s["dtype"] == "float32", s
            v = np.frombuffer(data, np.float32, n, off).reshape(shape).copy()
            off += 4 * n
            out[s["name"]] = dict(value=v, q=None)
        elif q["dtype"] in ("uint8", "uint16"):
            dt = np.uint8 if q["dtype"] == "uint8" else np.uint16
            qa = np.frombuffer(data, dt, n, off).reshape(shape).copy()
            off += qa.itemsize * n
            v = (qa.astype(np.float64) * q["scale"] + q["min"]).astype(np.float32)
            out[s["name"]] = dict(value=v, q=qa, min=float(q["min"]), scale=float(q["scale"]))
        elif q["dtype"] == "float16":
            h = np.frombuffer(data, np.float16, n, off).reshape(shape).copy()
            off += 2 * n
            out[s["name"]] = dict(value=h.astype(np.float32), q=None)
        else:
            raise ValueError(f"unsupported quantization {q}")
    if off != len(data):
        raise ValueError(f"weights consumed {off} of {len(data)} bytes")
    return out


# --------------------------------------------------------------------------- building
class Builder:
    def __init__(self, weights, mode):
        self.w, self.mode = weights, mode
        self.nodes, self.inits, self.n = [], [], 0
        self.params = 0

    def uid(self, base):
        self.n += 1
        return f"{base}__{self.n}"

    def node(self, op, inputs, name, **attrs):
        out = self.uid(name)
        self.nodes.append(helper.make_node(op, inputs, [out], name=out, **attrs))
        return out

    def const(self, name, arr):
        self.inits.append(numpy_helper.from_array(np.asarray(arr), name))
        return name

    def weight(self, key, transform=None):
        """Emit weight `key` (transform = fn applied to the array, layout only)."""
        e = self.w[key]
        t = transform or (lambda a: a)
        self.params += e["value"].size
        base = key.replace("/", "_").replace(":", "_")
        if e["q"] is not None and self.mode in ("auto", "auto16"):
            q = self.const(base + "_q", np.ascontiguousarray(t(e["q"])))
            f = self.node("Cast", [q], base + "_f", to=TensorProto.FLOAT)
            f = self.node("Mul", [f, self.const(base + "_scale", np.float32(e["scale"]))], base + "_s")
            return self.node("Add", [f, self.const(base + "_min", np.float32(e["min"]))], base)
        v = np.ascontiguousarray(t(e["value"])).astype(np.float32)
        if self.mode in ("fp16", "auto16"):
            h = self.const(base + "_h", v.astype(np.float16))
            return self.node("Cast", [h], base, to=TensorProto.FLOAT)
        return self.const(base, v)

    def activation(self, x, act, name):
        if act in (None, "linear"):
            return x
        if act == "relu":
            return self.node("Relu", [x], name)
        if act == "relu6":
            return self.node("Clip", [x, self.const(self.uid("zero"), np.float32(0)),
                                      self.const(self.uid("six"), np.float32(6))], name)
        if act == "sigmoid":
            return self.node("Sigmoid", [x], name)
        if act == "tanh":
            return self.node("Tanh", [x], name)
        if act == "elu":
            return self.node("Elu", [x], name)
        if act == "softmax":  # channels axis (last in NHWC == 1 in NCHW for rank 4, -1 for rank 2)
            return self.node("Softmax", [x], name, axis=1)
        if act == "swish":
            return self.node("Mul", [x, self.node("Sigmoid", [x], name + "_sig")], name)
        raise NotImplementedError(f"activation {act}")


def _pads_same(k, d):
    eff = [(kk - 1) * dd + 1 for kk, dd in zip(k, d)]
    before = [(e - 1) // 2 for e in eff]
    after = [e - 1 - b for e, b in zip(eff, before)]
    return before + after


def _conv_attrs(c, k, stride):
    a = dict(kernel_shape=list(k), strides=list(stride), dilations=list(c.get("dilation_rate", [1, 1])))
    if c["padding"] == "same":
        if all(s == 1 for s in stride):
            a["pads"] = _pads_same(k, a["dilations"])
        else:
            a["auto_pad"] = "SAME_UPPER"   # TF 'same' puts the extra pixel after
    return a


def _nhwc_axis(axis):
    return {-1: 1, 3: 1, 1: 2, 2: 3}[axis]


def convert_layer(b, layer, ins):
    cls, c, name = layer["class_name"], layer["config"], layer["config"]["name"]
    x = ins[0] if ins else None
    if cls in ("Dropout", "SpatialDropout2D", "GaussianNoise", "GaussianDropout"):
        return x
    if cls == "Conv2D":
        k, s = c["kernel_size"], c["strides"]
        w = b.weight(f"{name}/kernel", lambda a: a.transpose(3, 2, 0, 1))
        inputs = [x, w] + ([b.weight(f"{name}/bias")] if c.get("use_bias", True) else [])
        y = b.node("Conv", inputs, name, group=int(c.get("groups", 1)), **_conv_attrs(c, k, s))
        return b.activation(y, c.get("activation"), name + "_act")
    if cls == "DepthwiseConv2D":
        k, s = c["kernel_size"], c["strides"]
        kshape = b.w[f"{name}/depthwise_kernel"]["value"].shape
        cin, mult = kshape[2], kshape[3]
        w = b.weight(f"{name}/depthwise_kernel",
                     lambda a: a.transpose(2, 3, 0, 1).reshape(cin * mult, 1, k[0], k[1]))
        inputs = [x, w] + ([b.weight(f"{name}/bias")] if c.get("use_bias", True) else [])
        y = b.node("Conv", inputs, name, group=int(cin), **_conv_attrs(c, k, s))
        return b.activation(y, c.get("activation"), name + "_act")
    if cls == "BatchNormalization":
        ax = c.get("axis", -1)
        ax = ax[0] if isinstance(ax, list) else ax
        assert ax in (-1, 3), f"{name}: BN axis {ax}"
        n = b.w[f"{name}/moving_mean"]["value"].shape[0]
        g = b.weight(f"{name}/gamma") if c.get("scale", True) else b.const(b.uid("ones"), np.ones(n, np.float32))
        be = b.weight(f"{name}/beta") if c.get("center", True) else b.const(b.uid("zeros"), np.zeros(n, np.float32))
        return b.node("BatchNormalization", [x, g, be, b.weight(f"{name}/moving_mean"),
                                             b.weight(f"{name}/moving_variance")], name,
                      epsilon=float(c.get("epsilon", 1e-3)))
    if cls == "ReLU":
        mv, ns, th = c.get("max_value"), c.get("negative_slope", 0) or 0, c.get("threshold", 0) or 0
        assert th == 0, f"{name}: ReLU threshold {th} unsupported"
        y = b.node("LeakyRelu", [x], name + "_lr", alpha=float(ns)) if ns else b.node("Relu", [x], name + "_r")
        if mv is not None:
            y = b.node("Min", [y, b.const(b.uid("maxv"), np.float32(mv))], name)
        return y
    if cls == "LeakyReLU":
        return b.node("LeakyRelu", [x], name, alpha=float(c.get("alpha", 0.3)))
    if cls == "Activation":
        return b.activation(x, c["activation"], name)
    if cls == "ZeroPadding2D":
        p = c["padding"]
        p = [[p, p], [p, p]] if isinstance(p, int) else [[q, q] if isinstance(q, int) else q for q in p]
        pads = np.array([0, 0, p[0][0], p[1][0], 0, 0, p[0][1], p[1][1]], np.int64)
        return b.node("Pad", [x, b.const(b.uid(name + "_pads"), pads)], name, mode="constant")
    if cls in ("Add", "Multiply", "Subtract", "Maximum", "Minimum", "Average"):
        op = {"Add": "Add", "Multiply": "Mul", "Subtract": "Sub", "Maximum": "Max", "Minimum": "Min"}.get(cls)
        if cls == "Average":
            s = b.node("Sum", ins, name + "_sum")
            return b.node("Div", [s, b.const(b.uid("n"), np.float32(len(ins)))], name)
        y = ins[0]
        for other in ins[1:]:
            y = b.node(op, [y, other], name)
        return y
    if cls == "Concatenate":
        return b.node("Concat", ins, name, axis=_nhwc_axis(c.get("axis", -1)))
    if cls == "UpSampling2D":
        sy, sx = c["size"]
        scales = b.const(b.uid(name + "_scales"), np.array([1, 1, sy, sx], np.float32))
        if c.get("interpolation", "nearest") == "nearest":
            return b.node("Resize", [x, "", scales], name, mode="nearest",
                          coordinate_transformation_mode="asymmetric", nearest_mode="floor")
        raise NotImplementedError(f"{name}: UpSampling2D {c.get('interpolation')}")
    if cls in ("MaxPooling2D", "AveragePooling2D"):
        k, s = c["pool_size"], c.get("strides") or c["pool_size"]
        a = dict(kernel_shape=list(k), strides=list(s))
        if c.get("padding", "valid") == "same":
            a["auto_pad"] = "SAME_UPPER"
        op = "MaxPool" if cls == "MaxPooling2D" else "AveragePool"
        return b.node(op, [x], name, **a)   # AveragePool count_include_pad=0 == TF 'same'
    if cls in ("GlobalAveragePooling2D", "GlobalMaxPooling2D"):
        y = b.node("GlobalAveragePool" if "Average" in cls else "GlobalMaxPool", [x], name + "_g")
        return b.node("Flatten", [y], name, axis=1)
    if cls == "Flatten":  # Keras flattens NHWC order
        t = b.node("Transpose", [x], name + "_nhwc", perm=[0, 2, 3, 1])
        return b.node("Flatten", [t], name, axis=1)
    if cls == "Dense":
        y = b.node("MatMul", [x, b.weight(f"{name}/kernel")], name + "_mm")
        if c.get("use_bias", True):
            y = b.node("Add", [y, b.weight(f"{name}/bias")], name)
        return b.activation(y, c.get("activation"), name + "_act")
    if cls == "MultiplyBeta":      # upscalerjs esrgan: tf.mul(x, beta), beta = 0.2
        return b.node("Mul", [x, b.const(b.uid("beta"), np.float32(c.get("beta", 0.2)))], name)
    m = re.fullmatch(r"PixelShuffle(\d+)x", cls)
    if m:                          # upscalerjs: tf.depthToSpace(x, scale, 'NHWC') == ONNX DCR
        return b.node("DepthToSpace", [x], name, blocksize=int(c.get("scale", m.group(1))), mode="DCR")
    raise NotImplementedError(f"layer {cls} ({name})")


def convert(topology, weights, outputs, weights_mode="auto", input_name="input",
            doc="", spatial_dynamic=True, output_shapes=None):
    """outputs: list of (layer_name, onnx_output_name, post) where post is None or 'gap'
    (GlobalAveragePool + Flatten); output_shapes: {name: [dims]} declared on the graph
    outputs (strings become symbolic dims). Returns (onnx.ModelProto, parameter count)."""
    cfg = topology["model_config"]["config"] if "model_config" in topology else topology["config"]
    layers = cfg["layers"]
    b = Builder(weights, weights_mode)
    tensors = {}
    needed = _needed_layers(layers, [o[0] for o in outputs])
    in_layer = None
    for layer in layers:
        name = layer["config"]["name"] if "name" in layer["config"] else layer["name"]
        if layer["class_name"] == "InputLayer":
            in_layer = layer
            tensors[layer["name"]] = input_name
            continue
        if layer["name"] not in needed:
            continue
        nodes = layer["inbound_nodes"]
        assert len(nodes) == 1, f"{name}: shared layers unsupported"
        ins = [tensors[src[0]] for src in nodes[0]]
        tensors[layer["name"]] = convert_layer(b, layer, ins)
    graph_out = []
    for lname, oname, post in outputs:
        t = tensors[lname]
        if post == "gap":
            t = b.node("Flatten", [b.node("GlobalAveragePool", [t], oname + "_gap")], oname + "_flat", axis=1)
        b.nodes.append(helper.make_node("Identity", [t], [oname], name=oname))
        shape = (output_shapes or {}).get(oname)
        graph_out.append(helper.make_tensor_value_info(oname, TensorProto.FLOAT, shape))
    shp = in_layer["config"]["batch_input_shape"]
    c = shp[3]
    hw = ["H", "W"] if spatial_dynamic or shp[1] is None else [shp[1], shp[2]]
    inp = helper.make_tensor_value_info(input_name, TensorProto.FLOAT, ["N", c] + hw)
    graph = helper.make_graph(b.nodes, "g", [inp], graph_out, initializer=b.inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)],
                              producer_name="causalprint convert_tfjs", doc_string=doc)
    model.ir_version = 8
    model = onnx.shape_inference.infer_shapes(model)
    onnx.checker.check_model(model, full_check=True)
    return model, b.params


def _needed_layers(layers, out_names):
    by = {l["name"]: l for l in layers}
    need, stack = set(), list(out_names)
    while stack:
        n = stack.pop()
        if n in need:
            continue
        need.add(n)
        for node in by[n]["inbound_nodes"]:
            stack.extend(src[0] for src in node)
    return need
