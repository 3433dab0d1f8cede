"""Builds native-models/kernels/softmax-regression-objective.onnx and its manifest.

The objective of an L2-penalised multinomial logistic regression and its gradient, as one ONNX
graph, so that the TypeScript fit (electron/engine/attribution/classifier/onnx-objective.ts)
runs its two matrix products in onnxruntime's BLAS kernels instead of JavaScript loops.

    inputs   x [n, d]   rows (float64)
             w [k, d]   weights, b [k] biases
             y [n, k]   targets as sample weights: y[i, c] = weight of row i if its class is c,
                        else 0; the weights sum to 1 (mean cross-entropy: 1/n each)
             l2 []      penalty on the weights (not the biases)
    outputs  loss []    -sum(y * log_softmax(x w^T + b)) + l2/2 * |w|^2
             grad_w [k, d] = (softmax(z) * rowsum(y) - y)^T x + l2 w
             grad_b [k]    = column sums of (softmax(z) * rowsum(y) - y)

Run with /usr/bin/python3 (Debian's python3-onnx); no network, no torch.
"""
import hashlib
import json
import os

import onnx
from onnx import TensorProto, helper

HERE = os.path.dirname(os.path.abspath(__file__))
OUT_DIR = os.path.normpath(os.path.join(HERE, '..', '..', 'kernels'))
NAME = 'softmax-regression-objective.onnx'
D = TensorProto.DOUBLE


def build() -> onnx.ModelProto:
    inputs = [
        helper.make_tensor_value_info('x', D, ['n', 'd']),
        helper.make_tensor_value_info('w', D, ['k', 'd']),
        helper.make_tensor_value_info('b', D, ['k']),
        helper.make_tensor_value_info('y', D, ['n', 'k']),
        helper.make_tensor_value_info('l2', D, []),
    ]
    outputs = [
        helper.make_tensor_value_info('loss', D, []),
        helper.make_tensor_value_info('grad_w', D, ['k', 'd']),
        helper.make_tensor_value_info('grad_b', D, ['k']),
    ]
    constants = [
        helper.make_tensor('axis_classes', TensorProto.INT64, [1], [1]),
        helper.make_tensor('axis_rows', TensorProto.INT64, [1], [0]),
        helper.make_tensor('half', D, [], [0.5]),
    ]
    nodes = [
        helper.make_node('Gemm', ['x', 'w', 'b'], ['z'], transB=1),
        helper.make_node('LogSoftmax', ['z'], ['log_p'], axis=1),
        helper.make_node('Mul', ['y', 'log_p'], ['y_log_p']),
        helper.make_node('ReduceSum', ['y_log_p'], ['log_likelihood'], keepdims=0),
        helper.make_node('Mul', ['w', 'w'], ['w_squared']),
        helper.make_node('ReduceSum', ['w_squared'], ['w_norm'], keepdims=0),
        helper.make_node('Mul', ['w_norm', 'l2'], ['w_norm_l2']),
        helper.make_node('Mul', ['w_norm_l2', 'half'], ['penalty']),
        helper.make_node('Sub', ['penalty', 'log_likelihood'], ['loss']),
        helper.make_node('Exp', ['log_p'], ['p']),
        helper.make_node('ReduceSum', ['y', 'axis_classes'], ['row_weight'], keepdims=1),
        helper.make_node('Mul', ['p', 'row_weight'], ['p_weighted']),
        helper.make_node('Sub', ['p_weighted', 'y'], ['g']),
        helper.make_node('Mul', ['w', 'l2'], ['w_l2']),
        helper.make_node('Gemm', ['g', 'x', 'w_l2'], ['grad_w'], transA=1),
        helper.make_node('ReduceSum', ['g', 'axis_rows'], ['grad_b'], keepdims=0),
    ]
    graph = helper.make_graph(nodes, 'softmax_regression_objective', inputs, outputs, constants)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid('', 17)], producer_name='causalprint-kernels')
    model.ir_version = 8
    onnx.checker.check_model(model, full_check=True)
    return model


def main() -> None:
    os.makedirs(OUT_DIR, exist_ok=True)
    data = build().SerializeToString()
    with open(os.path.join(OUT_DIR, NAME), 'wb') as f:
        f.write(data)
    manifest = {
        'schemaVersion': 1,
        'kind': 'kernels',
        'description': 'Compute kernels the engine runs with onnxruntime (not trained networks). Built by native-models/python/kernels/build_softmax_objective.py.',
        'kernels': [{
            'id': 'softmax-regression-objective',
            'file': NAME,
            'sha256': hashlib.sha256(data).hexdigest(),
            'opset': 17,
            'inputs': ['x [n,d] float64', 'w [k,d] float64', 'b [k] float64', 'y [n,k] float64 (sample weights, sum 1)', 'l2 [] float64'],
            'outputs': ['loss [] float64', 'grad_w [k,d] float64', 'grad_b [k] float64'],
        }],
    }
    with open(os.path.join(OUT_DIR, 'manifest.json'), 'w') as f:
        json.dump(manifest, f, indent=1)
        f.write('\n')
    print(f'wrote {NAME} ({len(data)} bytes, sha256 {manifest["kernels"][0]["sha256"]})')


if __name__ == '__main__':
    main()
