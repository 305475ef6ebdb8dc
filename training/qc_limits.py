"""The limits of the node's plausibility checks of this model's results, written into the manifest at export.

Each limit says why it lies where it does: anatomy for what a liver is, and this model's behaviour, measured on
the training and validation data only, for how sure it is. The node (package org.livernode.qc) reads them.
"""


def limit(value: float, why: str) -> dict:
    return {"value": value, "why": why}


QC_LIMITS = {
    "noLiverBelowMl": limit(
        50, "less than a kidney's volume: whatever the model marked, the scanned range holds no liver (a chest or "
            "pelvis slab)"),
    "smallLiverBelowMl": limit(
        450, "adult livers scanned whole measure 1,000-2,500 mL; a remnant after major resection about a third "
             "of that; below it the model missed most of the liver"),
    "largeLiverAboveMl": limit(
        4000, "beyond marked hepatomegaly: above it the model has taken spleen, stomach or bowel with the liver"),
    "cutAreaAboveMm2": limit(
        500, "a liver's dome and tip are smaller than 5 cm^2 on an axial slice; more on the first or last slice "
             "means the liver goes on beyond the scanned range"),
    "cutBorderAboveMm": limit(
        10, "mask along more than 1 cm of the image's outermost rows or columns: the reconstruction's field of "
            "view cuts the liver"),
    "rightShareBelow": limit(
        0.70, "most of a liver lies on the patient's right of the body's midline, only the left lobe crosses "
              "it; less means a series stored mirrored (the model then takes other organs), situs inversus, or "
              "another organ taken for the liver"),
    "removedShareAbove": limit(
        0.10, "keeping the largest component removes specks, a few per cent at most on the validation data; "
              "more means the model found liver-like tissue elsewhere"),
    "uncertainProbabilityBelow": limit(
        0.8, "the model is sure of the liver's interior (probabilities above 0.95) and of its background; a "
             "voxel between the threshold 0.5 and 0.8 is a coin it tossed"),
    "uncertainShareAbove": limit(
        0.15, "on the validation data the uncertain voxels are the boundary, under a tenth of the mask; more "
              "means the model does not know what it is looking at"),
    "meanHuBelow": limit(
        -30, "liver tissue lies at 40-70 HU unenhanced and 80-140 HU in the portal phase; severe steatosis "
             "brings it near 0 HU; below -30 HU the mask holds fat or air"),
    "meanHuAbove": limit(
        200, "even in the arterial phase with many vessels the liver's mean stays below 200 HU; above it the "
             "mask holds bone, contrast-filled vessels or metal"),
    "huSpreadAbove": limit(
        100, "a liver's CT values spread 20-50 HU (vessels, tumours, ablation zones, noise of a low dose); more "
             "means a mask over several tissues"),
    "areaJumpAbove": limit(
        0.5, "a liver's cross-section changes smoothly: between slices up to 5 mm apart by less than half its "
             "largest area"),
}
