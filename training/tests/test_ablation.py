import unittest

import numpy as np
from scipy import ndimage

from training import ablation


def phantom(size: int = 128):
    """Air around an elliptic body of soft tissue (40 HU) with a liver (110 HU) on the image left and a
    contrast-filled vessel (200 HU) outside it."""
    rows, cols = np.mgrid[0:size, 0:size] / size * 2 - 1
    hu = np.full((size, size), -1000.0)
    hu[(rows / 0.7) ** 2 + (cols / 0.9) ** 2 < 1] = 40.0
    liver = ((rows + 0.1) / 0.35) ** 2 + ((cols + 0.4) / 0.35) ** 2 < 1
    hu[liver] = 110.0
    vessel = (rows / 0.06) ** 2 + ((cols - 0.2) / 0.06) ** 2 < 1
    hu[vessel] = 200.0
    return hu, liver.astype(np.uint8), vessel


class MetalStreaksTest(unittest.TestCase):
    def test_no_metal_leaves_the_slice_as_it_is(self):
        hu, _, _ = phantom()
        out = ablation.metal_streaks(hu, np.zeros_like(hu), 1.5, np.random.default_rng(0), metal_mu=0.5)
        np.testing.assert_allclose(out, hu, atol=1e-9)

    def test_metal_is_stored_clipped_and_streaks_reach_beyond_it(self):
        hu, liver, _ = phantom()
        metal = ablation.segment_coverage(hu.shape, np.array([60.0, 30.0]), np.array([60.0, 45.0]), 1.5)
        out = ablation.metal_streaks(hu, metal, 1.5, np.random.default_rng(0), metal_mu=0.5)
        self.assertAlmostEqual(out[60, 38], ablation.STORED_MAX_HU, delta=400)
        far_from_metal = (metal == 0) & (liver > 0)
        changed = np.abs(out - hu)[far_from_metal]
        self.assertGreater(np.percentile(changed, 99), 30.0, "the needle leaves no streaks in the liver")

    def test_fewer_photons_give_stronger_streaks(self):
        hu, liver, _ = phantom()
        metal = ablation.segment_coverage(hu.shape, np.array([60.0, 30.0]), np.array([60.0, 45.0]), 1.5)
        errors = []
        for photons in (1e7, 1e5):
            out = ablation.metal_streaks(hu, metal, 1.5, np.random.default_rng(1), 0.5, photons=photons)
            errors.append(np.abs(out - hu)[(metal == 0) & (liver > 0)].mean())
        self.assertGreater(errors[1], errors[0])


class ConditionsTest(unittest.TestCase):
    def test_full_range_hu_tells_air_outside_from_fat_inside(self):
        hu = np.full((64, 64), -40.0)
        hu[16:48, 16:48] = 60.0
        hu[30:34, 30:34] = -40.0
        out = ablation.full_range_hu(hu, -40.0)
        self.assertEqual(out[0, 0], ablation.AIR_HU)
        self.assertEqual(out[31, 31], ablation.FAT_HU)
        self.assertEqual(out[20, 20], 60.0)

    def test_arterial_phase_darkens_the_liver_and_brightens_vessels_only(self):
        hu, liver, vessel = phantom()
        out = ablation.arterial_phase(hu, liver, drop_hu=40.0, artery_gain_hu=100.0)
        inner = np.zeros_like(liver, dtype=bool)
        inner[40:60, 30:45] = True
        inner &= liver > 0
        self.assertTrue(inner.any())
        np.testing.assert_allclose(out[inner], hu[inner] - 40.0, atol=1.0)
        np.testing.assert_allclose(out[vessel], hu[vessel] + 100.0)
        untouched = ~vessel & (ndimage.distance_transform_edt(liver == 0) > 6)
        np.testing.assert_allclose(out[untouched], hu[untouched])

    def test_ablation_zone_changes_the_liver_only(self):
        hu, liver, _ = phantom()
        rng = np.random.default_rng(3)
        zone = ablation.AblationZone(centre=np.array([57.0, 38.0]), radii=np.array([12.0, 12.0]), core_hu=30.0,
                                     rim_gain_hu=40.0, rim_voxels=2.0)
        out = ablation.ablation_zone(hu, liver, zone, rng, track_end=np.array([57.0, 0.0]))
        changed = out != hu
        self.assertTrue(changed.any())
        self.assertFalse((changed & (liver == 0)).any())
        self.assertLess(out[57, 38], 80.0)

    def test_cut_field_of_view_spares_the_liver(self):
        hu, liver, _ = phantom()
        _, last = ablation.liver_column_extent(liver)
        out = ablation.cut_field_of_view(hu, last + 5)
        np.testing.assert_array_equal(out[:, :last + 5], hu[:, :last + 5])
        self.assertTrue((out[:, last + 5:] == -1024.0).all())

    def test_correlated_noise_has_the_asked_spread(self):
        noise = ablation.correlated_noise((256, 256), 50.0, np.random.default_rng(4))
        self.assertAlmostEqual(float(noise.std()), 50.0, places=6)
        self.assertLess(abs(float(noise.mean())), 1.0)
        # Neighbours are correlated (FBP texture), unlike white noise at this spread.
        self.assertGreater(abs(np.corrcoef(noise[:, :-1].ravel(), noise[:, 1:].ravel())[0, 1]), 0.05)


class NeedlesTest(unittest.TestCase):
    def test_needles_go_from_the_liver_out_of_the_body_across_the_asked_slices(self):
        slices = 60
        hu2d, liver2d, _ = phantom()
        hu = np.repeat(hu2d[None], slices, axis=0)
        liver = np.repeat(liver2d[None], slices, axis=0)
        liver[:10] = 0
        liver[50:] = 0
        body = ablation.body_mask(hu)
        rng = np.random.default_rng(5)
        needles = ablation.plan_needles(liver, body, (1.0, 1.5, 1.5), 3, (20, 40), rng)
        self.assertEqual(len(needles), 3)
        for needle in needles:
            self.assertTrue(liver[tuple(np.round(needle.tip).astype(int))])
            span = abs(needle.entry[0] - needle.tip[0]) / 1.25
            self.assertGreaterEqual(span, 20 - 1e-9)
            self.assertLessEqual(span, 40 + 1e-9)
        out = ablation.add_needles(hu, needles[:1], 1.5, rng)
        metal_slices = [i for i in range(slices) if (out[i] > 1000).any()]
        self.assertGreaterEqual(len(metal_slices), 20)


if __name__ == "__main__":
    unittest.main()
