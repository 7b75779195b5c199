"""The side-by-side benchmark problems in PyTorch, written from the specs (not from any upstream code).

Each function is the same mathematics as the Java problem named after it (org.enflow.experiment.bench):

  l96_rk4_38_step   one RK4 step (Kutta's 3/8 rule) of a Lorenz-96 ensemble      -> L96StepTwin
  f2p_transport     EnFF-F2P with local guidance and arctan observations          -> F2pStepTwin
                    (K grid points = K-1 Euler steps; the benchmark is K = 2)
  kde_rhs           right-hand side of the KDE filter's probability-flow ODE      -> KdeRhsTwin

All arrays are (members, d) row-major tensors of one dtype on one device; nothing here allocates a
members x members x d temporary, so d = 10^6 fits.
"""
import torch


def l96_drift(x, forcing):
    """dx_i/dt = (x_{i+1} - x_{i-2}) x_{i-1} - x_i + F, indices mod d (models.md section 3)."""
    return (torch.roll(x, -1, dims=1) - torch.roll(x, 2, dims=1)) * torch.roll(x, 1, dims=1) - x + forcing


def l96_rk4_38_step(x, forcing, dt):
    """One step of the 3/8 rule: k1 = f(x), k2 = f(x + h k1/3), k3 = f(x + h(k2 - k1/3)),
    k4 = f(x + h(k1 - k2 + k3)), x + h(k1 + 3 k2 + 3 k3 + k4)/8 (models.md section 1)."""
    k1 = l96_drift(x, forcing)
    k2 = l96_drift(x + dt * k1 / 3, forcing)
    k3 = l96_drift(x + dt * (k2 - k1 / 3), forcing)
    k4 = l96_drift(x + dt * (k1 - k2 + k3), forcing)
    return x + dt * (k1 + 3 * k2 + 3 * k3 + k4) / 8


def squared_distances(a, b):
    """||a_i - b_j||^2 by direct differences (never ||a||^2 - 2ab + ||b||^2: enff.md section 9)."""
    return torch.cdist(a, b, compute_mode="donot_use_mm_for_euclid_dist") ** 2


def f2p_velocity(z, xf, xa, diff, t, sigma_min):
    """v_i = sum_j softmax_j(-||z_i - mu_j||^2 / (2 sigma_min^2)) (xf_j - xa_j), mu_j = t xf_j + (1 - t) xa_j."""
    mu = t * xf + (1 - t) * xa
    logits = squared_distances(z, mu) * (-1.0 / (2 * sigma_min * sigma_min))
    weights = torch.softmax(logits, dim=1)  # max-shifted log-sum-exp
    return weights @ diff, logits, weights


def arctan_guidance(zhat, y, lam, sigma_y):
    """g = lam * J_h(zhat)^T (y - h(zhat)) / sigma_y^2 with h = atan componentwise: J_h = diag(1/(1 + zhat^2))."""
    return (lam / (sigma_y * sigma_y)) * (y - torch.atan(zhat)) / (1 + zhat * zhat)


def f2p_step(z, xf, xa, diff, y, t, h, sigma_min, lam, sigma_y):
    """One Euler step at pseudo-time t: z + h (v + g(z + (1 - t) v)) (enff.md sections 3-5)."""
    v, _, _ = f2p_velocity(z, xf, xa, diff, t, sigma_min)
    zhat = z + (1 - t) * v
    return z + h * (v + arctan_guidance(zhat, y, lam, sigma_y))


def f2p_transport(z, xf, xa, y, sigma_min, lam, sigma_y, grid, diff=None):
    """K = grid points, K - 1 Euler steps at t_k = k/(K - 1) (the field is never evaluated at t = 1)."""
    if diff is None:
        diff = xf - xa  # D = Xf - Xa, once per analysis (enff.md section 3)
    steps = int(grid) - 1
    h = 1.0 / steps
    for k in range(steps):
        z = f2p_step(z, xf, xa, diff, y, k * h, h, sigma_min, lam, sigma_y)
    return z


def kde_denoiser(u, members, log_weights, sigma_bar):
    """D(u_i) = sum_j softmax_j(l_j - ||u_i - x_j||^2 / (2 sigma_bar^2)) x_j (kde_diffusion.md section 3).

    torch.cdist's default mode (the Gram form for many points) is what a PyTorch user gets; its error on
    these centred members is far below the agreement tolerance (see check_agreement.py)."""
    logits = log_weights.unsqueeze(0) - torch.cdist(u, members) ** 2 * (1.0 / (2 * sigma_bar * sigma_bar))
    return torch.softmax(logits, dim=1) @ members, logits


def kde_rhs(u, members, log_weights, sigma_bar, rate):
    """du/dt = (sigma_bar'/sigma_bar)(u - D(u, sigma_bar)) (kde_diffusion.md section 4); rate = sigma_bar'/sigma_bar."""
    denoised, _ = kde_denoiser(u, members, log_weights, sigma_bar)
    return rate * (u - denoised)
