"""The reference pre-processing against PyTorch and against the contract's edge cases.

Run: /usr/bin/python3 -m unittest discover -s training/tests -t .
"""
import unittest

import numpy as np
import torch
import torch.nn.functional as F

from training.preprocess import PreprocessingParams, preprocess_scan, resize_bilinear


class ResizeTest(unittest.TestCase):
    def test_matches_pytorch_bilinear_when_shrinking_and_enlarging(self):
        rng = np.random.default_rng(0)
        for shape in [(40, 48), (512, 512), (250, 300), (224, 224), (7, 500)]:
            slices = rng.normal(size=(2,) + shape)
            expected = F.interpolate(torch.from_numpy(slices)[:, None], size=(224, 224), mode="bilinear",
                                     align_corners=False)[:, 0].numpy()
            np.testing.assert_allclose(resize_bilinear(slices, 224, 224), expected, rtol=0, atol=1e-12)


class PreprocessTest(unittest.TestCase):
    def setUp(self):
        self.hu = np.random.default_rng(1).integers(-1000, 1500, size=(3, 40, 48)).astype(np.int16)

    def test_window_only_maps_window_to_unit_range(self):
        params = PreprocessingParams(hu_window=(-40.0, 160.0), percentiles=None, standardize=False, channels=3)
        x = preprocess_scan(self.hu, params)
        self.assertEqual(x.shape, (3, 3, 224, 224))
        self.assertEqual(x.dtype, np.float32)
        self.assertGreaterEqual(x.min(), 0.0)
        self.assertLessEqual(x.max(), 1.0)
        np.testing.assert_array_equal(x[:, 0], x[:, 2])

    def test_percentiles_and_standardize(self):
        params = PreprocessingParams(hu_window=(-40.0, 160.0), percentiles=(2.0, 98.0), standardize=True)
        x = preprocess_scan(self.hu, params).astype(np.float64)
        self.assertAlmostEqual(x.mean(), 0.0, places=5)
        self.assertAlmostEqual(x.std(), 1.0, places=5)

    def test_constant_scan_falls_back_to_window_and_only_centres(self):
        params = PreprocessingParams(hu_window=(-40.0, 160.0), percentiles=(2.0, 98.0), standardize=True)
        x = preprocess_scan(np.full((2, 10, 10), 60, dtype=np.int16), params)
        np.testing.assert_array_equal(x, np.zeros_like(x))
        window_only = PreprocessingParams(hu_window=(-40.0, 160.0), percentiles=(2.0, 98.0), standardize=False)
        np.testing.assert_allclose(preprocess_scan(np.full((1, 10, 10), 60, dtype=np.int16), window_only), 0.5)


if __name__ == "__main__":
    unittest.main()
