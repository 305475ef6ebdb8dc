"""Regenerate the parity fixtures the Java tests compare against (src/test/resources/parity/).

    /usr/bin/python3 -m training.make_fixtures [--model models/liver.onnx]

All inputs are synthesised here (no shared data is copied). Each fixture is a JSON header plus raw
little-endian arrays in C order; README.md in the fixture folder describes the format.

- preprocess-fixture.json: HU volumes and the float32 tensors training/preprocess.py makes of them, one
  case enlarging slices with percentiles and standardisation, one shrinking them with the window only.
- onnx-fixture.json: a pre-processed input and the probabilities the exported graph gives for it, run
  with PyTorch ops (training/onnx_graph.py, checked against the PyTorch module at export).
"""
import argparse
import hashlib
import json
from pathlib import Path

import numpy as np

from training.onnx_graph import OnnxGraph
from training.preprocess import PreprocessingParams, preprocess_scan

FIXTURE_DIR = Path("src/test/resources/parity")
ONNX_TOLERANCE = 1e-4
PREPROCESS_TOLERANCE = 1e-5


def abdomen_phantom(slices: int, rows: int, columns: int, seed: int) -> np.ndarray:
    """int16 HU slices with air, fat, soft tissue, a liver-like organ on the image left and bone
    (values from -1000 to 1500), plus noise, so that every pre-processing step has work to do."""
    rng = np.random.default_rng(seed)
    y, x = np.meshgrid(np.linspace(-1, 1, rows), np.linspace(-1, 1, columns), indexing="ij")
    volume = []
    for k in range(slices):
        hu = np.full((rows, columns), -1000.0)
        body = (x / 0.85) ** 2 + (y / 0.65) ** 2 < 1
        hu[body] = -100.0                                                        # subcutaneous fat
        hu[(x / 0.78) ** 2 + (y / 0.58) ** 2 < 1] = 40.0                          # muscle, organs
        liver = ((x + 0.35 - 0.05 * k) / 0.38) ** 2 + ((y + 0.1) / 0.35) ** 2 < 1
        hu[liver] = 110.0
        hu[((x - 0.3) / 0.15) ** 2 + ((y + 0.15) / 0.12) ** 2 < 1] = -900.0        # bowel gas
        hu[(x / 0.1) ** 2 + ((y - 0.4) / 0.1) ** 2 < 1] = 1500.0                   # vertebra
        hu[((x + 0.05) / 0.06) ** 2 + ((y - 0.15) / 0.06) ** 2 < 1] = 180.0        # aorta, contrast
        hu += rng.normal(0, 15, size=hu.shape) * body
        volume.append(hu)
    return np.clip(np.rint(volume), -1000, 1500).astype(np.int16)


def write_array(array: np.ndarray, path: Path) -> dict:
    little_endian = array.astype(array.dtype.newbyteorder("<"), copy=False)
    path.write_bytes(np.ascontiguousarray(little_endian).tobytes())
    return {"file": path.name, "dtype": {np.dtype(np.int16): "int16", np.dtype(np.float32): "float32"}[array.dtype],
            "shape": list(array.shape)}


def make_preprocess_fixture(out: Path) -> None:
    # Percentiles off the window's ends (about 64 % of the enlarged voxels are air, clipped to -40 HU),
    # so that both interpolated percentile values land between distinct voxel values.
    cases = [
        ("upsample", abdomen_phantom(3, 40, 48, seed=1),
         PreprocessingParams(hu_window=(-40.0, 160.0), percentiles=(66.5, 99.5), standardize=True)),
        ("downsample", abdomen_phantom(2, 250, 300, seed=2),
         PreprocessingParams(hu_window=(-40.0, 160.0), percentiles=None, standardize=False)),
    ]
    header = {"format": "livernode parity fixture 1", "byteOrder": "little-endian", "layout": "C order (row-major)",
              "tolerance": PREPROCESS_TOLERANCE, "cases": []}
    for name, hu, params in cases:
        expected = preprocess_scan(hu, params)
        header["cases"].append({
            "name": name,
            "preprocessing": params.manifest_block(),
            "input": {"channels": params.channels, "height": params.height, "width": params.width},
            "hu": write_array(hu, out / f"preprocess-fixture-{name}-hu.raw"),
            "expected": write_array(expected, out / f"preprocess-fixture-{name}-expected.raw"),
        })
    (out / "preprocess-fixture.json").write_text(json.dumps(header, indent=2) + "\n")


def make_onnx_fixture(out: Path, model_path: Path) -> None:
    manifest = json.loads(model_path.with_suffix(".json").read_text())
    params = PreprocessingParams.from_manifest(manifest)
    graph = OnnxGraph(model_path)
    image = preprocess_scan(abdomen_phantom(2, 512, 512, seed=3), params)
    probability = graph.run(image)
    header = {
        "format": "livernode parity fixture 1", "byteOrder": "little-endian", "layout": "C order (row-major)",
        "tolerance": ONNX_TOLERANCE,
        "model": {"file": model_path.name, "sha256": hashlib.sha256(model_path.read_bytes()).hexdigest()},
        "input": {"name": graph.input_name, **write_array(image, out / "onnx-fixture-input.raw")},
        "expected": {"name": graph.output_name, **write_array(probability, out / "onnx-fixture-expected.raw")},
    }
    (out / "onnx-fixture.json").write_text(json.dumps(header, indent=2) + "\n")
    print(f"onnx fixture: probabilities {probability.min():.4f}..{probability.max():.4f}, "
          f"{(probability >= 0.5).mean():.1%} of pixels at or above 0.5")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", default="models/liver.onnx", help="default: %(default)s (manifest beside it)")
    parser.add_argument("--out", default=str(FIXTURE_DIR), help="default: %(default)s")
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    make_preprocess_fixture(out)
    model_path = Path(args.model)
    if not model_path.is_file():
        raise SystemExit(f"error: {model_path} not found; export the model first (python -m training.export)")
    make_onnx_fixture(out, model_path)
    for path in sorted(out.glob("*-fixture*")):
        print(f"{path} {path.stat().st_size} bytes")


if __name__ == "__main__":
    main()
