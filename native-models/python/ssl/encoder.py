"""Small CNN that embeds a signed reconstruction residual patch (the "SSL" space).

Input `residual` [N,3,64,64]: r = x - x_hat in the reconstructor's [-1, 1] space (8-bit
difference / 127.5), kept signed. The graph multiplies by a fixed GAIN first (typical |r| of
camera photos is ~2-3 8-bit levels, i.e. ~0.02, so GAIN brings it to order 1).
Output `embedding` [N,128], L2-normalised.
"""
import torch
import torch.nn as nn
import torch.nn.functional as F

GAIN = 32.0
DIM = 128


def conv_block(cin, cout, stride=1):
    return nn.Sequential(nn.Conv2d(cin, cout, 3, stride=stride, padding=1), nn.GroupNorm(8, cout), nn.SiLU())


class ResidualEncoder(nn.Module):
    """3 stages (32, 64, 128 channels; stride 2 between stages), two 3x3 conv + GroupNorm +
    SiLU per stage, then per-channel spatial mean and standard deviation (256 values) ->
    linear 256 -> 128 -> L2 normalisation."""

    def __init__(self, width=(32, 64, 128), dim=DIM, gain=GAIN):
        super().__init__()
        self.gain = gain
        layers, c = [], 3
        for i, w in enumerate(width):
            layers += [conv_block(c, w, stride=1 if i == 0 else 2), conv_block(w, w)]
            c = w
        self.features = nn.Sequential(*layers)
        self.fc = nn.Linear(2 * c, dim)

    def represent(self, residual):
        h = self.features(residual * self.gain)
        m = h.mean(dim=(2, 3))
        s = torch.sqrt((h - m[:, :, None, None]).pow(2).mean(dim=(2, 3)) + 1e-6)
        return self.fc(torch.cat([m, s], dim=1))

    def forward(self, residual):
        return F.normalize(self.represent(residual), dim=1, eps=1e-8)


class ProjectionHead(nn.Module):
    """SimCLR projection head, used only during training (not exported)."""

    def __init__(self, dim=DIM, out=64):
        super().__init__()
        self.net = nn.Sequential(nn.Linear(dim, dim), nn.SiLU(), nn.Linear(dim, out))

    def forward(self, z):
        return F.normalize(self.net(z), dim=1)


def nt_xent(z1, z2, temperature=0.1):
    """NT-Xent (SimCLR): z1[i] and z2[i] are positives, all other 2N-2 samples negatives."""
    z = torch.cat([z1, z2], dim=0)
    n = z1.shape[0]
    sim = z @ z.t() / temperature
    sim.fill_diagonal_(-1e9)
    target = torch.cat([torch.arange(n, 2 * n), torch.arange(0, n)])
    return F.cross_entropy(sim, target)


def count_params(m):
    return sum(p.numel() for p in m.parameters())
