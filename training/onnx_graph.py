"""Run an exported ONNX graph node by node with PyTorch functional ops.

There is no onnxruntime for Python on the training machine, and onnx 1.12 has no reference evaluator.
This interpreter reads the graph itself (weights with BatchNorm folded in, Resize attributes, wiring),
so running it checks the exported file rather than the PyTorch module it came from. It covers the
operators this model exports to and refuses any other.
"""
from typing import Callable, Dict

import numpy as np
import onnx
import torch
import torch.nn.functional as F
from onnx import numpy_helper


def _attributes(node: onnx.NodeProto) -> dict:
    return {a.name: onnx.helper.get_attribute_value(a) for a in node.attribute}


def _conv(inputs, attrs):
    x, weight = inputs[0], inputs[1]
    bias = inputs[2] if len(inputs) > 2 else None
    pads = attrs.get("pads", [0, 0, 0, 0])
    if pads[0] != pads[2] or pads[1] != pads[3]:
        raise NotImplementedError(f"asymmetric Conv padding {pads}")
    if attrs.get("auto_pad", b"NOTSET") not in (b"NOTSET", "NOTSET"):
        raise NotImplementedError("Conv auto_pad")
    return F.conv2d(x, weight, bias, stride=tuple(attrs.get("strides", [1, 1])), padding=(pads[0], pads[1]),
                    dilation=tuple(attrs.get("dilations", [1, 1])), groups=attrs.get("group", 1))


def _resize(inputs, attrs):
    x = inputs[0]
    scales = inputs[2] if len(inputs) > 2 and inputs[2] is not None and inputs[2].numel() else None
    sizes = inputs[3] if len(inputs) > 3 and inputs[3] is not None else None
    if attrs.get("mode") != b"linear" or attrs.get("coordinate_transformation_mode") not in (b"half_pixel",
                                                                                              b"pytorch_half_pixel"):
        raise NotImplementedError(f"Resize with {attrs}")
    if sizes is not None:
        out = [int(v) for v in sizes[2:]]
    else:
        if scales[0] != 1 or scales[1] != 1:
            raise NotImplementedError("Resize over batch or channels")
        out = [int(np.floor(x.shape[2 + i] * float(scales[2 + i]))) for i in range(2)]
        if any(abs(x.shape[2 + i] * float(scales[2 + i]) - out[i]) > 1e-6 for i in range(2)):
            raise NotImplementedError("Resize with a non-integral output size")
    # Half-pixel linear resize is PyTorch's bilinear with align_corners=False (output sizes > 1).
    return F.interpolate(x, size=out, mode="bilinear", align_corners=False)


def _depth_to_space(inputs, attrs):
    # PyTorch's pixel shuffle exports as mode CRD; DCR orders the channels differently.
    if attrs.get("mode", b"DCR") != b"CRD":
        raise NotImplementedError(f"DepthToSpace with {attrs}")
    return F.pixel_shuffle(inputs[0], attrs["blocksize"])


OPERATORS: Dict[str, Callable] = {
    "Conv": _conv,
    "Resize": _resize,
    "DepthToSpace": _depth_to_space,
    "Relu": lambda inputs, attrs: F.relu(inputs[0]),
    "Sigmoid": lambda inputs, attrs: torch.sigmoid(inputs[0]),
    "Identity": lambda inputs, attrs: inputs[0],
    "Concat": lambda inputs, attrs: torch.cat(inputs, dim=attrs["axis"]),
    "Constant": lambda inputs, attrs: torch.from_numpy(numpy_helper.to_array(attrs["value"]).copy()),
}


class OnnxGraph:
    def __init__(self, path):
        self.model = onnx.load(str(path))
        unsupported = {n.op_type for n in self.model.graph.node} - OPERATORS.keys()
        if unsupported:
            raise NotImplementedError(f"operators not covered: {sorted(unsupported)}")
        self.weights = {t.name: torch.from_numpy(numpy_helper.to_array(t).copy()) for t in self.model.graph.initializer}

    @property
    def input_name(self) -> str:
        return self.model.graph.input[0].name

    @property
    def output_name(self) -> str:
        return self.model.graph.output[0].name

    def run(self, image: np.ndarray) -> np.ndarray:
        """float32 [B, C, H, W] -> the graph's single output as float32."""
        values = dict(self.weights)
        values[self.input_name] = torch.from_numpy(np.ascontiguousarray(image, dtype=np.float32))
        values[""] = None
        with torch.no_grad():
            for node in self.model.graph.node:
                outputs = OPERATORS[node.op_type]([values[name] for name in node.input], _attributes(node))
                values[node.output[0]] = outputs
        return values[self.output_name].numpy()
