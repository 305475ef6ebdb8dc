"""The liver segmentation network: a compact CNN encoder with the paper's U-Net-style upsampling path.

The paper (Fogarollo et al., IJCARS 2023) distils a frozen ViT-S/16 into a student of about 2.5e5
parameters whose decoder upsamples through 70, 40, 20, 10, 5 channels and predicts with a 3x3 kernel and
a sigmoid. ViT weights cannot be obtained here, so a small convolutional encoder trained from scratch
takes the ViT's place; its 1/16 bottleneck matches the ViT-S/16 token grid (14x14 for a 224x224 input).

Model 2.0 works at half the input resolution from its first convolution (stride 2). Its head predicts
the four full-resolution logits of each half-resolution pixel, rearranged by a pixel shuffle (ONNX
DepthToSpace): the boundary is learnt at the input's resolution without a convolution there. Full-resolution convolutions
cost as much as all the others together on a CPU (model 1.0.0: 8.2 ms per slice on two cores, this one
2.8 ms), and a liver's boundary is smooth at 2 pixels of 224.
"""
import torch
from torch import nn

from training.preprocess import PreprocessingParams

ENCODER_CHANNELS = (16, 32, 48, 80)     # at 1/2, 1/4, 1/8, 1/16 of the input size
DECODER_CHANNELS = (56, 32, 16, 8)      # at 1/16, 1/8, 1/4, 1/2 (paper: 70, 40, 20, 10, 5 from 1/16 to 1)
DROPOUT = 0.3                           # paper: dropout 0.3


def conv_bn_relu(in_channels: int, out_channels: int, stride: int = 1) -> nn.Sequential:
    return nn.Sequential(
        nn.Conv2d(in_channels, out_channels, 3, stride=stride, padding=1, bias=False),
        nn.BatchNorm2d(out_channels),
        nn.ReLU(inplace=True),
    )


class LiverNet(nn.Module):
    """[B, in_channels, H, W] (H, W multiples of 16) -> liver probability [B, 1, H, W]."""

    def __init__(self, in_channels: int = 1):
        super().__init__()
        stages = []
        previous = in_channels
        for channels in ENCODER_CHANNELS:
            stages.append(nn.Sequential(conv_bn_relu(previous, channels, stride=2), conv_bn_relu(channels, channels)))
            previous = channels
        self.encoder = nn.ModuleList(stages)
        self.dropout = nn.Dropout2d(DROPOUT)
        self.bottleneck = conv_bn_relu(ENCODER_CHANNELS[-1], DECODER_CHANNELS[0])
        self.upsample = nn.Upsample(scale_factor=2, mode="bilinear", align_corners=False)
        skips = ENCODER_CHANNELS[-2::-1]
        self.decoder = nn.ModuleList(
            conv_bn_relu(up + skip, out)
            for up, skip, out in zip(DECODER_CHANNELS[:-1], skips, DECODER_CHANNELS[1:]))
        self.head = nn.Sequential(nn.Conv2d(DECODER_CHANNELS[-1], 4, 3, padding=1), nn.PixelShuffle(2))

    def forward_logits(self, x: torch.Tensor) -> torch.Tensor:
        features = []
        for stage in self.encoder:
            x = stage(x)
            features.append(x)
        x = self.bottleneck(self.dropout(features[-1]))
        for block, skip in zip(self.decoder, reversed(features[:-1])):
            x = block(torch.cat([self.upsample(x), skip], dim=1))
        return self.head(x)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.sigmoid(self.forward_logits(x))


def parameter_count(model: nn.Module) -> int:
    return sum(p.numel() for p in model.parameters())


# The model's input contract, written into the manifest at export. A fixed window, no scan statistics:
# the LiTS "scans" are slice subsets, so per-scan percentiles or standardisation in training would not
# match those of a whole series at inference; a fixed HU window makes every slice independent of the rest.
PREPROCESSING = PreprocessingParams(hu_window=(-40.0, 160.0), percentiles=None, standardize=False)
