"""Train the liver model from scratch on the LiTS slices; resumable, one checkpoint per epoch.

    MALLOC_MMAP_MAX_=0 MALLOC_TRIM_THRESHOLD_=10000000000 \
        /usr/bin/python3 -m training.train --run-dir training/runs/liver

(training/train.sh does exactly this.) The run folder receives train.log, history.json, last.pt (every
epoch, for resuming) and best.pt (best mean validation Dice). Starting again with the same run folder
resumes from last.pt.
"""
import argparse
import dataclasses
import json
import logging
import math
import os
import time
from pathlib import Path
from typing import Dict, List

import numpy as np
import torch

from training.augment import augment
from training.augment_bank import load_or_make_bank
from training.data import DEFAULT_DATA_ROOT, VALIDATION_PATIENTS, PatientSlices, data_root_or_exit, load_lits, \
    read_lits_manifest
from training.evaluate import dice
from training.model import PREPROCESSING, LiverNet, parameter_count

FOCAL_ALPHA, FOCAL_GAMMA = 0.5, 3.0     # paper, Table A1
WARMUP_FRACTION = 0.03
log = logging.getLogger("train")


def focal_loss(logits: torch.Tensor, target: torch.Tensor) -> torch.Tensor:
    """Binary focal loss from logits, mean over pixels (Lin et al.; alpha weighs the positive class)."""
    log_p = torch.nn.functional.logsigmoid(logits)
    log_not_p = torch.nn.functional.logsigmoid(-logits)
    p = log_p.exp()
    positive = -FOCAL_ALPHA * (1 - p) ** FOCAL_GAMMA * log_p
    negative = -(1 - FOCAL_ALPHA) * p ** FOCAL_GAMMA * log_not_p
    return torch.where(target > 0.5, positive, negative).mean()


def soft_dice_loss(logits: torch.Tensor, target: torch.Tensor) -> torch.Tensor:
    """1 - soft Dice over the whole batch, so that slices without liver do not make it undefined."""
    p = torch.sigmoid(logits)
    intersection = (p * target).sum()
    return 1 - (2 * intersection + 1) / (p.sum() + target.sum() + 1)


def predict_probabilities(model: LiverNet, images: np.ndarray, batch_size: int = 32) -> np.ndarray:
    model.eval()
    out = []
    with torch.no_grad():
        for start in range(0, len(images), batch_size):
            out.append(model(torch.from_numpy(images[start:start + batch_size]))[:, 0].numpy())
    return np.concatenate(out)


def validate(model: LiverNet, patients: List[PatientSlices]) -> Dict[str, float]:
    """Dice over all available slices of each validation patient at model resolution, threshold 0.5."""
    return {p.patient: dice(predict_probabilities(model, p.image) >= 0.5, p.mask > 0) for p in patients}


def learning_rate(step: int, total_steps: int, base_lr: float) -> float:
    warmup = max(1, int(WARMUP_FRACTION * total_steps))
    if step < warmup:
        return base_lr * (step + 1) / warmup
    return base_lr * 0.5 * (1 + math.cos(math.pi * (step - warmup) / max(1, total_steps - warmup)))


def save_atomically(state: dict, path: Path) -> None:
    partial = path.with_suffix(".pt.part")
    torch.save(state, partial)
    os.replace(partial, path)


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", default=str(DEFAULT_DATA_ROOT), help="shared data folder (default: %(default)s)")
    parser.add_argument("--run-dir", default="training/runs/liver", help="logs and checkpoints (default: %(default)s)")
    parser.add_argument("--epochs", type=int, default=30)
    parser.add_argument("--slices-per-epoch", type=int, default=0, help="0: every training slice once per epoch")
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument("--lr", type=float, default=2e-3)
    parser.add_argument("--weight-decay", type=float, default=1e-4)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--bank-size", type=int, default=1600,
                        help="training slices simulated under ablation-scan conditions, made once (default: %(default)s)")
    return parser.parse_args()


