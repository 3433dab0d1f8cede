"""Pixel-space DDPM UNet (eps-prediction), its fixed noise schedule and the deterministic
DDIM sampler used for DIRE-style reconstruction. Everything the TypeScript engine has to
re-implement is in `Schedule` and `ddim_reconstruct` (plain arithmetic, no randomness).

Input scaling everywhere: x = 8-bit pixel / 127.5 - 1 (range [-1, 1]), NCHW RGB float32.
"""
import math

import torch
import torch.nn as nn
import torch.nn.functional as F

T = 1000
BETA_START = 1e-4
BETA_END = 0.02
T_STAR = 200
DDIM_STEPS = 4


class Schedule:
    """Linear beta schedule (Ho et al. 2020): beta_i = 1e-4 + (0.02 - 1e-4) * i / (T - 1),
    i = 0..T-1; alpha_bar_i = prod_{j<=i} (1 - beta_j), computed in float64."""

    def __init__(self, t_total=T, beta_start=BETA_START, beta_end=BETA_END):
        self.T = t_total
        i = torch.arange(t_total, dtype=torch.float64)
        self.betas = beta_start + (beta_end - beta_start) * i / (t_total - 1)
        self.alphas_cumprod = torch.cumprod(1.0 - self.betas, dim=0)

    def abar(self, t):
        """alpha_bar at integer timestep t; t = -1 means the clean image (alpha_bar = 1)."""
        return 1.0 if t < 0 else float(self.alphas_cumprod[t])


def ddim_timesteps(t_star=T_STAR, steps=DDIM_STEPS):
    """Evenly spaced integer timesteps t_star/steps * k, k = 1..steps (e.g. 50, 100, 150, 200)."""
    return [int(round(t_star * k / steps)) for k in range(1, steps + 1)]


def _ddim_move(model, x, t_from, t_to, sched):
    """One deterministic DDIM (eta = 0) move from timestep t_from to t_to, using the eps
    predicted at t_from: x0 = (x - sqrt(1-a_from) eps) / sqrt(a_from);
    x' = sqrt(a_to) x0 + sqrt(1-a_to) eps (a = alpha_bar, a(-1) = 1). Used both ways."""
    a_f, a_t = sched.abar(t_from), sched.abar(t_to)
    tt = torch.full((x.shape[0],), float(max(t_from, 0)), dtype=torch.float32)
    eps = model(x, tt)
    x0 = (x - math.sqrt(1.0 - a_f) * eps) / math.sqrt(a_f)
    return math.sqrt(a_t) * x0 + math.sqrt(1.0 - a_t) * eps


@torch.no_grad()
def ddim_invert(model, x0, sched, t_star=T_STAR, steps=DDIM_STEPS):
    """Deterministic DDIM inversion x_0 -> x_{t*}: starting from 'clean' (a = 1, model
    evaluated at t = 0), for each t in timesteps: eps = model(x, previous t),
    x <- move(previous -> t)."""
    x, prev = x0, -1
    for t in ddim_timesteps(t_star, steps):
        x = _ddim_move(model, x, prev, t, sched)
        prev = t
    return x


@torch.no_grad()
def ddim_denoise(model, xt, sched, t_star=T_STAR, steps=DDIM_STEPS):
    """Deterministic DDIM denoising x_{t*} -> x_0: for t in reversed(timesteps) with next
    t' (the previous timestep, or 'clean' after the last): eps = model(x, t),
    x0 = (x - sqrt(1-a_t) eps)/sqrt(a_t), x <- sqrt(a_t') x0 + sqrt(1-a_t') eps (a_clean = 1,
    so the last step returns x0)."""
    ts = ddim_timesteps(t_star, steps)
    x = xt
    for k in range(len(ts) - 1, -1, -1):
        x = _ddim_move(model, x, ts[k], ts[k - 1] if k > 0 else -1, sched)
    return x


