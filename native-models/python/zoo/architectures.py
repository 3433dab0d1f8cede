"""The trained generator zoo: image-to-image renderers (encoder -> latent -> decoder).

All are fully convolutional (latent at 1/4 resolution for the GAN and the plain autoencoders,
at 1/8 with 4 channels for the VAE, as in latent diffusion), so they render any H, W that
are multiples of 8. Inside the networks pixels are in [-1, 1]; the exported ONNX wraps them
with x*2-1 on the way in and (y+1)/2 on the way out (ONNX input and output in [0, 1]).

Decoders differ in the one thing that leaves architecture fingerprints: how they upsample.
  gan-tconv      DCGAN-like: ConvTranspose2d(k4, s2) + BatchNorm + ReLU, trained with L1 + a
                 small PatchGAN adversarial term
  ae-nearest     nearest-neighbour upsample + 3x3 conv + ReLU
  ae-bilinear    bilinear upsample (half-pixel centres) + 3x3 conv + ReLU
  ae-pixelshuffle 3x3 conv to 4C channels + PixelShuffle(2) (sub-pixel convolution) + ReLU
  vae-ldm        latent-diffusion-style KL autoencoder: 4-channel latent at 1/8, GroupNorm/SiLU
                 residual blocks, nearest upsample + conv, KL term
"""
import torch
import torch.nn as nn
import torch.nn.functional as F

LATENT_FACTOR = 8              # render sizes must be multiples of 8 (the VAE's latent is at 1/8)
PLAIN_LATENT_FACTOR = 4        # GAN and plain autoencoders: latent at 1/4
WIDTHS = (24, 48, 64)          # channels at 1, 1/2, 1/4 resolution
PIXELSHUFFLE_WIDTHS = (24, 40, 56)   # sub-pixel convs carry 4x output channels: narrower
LATENT_CHANNELS = 16           # plain autoencoders / GAN
VAE_WIDTHS = (16, 32, 48, 64)  # channels at 1, 1/2, 1/4, 1/8 resolution
VAE_LATENT_CHANNELS = 4        # as in latent diffusion
LOGVAR_INIT = -6.0
ZERO_INIT_RESIDUAL = True


def conv3(cin, cout, stride=1):
    return nn.Conv2d(cin, cout, 3, stride, 1)


class PlainEncoder(nn.Module):
    """3x3 conv, then two stride-2 3x3 convs to 1/4, then a 3x3 conv to the latent."""

    def __init__(self, act, latent=LATENT_CHANNELS, widths=WIDTHS):
        super().__init__()
        w = widths
        self.net = nn.Sequential(conv3(3, w[0]), act(), conv3(w[0], w[1], 2), act(), conv3(w[1], w[2], 2), act(),
                                 conv3(w[2], latent))

    def forward(self, x):
        return self.net(x)


class UpStage(nn.Module):
    def __init__(self, kind, cin, cout):
        super().__init__()
        self.kind = kind
        if kind == "tconv":
            self.body = nn.Sequential(nn.ConvTranspose2d(cin, cout, 4, 2, 1), nn.BatchNorm2d(cout), nn.ReLU())
        elif kind == "pixelshuffle":
            self.body = nn.Sequential(conv3(cin, 4 * cout), nn.PixelShuffle(2), nn.ReLU())
        elif kind in ("nearest", "bilinear"):
            self.body = nn.Sequential(conv3(cin, cout), nn.ReLU())
        else:
            raise ValueError(kind)

    def forward(self, x):
        if self.kind == "nearest":
            x = F.interpolate(x, scale_factor=2, mode="nearest")
        elif self.kind == "bilinear":
            x = F.interpolate(x, scale_factor=2, mode="bilinear", align_corners=False)
        return self.body(x)


class PlainDecoder(nn.Module):
    def __init__(self, kind, latent=LATENT_CHANNELS, widths=WIDTHS):
        super().__init__()
        w = widths
        norm = (lambda c: nn.BatchNorm2d(c)) if kind == "tconv" else (lambda c: nn.Identity())
        self.inp = nn.Sequential(conv3(latent, w[2]), norm(w[2]), nn.ReLU(), conv3(w[2], w[2]), norm(w[2]), nn.ReLU())
        self.up = nn.Sequential(UpStage(kind, w[2], w[1]), UpStage(kind, w[1], w[0]))
        self.out = nn.Sequential(conv3(w[0], 3), nn.Tanh())

    def forward(self, z):
        return self.out(self.up(self.inp(z)))


class Renderer(nn.Module):
    """encoder -> latent -> decoder, [-1, 1] -> [-1, 1]."""

    def __init__(self, kind, widths=WIDTHS):
        super().__init__()
        act = (lambda: nn.LeakyReLU(0.2)) if kind == "tconv" else nn.ReLU
        self.encoder = PlainEncoder(act, widths=widths)
        self.decoder = PlainDecoder(kind, widths=widths)

    def forward(self, x):
        return self.decoder(self.encoder(x))

    def losses(self, x):
        y = self(x)
        return y, {}


