"""Batched training augmentation on pre-processed slices (model-input units), after the paper's Table A1.

Paper: elastic deformation (sigma 3.5, 8 control points), Gaussian noise (p 0.6, sigma 0.15), blur
(p 0.6, sigma 0.7), gamma (p 0.6), dropout (p 0.2). Added here: a random similarity transform (zoom,
rotation, shift), because the test scans' field of view differs from LiTS's and the liver's apparent
size at 224x224 varies with it. No flips: the model relies on the radiological orientation.
"""
import math

import torch
import torch.nn.functional as F

ELASTIC_P, ELASTIC_SIGMA_PX, ELASTIC_POINTS = 0.5, 3.5, 8
AFFINE_P, ZOOM_RANGE, MAX_ROTATION_DEG, MAX_SHIFT = 0.8, (0.8, 1.35), 10.0, 0.08
GAMMA_P, MAX_LOG_GAMMA = 0.6, 0.3
BLUR_P, MAX_BLUR_SIGMA = 0.6, 0.7
NOISE_P, MAX_NOISE_SIGMA = 0.6, 0.15
DROPOUT_P, DROPOUT_MAX_BOXES, DROPOUT_BOX_PX = 0.2, 4, (8, 40)


def _chance(p: float, batch: int, generator: torch.Generator) -> torch.Tensor:
    return torch.rand(batch, generator=generator) < p


def _uniform(low: float, high: float, batch: int, generator: torch.Generator) -> torch.Tensor:
    return low + (high - low) * torch.rand(batch, generator=generator)


def spatial(images: torch.Tensor, masks: torch.Tensor, generator: torch.Generator):
    """Random similarity transform plus elastic deformation, one sampling grid for image and mask."""
    batch, _, height, width = images.shape
    zoom = torch.exp(_uniform(math.log(ZOOM_RANGE[0]), math.log(ZOOM_RANGE[1]), batch, generator))
    angle = _uniform(-MAX_ROTATION_DEG, MAX_ROTATION_DEG, batch, generator) * math.pi / 180
    shift = _uniform(-MAX_SHIFT, MAX_SHIFT, 2 * batch, generator).view(batch, 2)
    use_affine = _chance(AFFINE_P, batch, generator)
    zoom = torch.where(use_affine, zoom, torch.ones_like(zoom))
    angle = torch.where(use_affine, angle, torch.zeros_like(angle))
    shift = shift * use_affine[:, None]
    # affine_grid maps output to input coordinates: zooming in means sampling a smaller input region.
    theta = torch.zeros(batch, 2, 3)
    theta[:, 0, 0] = torch.cos(angle) / zoom
    theta[:, 0, 1] = -torch.sin(angle) / zoom
    theta[:, 1, 0] = torch.sin(angle) / zoom
    theta[:, 1, 1] = torch.cos(angle) / zoom
    theta[:, :, 2] = shift
    grid = F.affine_grid(theta, [batch, 1, height, width], align_corners=False)

    # Elastic: displacements of a coarse control grid (std in pixels), smoothly interpolated.
    use_elastic = _chance(ELASTIC_P, batch, generator).float()[:, None, None, None]
    control = torch.randn(batch, 2, ELASTIC_POINTS, ELASTIC_POINTS, generator=generator) * ELASTIC_SIGMA_PX
    displacement = F.interpolate(control, size=(height, width), mode="bicubic", align_corners=True)
    displacement = displacement * use_elastic
    pixel_to_grid = torch.tensor([2.0 / width, 2.0 / height]).view(1, 2, 1, 1)
    grid = grid + (displacement * pixel_to_grid).permute(0, 2, 3, 1)

    images = F.grid_sample(images, grid, mode="bilinear", padding_mode="border", align_corners=False)
    masks = F.grid_sample(masks, grid, mode="bilinear", padding_mode="zeros", align_corners=False)
    return images, (masks >= 0.5).float()


def gamma(images: torch.Tensor, generator: torch.Generator) -> torch.Tensor:
    """x ** gamma on each slice's own [min, max] range, which is mapped back afterwards."""
    batch = images.shape[0]
    log_gamma = _uniform(-MAX_LOG_GAMMA, MAX_LOG_GAMMA, batch, generator)
    log_gamma = log_gamma * _chance(GAMMA_P, batch, generator)
    low = images.amin(dim=(1, 2, 3), keepdim=True)
    span = (images.amax(dim=(1, 2, 3), keepdim=True) - low).clamp_min(1e-6)
    unit = ((images - low) / span).clamp(0, 1)
    return low + span * unit.pow(torch.exp(log_gamma).view(batch, 1, 1, 1))


def blur(images: torch.Tensor, generator: torch.Generator) -> torch.Tensor:
    """Gaussian blur, sigma uniform in (0, MAX_BLUR_SIGMA] pixels, separable 5-tap kernel per slice."""
    batch, channels = images.shape[:2]
    sigma = _uniform(0.05, MAX_BLUR_SIGMA, batch, generator)
    chosen = _chance(BLUR_P, batch, generator)
    taps = torch.arange(-2, 3, dtype=images.dtype)
    kernels = torch.exp(-0.5 * (taps[None, :] / sigma[:, None]) ** 2)
    kernels = kernels / kernels.sum(dim=1, keepdim=True)
    out = images.clone()
    for i in torch.nonzero(chosen).flatten().tolist():
        k = kernels[i]
        x = F.pad(images[i:i + 1], (2, 2, 2, 2), mode="replicate")
        x = F.conv2d(x, k.view(1, 1, 1, 5).repeat(channels, 1, 1, 1), groups=channels)
        out[i:i + 1] = F.conv2d(x, k.view(1, 1, 5, 1).repeat(channels, 1, 1, 1), groups=channels)
    return out


def noise(images: torch.Tensor, generator: torch.Generator) -> torch.Tensor:
    batch = images.shape[0]
    sigma = _uniform(0.0, MAX_NOISE_SIGMA, batch, generator) * _chance(NOISE_P, batch, generator)
    return images + sigma.view(batch, 1, 1, 1) * torch.randn(images.shape, generator=generator)


def coarse_dropout(images: torch.Tensor, generator: torch.Generator) -> torch.Tensor:
    """Blank out a few rectangles with the slice's minimum (air), as occluders and artefacts do."""
    batch, _, height, width = images.shape
    out = images.clone()
    for i in torch.nonzero(_chance(DROPOUT_P, batch, generator)).flatten().tolist():
        fill = images[i].min()
        boxes = int(torch.randint(1, DROPOUT_MAX_BOXES + 1, (1,), generator=generator))
        for _ in range(boxes):
            h, w = torch.randint(DROPOUT_BOX_PX[0], DROPOUT_BOX_PX[1] + 1, (2,), generator=generator).tolist()
            top = int(torch.randint(0, height - h + 1, (1,), generator=generator))
            left = int(torch.randint(0, width - w + 1, (1,), generator=generator))
            out[i, :, top:top + h, left:left + w] = fill
    return out


def augment(images: torch.Tensor, masks: torch.Tensor, generator: torch.Generator):
    """images [B, C, H, W] float, masks [B, 1, H, W] float 0/1 -> augmented copies."""
    images, masks = spatial(images, masks, generator)
    images = gamma(images, generator)
    images = blur(images, generator)
    images = noise(images, generator)
    images = coarse_dropout(images, generator)
    return images, masks
