"""Which files of which Debian packages are natural photographs, and why.

Every rule here was decided by looking at the images (contact sheets of all candidates);
build_corpus.py applies the rules mechanically, records each taken file with its reason
and each rejected candidate with the rule that rejected it.
"""

MIN_SHORT_SIDE = 256          # zoo renders and benchmark crops are 256 px
MIN_MEAN_CHROMA = 4.0         # mean(max(R,G,B) - min(R,G,B)) on a 256 px thumbnail; below = monochrome

GCOMPRIS = "gcompris-qt-data"
GCOMPRIS_RCC_DIR = "usr/share/gcompris-qt/rcc"
# Activities whose raster resources are photographs (checked by eye: animals, monuments,
# musicians/instruments, everyday objects). lang (word pictures), paintings, details
# (painting crops), renders and artwork activities are not taken.
GCOMPRIS_ACTIVITIES = {
    "categorization": "gcompris categorization activity: photos of objects, animals, monuments",
    "erase": "gcompris erase activity: wildlife photos",
    "explore_farm_animals": "gcompris explore_farm_animals: farm animal photos",
    "explore_monuments": "gcompris explore_monuments: monument/landscape photos",
    "explore_world_animals": "gcompris explore_world_animals: wildlife photos",
    "explore_world_music": "gcompris explore_world_music: photos of musicians and instruments",
}
RASTER_EXT = (".webp", ".jpg", ".jpeg", ".png")

# Explicit allow-lists for the other packages: path in package -> reason.
OPENCV = "usr/share/doc/opencv-doc/examples/data/"
_cv_photo = "opencv sample photograph"
_cv_pair = "opencv sample photograph; first view of a stereo/sequence pair (second view left out so content stays in one group)"
SKIMAGE = "usr/lib/python3/dist-packages/skimage/data/"
MATE = "usr/share/backgrounds/mate/nature/"
LOMIRI = "usr/share/backgrounds/"
PLASMA = "usr/share/wallpapers/"

EXPLICIT = {
    "opencv-doc": {
        OPENCV + f: r for f, r in {
            "aero1.jpg": _cv_pair, "aloeL.jpg": _cv_pair, "apple.jpg": _cv_photo, "baboon.jpg": _cv_photo,
            "board.jpg": _cv_photo, "building.jpg": _cv_photo, "butterfly.jpg": _cv_photo,
            "chicky_512.png": _cv_photo, "ela_original.jpg": _cv_pair, "fruits.jpg": _cv_photo,
            "graf1.png": _cv_pair, "home.jpg": _cv_photo, "left.jpg": _cv_pair, "leuvenA.jpg": _cv_pair,
            "messi5.jpg": _cv_photo, "orange.jpg": _cv_photo, "pca_test1.jpg": _cv_photo,
            "rubberwhale1.png": _cv_pair, "smarties.png": _cv_photo, "squirrel_cls.jpg": _cv_photo,
            "stuff.jpg": _cv_photo, "sudoku.png": _cv_photo,
        }.items()
    },
    "python3-skimage": {
        SKIMAGE + f: "scikit-image sample photograph" for f in
        ("astronaut.png", "chelsea.png", "coffee.png", "motorcycle_left.png", "rocket.jpg")
    },
    "mate-backgrounds": {
        MATE + f: "MATE nature wallpaper (photograph)" for f in
        ("Aqua.jpg", "Blinds.jpg", "Dune.jpg", "FreshFlower.jpg", "Garden.jpg", "GreenMeadow.jpg",
         "LadyBird.jpg", "RainDrops.jpg", "Storm.jpg", "TwoWings.jpg", "Wood.jpg", "YellowFlower.jpg")
    },
    "lomiri-wallpapers-16.04": {
        LOMIRI + f: "Lomiri 16.04 wallpaper (photograph)" for f in
        ("Bridge_by_Sander_Klootwijk.jpg", "Dragonfly_by_Bolly.jpg", "Picture_0B_by_freespace.jpg",
         "Picture_1A_by_freespace.jpg", "Wine_by_Jakkub_Mede.jpg", "aitzgorri_by_Aitzol_Berasategi.jpg",
         "analogpattern_by_Peter_Nerlich.jpg", "free_by_Peter_Nerlich.jpg", "friends_by_Aitzol_Berasategi.jpg",
         "greentock_by_Peter_Nerlich.jpg", "life_by_Aitzol_Berasategi.jpg",
         "picosdeeuropa_by_Aitzol_Berasategi.jpg", "seeding_by_Clements_Engelhardt.jpg",
         "sunset_by_Aitzol_Berasategi.jpg")
    },
    "lomiri-wallpapers-20.04": {
        LOMIRI + "Kleiber_by_Lukas_Baubkus.jpg": "Lomiri 20.04 wallpaper (photograph)",
    },
}

# Plasma wallpapers: one directory per wallpaper with several sizes; the largest image of
# contents/images/ is taken for these (the others are renders or artwork).
PLASMA_PHOTOS = ("BytheWater", "ColdRipple", "ColorfulCups", "EveningGlow", "FallenLeaf", "Kite",
                 "OneStandsOut", "Path", "summer_1am")

# Documented reasons for candidates looked at and left out (reported in the manifest).
NOT_PHOTOS = {
    "opencv-doc": "render, synthetic test pattern, drawing, painting (starry_night), scanned text, synthetically "
                  "degraded (text_*, licenseplate_motion), manipulated (ela_modified), second view of a pair, "
                  "or greyscale",
    "python3-skimage": "greyscale, synthetic, drawing, or scientific imaging (hubble_deep_field, retina, ihc)",
    "mate-backgrounds": "abstract/ and desktop/ are artwork",
    "lomiri-wallpapers-16.04": "umang is an abstract gradient",
    "lomiri-wallpapers-20.04": "Fossa, Infinite-Sea and Painting-Colors are artwork/composites",
    "plasma-workspace-wallpapers": "the other 21 wallpapers are renders or artwork (Grey is greyscale)",
}

PACKAGES = [GCOMPRIS, "opencv-doc", "python3-skimage", "mate-backgrounds", "plasma-workspace-wallpapers",
            "lomiri-wallpapers-16.04", "lomiri-wallpapers-20.04"]
