#!/usr/bin/env python3
"""The shipped model's arithmetic on a GPU, for comparing with bench/inference (the node's Java path on the CPU).

ONNX Runtime's CUDA build for Java (profile `gpu`) is a 640 MB jar that cannot be carried to the GPU machine this
project is lent, and that machine has no JDK. So this runs the same file, models/liver.onnx, through
training/onnx_graph.py (the graph's own weights and wiring, executed with PyTorch ops) on CUDA, and checks it
against ONNX Runtime on the CPU (the Python package, where installed) on the same input. The input is a
deterministic synthetic model input (values in [0, 1] as the HU window gives them): timing does not depend on
the picture, and parity is checked voxel for voxel at the manifest's threshold.

Usage: python3 bench/inference-gpu.py [--slices 129] [--chunk 16] [--runs 20]
Prints a markdown table; needs torch with CUDA (and onnx; onnxruntime for the parity check).
"""
import argparse
import json
import statistics
import sys
import time
from pathlib import Path

import numpy as np
import torch

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from training.onnx_graph import OPERATORS, OnnxGraph, _attributes  # noqa: E402


class CudaGraphRunner:
    """OnnxGraph's node-by-node execution with the weights and activations on the GPU (Constants stay on the
    CPU: this model uses them only as Resize scales)."""

    def __init__(self, graph: OnnxGraph, device: torch.device):
        self.graph = graph
        self.weights = {name: w.to(device) for name, w in graph.weights.items()}
        self.device = device

    def run(self, image: torch.Tensor) -> torch.Tensor:
        values = dict(self.weights)
        values[self.graph.input_name] = image
        values[""] = None
        with torch.no_grad():
            for node in self.graph.model.graph.node:
                values[node.output[0]] = OPERATORS[node.op_type]([values[n] for n in node.input], _attributes(node))
        return values[self.graph.output_name]


def synthetic_input(slices: int, size: int = 224) -> np.ndarray:
    rng = np.random.default_rng(20261204)
    yy, xx = np.mgrid[0:size, 0:size] / size
    body = ((xx - 0.5) ** 2 + (yy - 0.5) ** 2 < 0.16).astype(np.float32) * 0.45
    organ = ((xx - 0.35) ** 2 / 0.04 + (yy - 0.45) ** 2 / 0.02 < 1).astype(np.float32) * 0.35
    planes = [np.clip(body + organ * (0.6 + 0.4 * np.sin(k / 20)) + rng.normal(0, 0.05, (size, size)), 0, 1)
              for k in range(slices)]
    return np.stack(planes)[:, None].astype(np.float32)


def time_scan(runner: CudaGraphRunner, scan: np.ndarray, chunk: int, runs: int) -> list:
    """Milliseconds per whole scan, host to host: copy each chunk in, run it, copy its probabilities out."""
    times = []
    for i in range(runs + 3):
        torch.cuda.synchronize()
        start = time.perf_counter()
        outputs = []
        for first in range(0, scan.shape[0], chunk):
            x = torch.from_numpy(scan[first:first + chunk]).to(runner.device, non_blocking=False)
            outputs.append(runner.run(x).cpu())
        torch.cuda.synchronize()
        if i >= 3:
            times.append((time.perf_counter() - start) * 1000)
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--slices", type=int, default=129)
    parser.add_argument("--chunk", type=int, default=16)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    if not torch.cuda.is_available():
        print("bench/inference-gpu.py: no CUDA device visible to torch", file=sys.stderr)
        return 1
    model_path = ROOT / "models" / "liver.onnx"
    threshold = json.loads((ROOT / "models" / "liver.json").read_text())["output"]["threshold"]
    graph = OnnxGraph(model_path)
    device = torch.device("cuda")
    runner = CudaGraphRunner(graph, device)
    scan = synthetic_input(args.slices)
    torch.backends.cudnn.benchmark = True
    rows = []
    for label, tf32 in (("float32", False), ("TF32 convolutions", True)):
        torch.backends.cudnn.allow_tf32 = tf32
        torch.backends.cuda.matmul.allow_tf32 = tf32
        for chunk in (args.chunk, args.slices):
            times = time_scan(runner, scan, chunk, args.runs)
            rows.append((label, chunk, statistics.median(times), min(times), max(times)))
    torch.backends.cudnn.allow_tf32 = False
    gpu = np.concatenate([runner.run(torch.from_numpy(scan[f:f + args.chunk]).to(device)).cpu().numpy()
                          for f in range(0, args.slices, args.chunk)])

    print(f"GPU: {torch.cuda.get_device_name(0)}; torch {torch.__version__}; model {model_path.name}; "
          f"{args.slices} slices of 224x224; median of {args.runs} runs after 3 warm-ups, host to host")
    print()
    print("| arithmetic | slices per run | median ms per scan | min | max | ms per slice |")
    print("|---|---|---|---|---|---|")
    for label, chunk, median, low, high in rows:
        print(f"| {label} | {chunk} | {median:.1f} | {low:.1f} | {high:.1f} | {median / args.slices:.2f} |")
    try:
        import onnxruntime
    except ImportError:
        print("\nparity: onnxruntime (Python) not installed here; not checked")
        return 0
    session = onnxruntime.InferenceSession(str(model_path), providers=["CPUExecutionProvider"])
    name = session.get_inputs()[0].name
    start = time.perf_counter()
    cpu = np.concatenate([session.run(None, {name: scan[f:f + args.chunk]})[0] for f in range(0, args.slices, args.chunk)])
    cpu_ms = (time.perf_counter() - start) * 1000
    flips = int(np.count_nonzero((gpu > threshold) != (cpu > threshold)))
    print(f"\nparity with ONNX Runtime {onnxruntime.__version__} (CPU, {args.chunk}-slice chunks, one run "
          f"{cpu_ms:.0f} ms): max |difference| {float(np.max(np.abs(gpu - cpu))):.2e}, "
          f"voxels on the other side of {threshold}: {flips} of {gpu.size}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