# ----------------------------------------------------------------------------- VAE (LDM-style)
def gn(c):
    return nn.GroupNorm(8, c, eps=1e-6)


class ResBlock(nn.Module):
    """GroupNorm/SiLU/conv x2 + skip. The second conv starts at zero (zero_module of the ADM/LDM
    UNets): the block starts as its skip path, so the untrained VAE is a linear, PCA-like coder."""

    def __init__(self, cin, cout):
        super().__init__()
        self.n1, self.c1 = gn(cin), conv3(cin, cout)
        self.n2, self.c2 = gn(cout), conv3(cout, cout)
        self.skip = nn.Conv2d(cin, cout, 1) if cin != cout else nn.Identity()
        if ZERO_INIT_RESIDUAL:
            nn.init.zeros_(self.c2.weight)
            nn.init.zeros_(self.c2.bias)

    def forward(self, x):
        h = self.c1(F.silu(self.n1(x)))
        h = self.c2(F.silu(self.n2(h)))
        return self.skip(x) + h


class VaeEncoder(nn.Module):
    def __init__(self, widths=VAE_WIDTHS, zc=VAE_LATENT_CHANNELS):
        super().__init__()
        w = widths
        self.net = nn.Sequential(
            conv3(3, w[0]), conv3(w[0], w[0], 2),             # 1/2 (LDM Downsample: strided 3x3 conv)
            ResBlock(w[0], w[1]), conv3(w[1], w[1], 2),       # 1/4
            ResBlock(w[1], w[2]), conv3(w[2], w[2], 2),       # 1/8
            ResBlock(w[2], w[3]), gn(w[3]), nn.SiLU(), conv3(w[3], 2 * zc),
            nn.Conv2d(2 * zc, 2 * zc, 1))                     # quant_conv
        # Posterior log-variance starts at -6 (sigma 0.05) instead of 0: with a short CPU budget
        # unit-variance sampling noise drowns the 4-channel latent and the decoder only learns
        # grey blobs; the KL term still pulls the variance up where the latent does not need it.
        with torch.no_grad():
            self.net[-1].bias[zc:].fill_(LOGVAR_INIT)

    def forward(self, x):
        mean, logvar = self.net(x).chunk(2, dim=1)
        return mean, logvar.clamp(-30.0, 20.0)


class VaeUp(nn.Module):
    """LDM Upsample: nearest x2 then 3x3 conv."""

    def __init__(self, c):
        super().__init__()
        self.conv = conv3(c, c)

    def forward(self, x):
        return self.conv(F.interpolate(x, scale_factor=2, mode="nearest"))


class VaeDecoder(nn.Module):
    """LDM decoder layout without the final GroupNorm (norm_out): with 2 channels per group at full
    resolution it removes each crop's per-group mean, i.e. its overall colour, and within a few
    hundred CPU steps the decoder then only learned sepia renders (measured: eval L1 0.215-0.23)."""
    def __init__(self, widths=VAE_WIDTHS, zc=VAE_LATENT_CHANNELS):
        super().__init__()
        w = widths
        self.net = nn.Sequential(
            nn.Conv2d(zc, zc, 1), conv3(zc, w[3]),            # post_quant_conv, conv_in (1/8)
            ResBlock(w[3], w[3]), VaeUp(w[3]),                # -> 1/4
            ResBlock(w[3], w[2]), VaeUp(w[2]),                # -> 1/2
            ResBlock(w[2], w[1]), VaeUp(w[1]),                # -> 1
            ResBlock(w[1], w[0]), nn.SiLU(), conv3(w[0], 3))  # no norm_out: see VaeDecoder doc

    def forward(self, z):
        return self.net(z)


# Fixed opponent-colour input transform of the VAE encoder: [-1, 1] RGB -> (Y, s*Cb, s*Cr) (BT.601),
# chroma scaled up so that it has about the spread of luma in corpus photos.
OPPONENT_CHROMA_SCALE = 3.0


def opponent_matrix(scale=OPPONENT_CHROMA_SCALE):
    m = torch.tensor([[0.299, 0.587, 0.114], [-0.168736, -0.331264, 0.5], [0.5, -0.418688, -0.081312]])
    m[1:] *= scale
    return m