def main() -> None:
    args = parse_args()
    run_dir = Path(args.run_dir)
    run_dir.mkdir(parents=True, exist_ok=True)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s",
                        handlers=[logging.FileHandler(run_dir / "train.log"), logging.StreamHandler()])
    torch.set_num_threads(args.threads)
    root = data_root_or_exit(args.data)

    started = time.time()
    all_patients = read_lits_manifest(root)
    train_names = sorted((p for p in all_patients if p not in VALIDATION_PATIENTS), key=lambda p: int(p.split("-")[1]))
    train = load_lits(root, PREPROCESSING, train_names)
    val = load_lits(root, PREPROCESSING, VALIDATION_PATIENTS)
    plain_images = np.concatenate([p.image for p in train])
    plain_masks = np.concatenate([p.mask for p in train])
    log.info("data: %d training slices from %d patients, %d validation slices from %s (%.0f s)",
             len(plain_images), len(train), sum(len(p.image) for p in val), ", ".join(VALIDATION_PATIENTS),
             time.time() - started)
    bank_started = time.time()
    bank_images, bank_picks = load_or_make_bank(
        run_dir / f"bank-{args.bank_size}-seed{args.seed}.npz", np.concatenate([p.native_hu for p in train]),
        np.concatenate([p.native_mask for p in train]), train[0].floor_hu, args.bank_size, args.seed, PREPROCESSING)
    log.info("ablation-condition bank: %d slices (%.0f s)", len(bank_images), time.time() - bank_started)
    images = torch.from_numpy(np.concatenate([plain_images, bank_images]))
    masks = torch.from_numpy(np.concatenate([plain_masks, plain_masks[bank_picks]])).float()[:, None]
    del train

    torch.manual_seed(args.seed)
    model = LiverNet(in_channels=PREPROCESSING.channels)
    optimizer = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=args.weight_decay)
    generator = torch.Generator().manual_seed(args.seed)
    slices_per_epoch = args.slices_per_epoch or len(images)
    steps_per_epoch = slices_per_epoch // args.batch_size
    total_steps = steps_per_epoch * args.epochs
    history: List[dict] = []
    best_dice = -1.0
    first_epoch = 0

    last_path, best_path = run_dir / "last.pt", run_dir / "best.pt"
    if last_path.exists():
        state = torch.load(last_path)
        model.load_state_dict(state["model"])
        optimizer.load_state_dict(state["optimizer"])
        generator.set_state(state["generator"])
        torch.set_rng_state(state["torch_rng"])
        history, best_dice, first_epoch = state["history"], state["best_dice"], state["epoch"] + 1
        log.info("resuming after epoch %d (best validation Dice %.4f)", state["epoch"] + 1, best_dice)
    log.info("model: %d parameters; %d epochs x %d steps of %d slices; lr %g",
             parameter_count(model), args.epochs, steps_per_epoch, args.batch_size, args.lr)

    for epoch in range(first_epoch, args.epochs):
        epoch_start = time.time()
        model.train()
        order = torch.randperm(len(images), generator=generator)[:steps_per_epoch * args.batch_size]
        focal_sum = dice_loss_sum = 0.0
        for step, batch in enumerate(order.view(steps_per_epoch, args.batch_size)):
            for group in optimizer.param_groups:
                group["lr"] = learning_rate(epoch * steps_per_epoch + step, total_steps, args.lr)
            x, y = augment(images[batch], masks[batch], generator)
            logits = model.forward_logits(x)
            focal = focal_loss(logits, y)
            dice_loss = soft_dice_loss(logits, y)
            optimizer.zero_grad()
            (focal + dice_loss).backward()
            optimizer.step()
            focal_sum += focal.item()
            dice_loss_sum += dice_loss.item()
        train_seconds = time.time() - epoch_start
        val_dice = validate(model, val)
        mean_dice = float(np.mean(list(val_dice.values())))
        record = {"epoch": epoch + 1, "focal": focal_sum / steps_per_epoch,
                  "dice_loss": dice_loss_sum / steps_per_epoch,
                  "val_dice": val_dice, "val_dice_mean": mean_dice, "seconds": time.time() - epoch_start,
                  "train_seconds": train_seconds}
        history.append(record)
        log.info("epoch %d/%d: focal %.5f, dice loss %.4f, val Dice %.4f (%s), %.0f s", epoch + 1, args.epochs,
                 record["focal"], record["dice_loss"], mean_dice,
                 " ".join(f"{k}={v:.4f}" for k, v in val_dice.items()), record["seconds"])
        if mean_dice > best_dice:
            best_dice = mean_dice
            save_atomically({"model": model.state_dict(), "epoch": epoch + 1, "val_dice": val_dice,
                             "preprocessing": dataclasses.asdict(PREPROCESSING)}, best_path)
        save_atomically({"model": model.state_dict(), "optimizer": optimizer.state_dict(), "epoch": epoch,
                         "generator": generator.get_state(), "torch_rng": torch.get_rng_state(),
                         "history": history, "best_dice": best_dice}, last_path)
        (run_dir / "history.json").write_text(json.dumps(
            {"args": vars(args), "parameters": parameter_count(model), "train_slices": len(plain_images),
             "bank_slices": len(bank_images),
             "train_patients": train_names, "history": history}, indent=1))
    log.info("done: best mean validation Dice %.4f; this session %.0f s", best_dice, time.time() - started)


if __name__ == "__main__":
    main()