@torch.no_grad()
def ddim_reconstruct(model, x0, sched, t_star=T_STAR, steps=DDIM_STEPS):
    return ddim_denoise(model, ddim_invert(model, x0, sched, t_star, steps), sched, t_star, steps)


def timestep_embedding(t, dim):
    """Sinusoidal embedding: [cos(t * f_k), sin(t * f_k)], f_k = exp(-ln(10000) k / (dim/2))."""
    half = dim // 2
    freqs = torch.exp(-math.log(10000.0) * torch.arange(half, dtype=torch.float32) / half)
    args = t.float()[:, None] * freqs[None, :]
    return torch.cat([torch.cos(args), torch.sin(args)], dim=1)


class ResBlock(nn.Module):
    def __init__(self, cin, cout, tdim, groups=8):
        super().__init__()
        self.n1 = nn.GroupNorm(groups, cin)
        self.c1 = nn.Conv2d(cin, cout, 3, padding=1)
        self.t = nn.Linear(tdim, cout)
        self.n2 = nn.GroupNorm(groups, cout)
        self.c2 = nn.Conv2d(cout, cout, 3, padding=1)
        self.skip = nn.Conv2d(cin, cout, 1) if cin != cout else nn.Identity()

    def forward(self, x, temb):
        h = self.c1(F.silu(self.n1(x)))
        h = h + self.t(temb)[:, :, None, None]
        h = self.c2(F.silu(self.n2(h)))
        return h + self.skip(x)


class UNet(nn.Module):
    """Levels at 1, 1/2 and 1/4 resolution with channels (32, 64, 128), one ResBlock per
    level on the way down and one (after concatenating the skip) on the way up, two in the
    middle (1/4 resolution), stride-2 conv down, nearest x2 + conv up, GroupNorm(8) + SiLU,
    sinusoidal time embedding (128-d) through a 2-layer MLP added in every ResBlock. No
    attention, so the network is fully convolutional; H and W must be multiples of 4 (the
    engine contract asks for multiples of 8, which satisfies this)."""

    def __init__(self, ch=(32, 64, 128), tdim=128):
        super().__init__()
        self.tdim = tdim
        self.temb = nn.Sequential(nn.Linear(tdim, tdim), nn.SiLU(), nn.Linear(tdim, tdim))
        self.inc = nn.Conv2d(3, ch[0], 3, padding=1)
        self.down = nn.ModuleList()
        self.pool = nn.ModuleList()
        c = ch[0]
        for i, co in enumerate(ch):
            self.down.append(ResBlock(c, co, tdim))
            c = co
            if i < len(ch) - 1:
                self.pool.append(nn.Conv2d(c, c, 3, stride=2, padding=1))
        self.mid1 = ResBlock(c, c, tdim)
        self.mid2 = ResBlock(c, c, tdim)
        self.up = nn.ModuleList()
        self.upconv = nn.ModuleList()
        for i in range(len(ch) - 1, -1, -1):
            self.up.append(ResBlock(c + ch[i], ch[i], tdim))
            c = ch[i]
            if i > 0:
                self.upconv.append(nn.Conv2d(c, ch[i - 1], 3, padding=1))
                c = ch[i - 1]
        self.out_norm = nn.GroupNorm(8, c)
        self.out = nn.Conv2d(c, 3, 3, padding=1)

    def forward(self, x_t, t):
        temb = self.temb(timestep_embedding(t, self.tdim))
        h = self.inc(x_t)
        skips = []
        for i, blk in enumerate(self.down):
            h = blk(h, temb)
            skips.append(h)
            if i < len(self.pool):
                h = self.pool[i](h)
        h = self.mid2(self.mid1(h, temb), temb)
        for j, blk in enumerate(self.up):
            h = blk(torch.cat([h, skips.pop()], dim=1), temb)
            if j < len(self.upconv):
                h = self.upconv[j](F.interpolate(h, scale_factor=2.0, mode="nearest"))
        return self.out(F.silu(self.out_norm(h)))


def count_params(m):
    return sum(p.numel() for p in m.parameters())