class VaeRenderer(nn.Module):
    """Renders with the posterior mean (deterministic); trains with a reparameterised sample."""

    def __init__(self, opponent_input=True):
        super().__init__()
        self.encoder = VaeEncoder()
        self.decoder = VaeDecoder()
        self.register_buffer("colour_in", opponent_matrix()[:, :, None, None] if opponent_input else torch.eye(3)[:, :, None, None])

    def encode(self, x):
        return self.encoder(F.conv2d(x, self.colour_in))

    def forward(self, x):
        mean, _ = self.encode(x)
        return self.decoder(mean)

    def losses(self, x):
        mean, logvar = self.encode(x)
        z = mean + torch.exp(0.5 * logvar) * torch.randn_like(mean)
        kl = 0.5 * (mean.pow(2) + logvar.exp() - 1.0 - logvar).mean()
        return self.decoder(z), {"kl": kl}


class PatchDiscriminator(nn.Module):
    """Small PatchGAN (pix2pix-style, 3 stride-2 convs, 70x70-like receptive field shrunk)."""

    def __init__(self, w=32):
        super().__init__()
        self.net = nn.Sequential(
            nn.Conv2d(3, w, 4, 2, 1), nn.LeakyReLU(0.2),
            nn.Conv2d(w, 2 * w, 4, 2, 1), nn.BatchNorm2d(2 * w), nn.LeakyReLU(0.2),
            nn.Conv2d(2 * w, 4 * w, 4, 1, 1), nn.BatchNorm2d(4 * w), nn.LeakyReLU(0.2),
            nn.Conv2d(4 * w, 1, 4, 1, 1))

    def forward(self, x):
        return self.net(x)


_PLAIN_ENC = ("encoder 3x3 conv + two stride-2 3x3 convs ({act}) to a 16-channel latent at 1/4 resolution "
              "(channels {w0}-{w1}-{w2})")
ARCHITECTURES = {
    "gan-tconv": dict(
        family="gan", build=lambda: Renderer("tconv"), adversarial=True, latentFactor=PLAIN_LATENT_FACTOR,
        description="DCGAN-like renderer: " + _PLAIN_ENC.format(act="LeakyReLU 0.2", w0=24, w1=48, w2=64) +
                    "; decoder two 3x3 conv + BatchNorm + ReLU at 1/4, two ConvTranspose2d(k4, s2, p1) + BatchNorm + "
                    "ReLU stages (64-48-24 channels), 3x3 conv + tanh; trained with L1 + a PatchGAN adversarial term"),
    "ae-nearest": dict(
        family="autoencoder", build=lambda: Renderer("nearest"), adversarial=False, latentFactor=PLAIN_LATENT_FACTOR,
        description="Convolutional autoencoder: " + _PLAIN_ENC.format(act="ReLU", w0=24, w1=48, w2=64) +
                    "; decoder two 3x3 conv + ReLU at 1/4, two nearest-neighbour x2 upsample + 3x3 conv + ReLU stages "
                    "(64-48-24 channels), 3x3 conv + tanh"),
    "ae-bilinear": dict(
        family="autoencoder", build=lambda: Renderer("bilinear"), adversarial=False, latentFactor=PLAIN_LATENT_FACTOR,
        description="Convolutional autoencoder: as ae-nearest but bilinear x2 upsampling (half-pixel centres, "
                    "align_corners=false) before each 3x3 conv"),
    "ae-pixelshuffle": dict(
        family="autoencoder", build=lambda: Renderer("pixelshuffle", PIXELSHUFFLE_WIDTHS), adversarial=False,
        latentFactor=PLAIN_LATENT_FACTOR,
        description="Convolutional autoencoder with sub-pixel decoder: " +
                    _PLAIN_ENC.format(act="ReLU", w0=24, w1=40, w2=56) +
                    "; decoder two 3x3 conv + ReLU at 1/4, two stages of 3x3 conv to 4x channels + PixelShuffle(2) "
                    "(ONNX DepthToSpace CRD) + ReLU (56-40-24 channels), 3x3 conv + tanh"),
    "vae-ldm": dict(
        family="vae", build=VaeRenderer, adversarial=False, latentFactor=LATENT_FACTOR,
        # colour: L1 on RGB alone left the 4-channel latent luma-only (see docs/trained-zoo.md)
        train=dict(chroma_weight=(5.0, 2.0, 0.4)),    # 5 -> 2 over the first 40 % of the run
        description="Latent-diffusion-style KL autoencoder (small): fixed opponent-colour 1x1 input transform "
                    "(BT.601 Y, 3xCb, 3xCr), encoder conv, strided 3x3 conv downsampling and GroupNorm(8)/SiLU "
                    "residual blocks (16-32-48-64 channels, second conv zero-initialised) to a 4-channel latent at 1/8 "
                    "(mean and log-variance, quant_conv 1x1); decoder post_quant_conv 1x1, residual blocks, nearest "
                    "x2 + 3x3 conv upsampling, SiLU, 3x3 conv out to RGB (no final GroupNorm); trained with L1 + "
                    "chroma L1 + KL (posterior log-variance initialised at -6); renders with the posterior mean"),
}


def count_parameters(model):
    return sum(p.numel() for p in model.parameters())
