#!/usr/bin/python3
"""Write native-models/docs/trained-zoo.md (numbers per trained generator, from the fragment)
and native-models/docs/trained-zoo-renders.png (one group-B photo crop, then each generator's
onnxruntime render of it, as recorded by train_zoo.py in native-models/.work/zoo/run).

    /usr/bin/python3 native-models/python/zoo/report.py
"""
import json
import os
import sys

import numpy as np
from PIL import Image, ImageDraw

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import colour_stats as C  # noqa: E402
import train_zoo as Z  # noqa: E402

DOCS = os.path.join(Z.NM, "docs")


def renders_png(entries, path, tile=128):
    tiles, labels = [], []
    for e in entries:
        p = os.path.join(Z.RUN, f"{e['id']}.onnx-render.png")
        if not os.path.exists(p):
            continue
        a = np.asarray(Image.open(p).convert("RGB"))
        if not tiles:
            tiles.append(a[:, :tile])
            labels.append("photo (group B)")
        tiles.append(a[:, tile:2 * tile])
        labels.append(e["id"].replace("zoo-", ""))
    if not tiles:
        return False
    cols = 6
    rows = (len(tiles) + cols - 1) // cols
    sheet = Image.new("RGB", (cols * tile, rows * (tile + 14)), "white")
    d = ImageDraw.Draw(sheet)
    for i, (t, lab) in enumerate(zip(tiles, labels)):
        x, y = (i % cols) * tile, (i // cols) * (tile + 14)
        d.text((x + 2, y + 1), lab, fill="black")
        sheet.paste(Image.fromarray(t), (x, y + 14))
    sheet.save(path, optimize=True)
    return True


VAE_COLOUR_NOTES = [
    "## vae-ldm: why the first VAEs rendered sepia, and the fix",
    "",
    "The first vae-ldm seeds (L1 on RGB + 1e-4 KL, 311/378 steps in 120 CPU-s) rendered a tinted greyscale. "
    "Measured (colour_stats.py, group B): chroma MAE 11.07/11.29 levels, i.e. exactly the error of a constant "
    "mean chroma (11.17; chroma skill 0.009/-0.01), luma MAE 14.6; the plain autoencoders have chroma skill ~0.54.",
    "",
    "- The latent carried no colour: a linear probe from the 4-channel latent to the 8x8 block mean of Y/Cb/Cr "
    "gives R^2 0.91 / 0.03 / 0.05 (seed 1); chroma is linearly decodable after the first encoder conv (R^2 0.99) "
    "and is dropped layer by layer (0.26 before the encoder's last GroupNorm, 0.04 in the latent).",
    "- Not a capacity limit: in a PCA of 8x8 group-A blocks the block-mean chroma components are PC2 and PC3 "
    "(20.7 % and 4.8 % of the variance, luma detail PC4+ 2 % or less), so a 4-channel code at 1/8 has room for "
    "colour.",
    "- Every renderer here learns luma first and colour late: ae-nearest after 143 steps has chroma skill -0.007 "
    "too (0.54 after its full ~580 steps). With L1 on RGB, wherever the luma error exceeds the chroma error the "
    "R, G, B error signs agree and the gradient has no chroma component; the VAE's luma error stays high (1/8 "
    "bottleneck), so its colour phase never started within the budget.",
    "- 60 CPU-s probes (~135-153 steps) that did not bring colour (chroma MAE 11.1-11.2): the old recipe, + 2 x "
    "chroma L1, no encoder GroupNorm before the latent, zero-initialised residual convs. A chroma-only loss gave "
    "chroma skill 0.38 within 80 steps: the network can carry colour; the loss balance starved it. Full runs "
    "(with the opponent input below): 2 x chroma L1 still had chroma skill 0.03 at step 350 (L1 0.21); 5 x "
    "chroma L1 had colour from step ~75 (skill 0.31, 0.47 at step 300) but its L1 stalled at ~0.36; both were "
    "stopped.",
    "- Fix (architectures.py, train_one.py, train_zoo.py): loss = L1 on RGB + w x mean L1 of the chroma "
    "(BT.601 Cb, Cr) of render - photo + 1e-4 KL, with w = 5 at the start (breaks the luma-first plateau) "
    "falling linearly to 2 at 40 % of the run (gives the capacity back to luma detail); a fixed opponent-colour "
    "1x1 input transform (Y, 3 Cb, 3 Cr) so the encoder's first features see chroma with the spread of luma "
    "(probe: chroma skill 0.14 vs 0.0 with RGB input at 150 steps); residual blocks' second conv "
    "zero-initialised (no measurable effect in the probe; as zero_module in the ADM/LDM UNets); budget 420 "
    "CPU-s / 1300 s wall per seed (was 120 / 330). Still a 4-channel latent at 1/8, GroupNorm(8)/SiLU, no "
    "adversarial term. The trainer now logs the chroma skill on one group-B batch with every loss line.",
    "",
    "Final figures of the retrained seeds (from trained-generators.json; before: eval L1 group A 0.215/0.209, "
    "group B 0.165/0.165, chroma skill 0.009/-0.01):",
]


def colour_rows(entries):
    """Colour figures on group B for every entry whose checkpoint is in the run dir (measured now)."""
    ckpts = [e["id"] for e in entries if os.path.exists(os.path.join(Z.RUN, f"{e['id']}.pt"))]
    if not ckpts:
        return []
    batches = C.eval_batches("B")
    rows = ["| id | eval L1 group B | luma MAE (/255) | chroma MAE (/255) | chroma skill | saturation ratio |",
            "|---|---|---|---|---|---|"]
    for gid in ckpts:
        r = C.colour_report(C.load(Z.RUN, gid), batches)
        rows.append(f"| {gid} | {r['l1B']:.4f} | {r['l1Y']:.2f} | {r['l1C']:.2f} | {r['chromaSkill']:.3f} | {r['satRatio']:.3f} |")
    return rows


def main():
    with open(os.path.join(Z.ZOO, Z.FRAGMENT)) as f:
        entries = json.load(f)
    os.makedirs(DOCS, exist_ok=True)
    has_png = renders_png(entries, os.path.join(DOCS, "trained-zoo-renders.png"))
    total = sum(e["bytes"] for e in entries)
    lines = [
        "# Trained generator zoo",
        "",
        "Built by `/usr/bin/python3 native-models/python/zoo/train_zoo.py` (part of `npm run models:build`);",
        "numbers below are copied from `native-models/zoo/trained-generators.json` by",
        "`native-models/python/zoo/report.py`. Training: corpus group A, random 64x64 crops, batch 16, Adam,",
        "one CPU thread on a 2-core machine shared with other jobs (so steps per second vary between runs);",
        "each model stops at a wall-time budget. Final loss = mean L1 in [-1, 1] pixel space, eval mode, 8",
        "fixed batches of group-A crops. Photo MAE = mean absolute error (8-bit levels) of the onnxruntime",
        "render of a 128x128 group-B crop (unseen content).",
        "",
        "| id | family | parameters | steps | train CPU (s) | train wall time (s) | final loss (L1) | photo MAE (/255) | ONNX bytes | weights |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for e in entries:
        t, v = e["training"], e["verification"]
        lines.append(f"| {e['id']} | {e['family']} | {e['parameters']:,} | {t['steps']} | {t.get('cpuSeconds', '')} | "
                     f"{t['wallTimeSeconds']} | "
                     f"{t['finalLoss']:.4f} | {v['photoMeanAbsErr8bit']:.2f} | {e['bytes']:,} | "
                     f"{'fp16' if e['weightStorage'].startswith('float16') else 'fp32'} |")
    lines += ["", f"{len(entries)} networks, {total / 1e6:.2f} MB of ONNX in total.", ""]
    if has_png:
        lines += ["![renders](trained-zoo-renders.png)", "",
                  "`trained-zoo-renders.png`: the same group-B crop rendered by every trained generator "
                  "(onnxruntime-node, clipped and rounded to 8 bits).", ""]
    colour = colour_rows(entries)
    if colour:
        lines += ["## Colour on unseen content", "",
                  "Measured by `report.py` with `colour_stats.py` from the checkpoints in native-models/.work/zoo/run "
                  "(PyTorch, eval mode) on 8 fixed batches of 16 group-B crops 64x64 (seed 12345). Luma / chroma MAE: "
                  "mean absolute error in 8-bit levels of BT.601 Y and of Cb, Cr. Chroma skill = 1 - chroma MAE / "
                  "chroma MAE of a render whose chroma is the constant mean chroma of the batch (11.17 levels): 0 = "
                  "no colour information at all (a tinted greyscale), 1 = exact colour. Saturation ratio = mean "
                  "chroma magnitude of the renders / of the photos.", ""] + colour + [""]
    lines += VAE_COLOUR_NOTES + [""]
    for e in entries:
        if e["architectureId"] == "vae-ldm" and "evalL1GroupB" in e["training"]:
            t = e["training"]
            c = t["colourGroupB"]
            lines.append(f"- {e['id']}: {t['steps']} steps, {t['cpuSeconds']} CPU-s, {t['wallTimeSeconds']} s wall; "
                         f"final loss {t['finalLoss']:.4f} (group A), eval L1 group B {t['evalL1GroupB']:.4f}; chroma "
                         f"skill {c['chromaSkill']}, chroma MAE {c['l1C']}, luma MAE {c['l1Y']}, saturation ratio "
                         f"{c['satRatio']}")
    lines += ["", "## Known limitations", "",
              "- The plain autoencoders and the GAN are somewhat desaturated too: chroma skill 0.54-0.59 (GAN 0.37) "
              "and saturation ratio 0.86-0.95 on group B; strongly saturated colours suffer most (the green leaf of "
              "RainDrops.jpg renders olive in the contact sheet). They were not retrained.",
              "- The retrained vae-ldm renders are in colour but soft (1/8 latent, ~850-1300 CPU steps): eval L1 "
              "group B 0.116-0.129 vs 0.083-0.088 for the plain autoencoders; seed 1 (fewer steps) keeps less "
              "saturation (ratio 0.87: the green leaf is greyish) than seed 2 (0.94).",
              "- Steps differ between seeds of one architecture: each run stops on a CPU-time or wall-time budget "
              "on a machine shared with other jobs.", ""]
    lines += ["## Architectures", ""]
    seen = set()
    for e in entries:
        if e["architectureId"] not in seen:
            seen.add(e["architectureId"])
            lines.append(f"- **{e['architectureId']}** ({e['family']}): {e['architecture']}")
    lines.append("")
    with open(os.path.join(DOCS, "trained-zoo.md"), "w") as f:
        f.write("\n".join(lines))
    print(f"wrote {os.path.relpath(os.path.join(DOCS, 'trained-zoo.md'))}")


if __name__ == "__main__":
    main()
