"""Export a trained checkpoint to models/liver.onnx and write the manifest models/liver.json.

    /usr/bin/python3 -m training.export --run-dir training/runs/liver

ONNX opset 17, float32 input "image" [batch, 1, 224, 224], output "probability" [batch, 1, 224, 224]
(sigmoid inside the graph), dynamic batch axis. The exported file is checked with onnx.checker and run
through training/onnx_graph.py against PyTorch. The manifest's "metrics" block is filled afterwards by
`python -m training.evaluate model --write-metrics`.
"""
import argparse
import json
import warnings
from pathlib import Path

import numpy as np
import onnx
import torch

from training.model import DECODER_CHANNELS, ENCODER_CHANNELS, LiverNet, parameter_count
from training.onnx_graph import OnnxGraph
from training.preprocess import PreprocessingParams
from training.qc_limits import QC_LIMITS

OPSET = 17
MAX_GRAPH_DIFFERENCE = 1e-5
MODEL_NAME, MODEL_VERSION = "livernode-liver-cnn", "2.1.0"


def manifest(params: PreprocessingParams, training: dict) -> dict:
    return {
        "name": MODEL_NAME,
        "version": MODEL_VERSION,
        "input": {"name": "image", "channels": params.channels, "height": params.height, "width": params.width},
        "output": {"name": "probability", "values": "probability", "threshold": 0.5},
        "preprocessing": params.manifest_block(),
        # Training slices are radiological views: patient's right on the image left, anterior up.
        "orientation": {"rowDirection": [1, 0, 0], "columnDirection": [0, 1, 0]},
        "postprocessing": {"largestConnectedComponent": True, "fillHoles": True},
        "segment": {
            "label": "Liver",
            "category": {"value": "123037004", "scheme": "SCT", "meaning": "Anatomical Structure"},
            "type": {"value": "10200004", "scheme": "SCT", "meaning": "Liver"},
            "algorithmType": "AUTOMATIC",
            "color": [221, 130, 101],
        },
        "qc": QC_LIMITS,
        "training": training,
    }


def training_summary(run: dict, best_epoch: int, parameters: int) -> dict:
    history = run["history"]
    args = run["args"]
    return {
        "data": "LiTS liver CT (33-patient subset of volumes 0-130 as 256x256 slices in an HU window "
                "[-40, 160]; every 2nd axial slice, liver slices and their neighbours kept), plus "
                f"{run.get('bank_slices', 0)} copies of training slices under simulated ablation-scan conditions "
                "(needles with projection-domain metal streaks, ablation zones, arterial phase, low dose, cut field "
                "of view; training/augment_bank.py)",
        "licences": {
            "LiTS": "CC BY-NC-SA 4.0",
            "3D-IRCADb-01": "CC BY-NC-ND 3.0 (LiTS volumes 28-47 are 3D-IRCADb-01 patients 1-20; "
                            "patient 1 is the test series)",
            "model": "inherits the data's non-commercial research terms; not for clinical use",
        },
        "trainPatients": run["train_patients"],
        "trainSlices": run["train_slices"],
        "validationPatients": [p for p in history[0]["val_dice"]],
        "testSeries": "3D-IRCADb-01 patient 1 (129 slices, never used for training or model selection)",
        "architecture": f"CNN encoder ({', '.join(map(str, ENCODER_CHANNELS))} channels at 1/2 to 1/16 of the "
                        f"input, stride-2 first convolution) + U-Net upsampling path ({', '.join(map(str, DECODER_CHANNELS))} "
                        "channels), 3x3 prediction of 4 logits per pixel at 1/2, pixel shuffle to full resolution, sigmoid, dropout 0.3",
        "parameters": parameters,
        "loss": "focal (alpha 0.5, gamma 3) + soft Dice",
        "optimizer": f"AdamW lr {args['lr']} (warm-up, cosine decay), weight decay {args['weight_decay']}, "
                     f"batch {args['batch_size']}",
        "epochs": len(history),
        "slicesPerEpoch": args["slices_per_epoch"] or run["train_slices"],
        "selectedEpoch": best_epoch,
        "selection": "best mean validation Dice at 224x224",
        "trainingSeconds": round(sum(r["seconds"] for r in history)),
        "machine": f"CPU only, {args['threads']} threads, PyTorch {torch.__version__}",
    }


def export(model: LiverNet, params: PreprocessingParams, out: Path) -> None:
    example = torch.zeros(1, params.channels, params.height, params.width)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # torch 1.13 warns about constant shape inference, harmless here
        torch.onnx.export(model, example, str(out), opset_version=OPSET, input_names=["image"],
                          output_names=["probability"],
                          dynamic_axes={"image": {0: "batch"}, "probability": {0: "batch"}})
    onnx.checker.check_model(onnx.load(str(out)), full_check=True)


def check_against_pytorch(model: LiverNet, params: PreprocessingParams, out: Path) -> float:
    """Largest |ONNX graph - PyTorch| over batches of 1 and 3 (the batch axis is dynamic)."""
    graph = OnnxGraph(out)
    rng = np.random.default_rng(0)
    worst = 0.0
    for batch in (1, 3):
        x = rng.normal(0.4, 0.3, size=(batch, params.channels, params.height, params.width)).astype(np.float32)
        with torch.no_grad():
            expected = model(torch.from_numpy(x)).numpy()
        worst = max(worst, float(np.abs(graph.run(x) - expected).max()))
    if worst > MAX_GRAPH_DIFFERENCE:
        raise SystemExit(f"error: exported graph differs from PyTorch by {worst:g}")
    return worst


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--run-dir", default="training/runs/liver", help="training run (default: %(default)s)")
    parser.add_argument("--checkpoint", help="default: best.pt in the run folder")
    parser.add_argument("--out", default="models/liver.onnx", help="default: %(default)s; manifest beside it")
    args = parser.parse_args()
    run_dir = Path(args.run_dir)
    checkpoint_path = Path(args.checkpoint or run_dir / "best.pt")
    if not checkpoint_path.is_file():
        raise SystemExit(f"error: no checkpoint at {checkpoint_path}; train first (training/train.sh)")
    checkpoint = torch.load(checkpoint_path)
    stored = checkpoint["preprocessing"]
    percentiles = None if stored["percentiles"] is None else tuple(stored["percentiles"])
    params = PreprocessingParams(**{**stored, "hu_window": tuple(stored["hu_window"]), "percentiles": percentiles})
    model = LiverNet(in_channels=params.channels)
    model.load_state_dict(checkpoint["model"])
    model.eval()

    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    export(model, params, out)
    difference = check_against_pytorch(model, params, out)
    run = json.loads((run_dir / "history.json").read_text())
    manifest_path = out.with_suffix(".json")
    manifest_path.write_text(json.dumps(
        manifest(params, training_summary(run, checkpoint["epoch"], parameter_count(model))), indent=2) + "\n")
    print(f"exported epoch {checkpoint['epoch']} of {checkpoint_path} to {out} ({out.stat().st_size / 1e6:.2f} MB, "
          f"{parameter_count(model)} parameters); ONNX graph vs PyTorch max abs diff {difference:.2e}; "
          f"manifest {manifest_path}")


if __name__ == "__main__":
    main()
