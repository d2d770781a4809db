"""Two principal components of the centred vote matrix, and the positions they give.

Polis finds the components by power iteration, warm-started from its last run. Here an
exact symmetric eigensolver does the same job, with numpy alone (no scipy: importing
`scipy.sparse` and `scipy.linalg` cost the command-line tool about a fifth of a second):

- a small matrix (few statements) forms XᵀX and solves it densely (`np.linalg.eigh`);
- a large one runs Lanczos (`_lanczos`) on v ↦ XᵀX v, from a fixed starting vector and
  until both Ritz pairs' residuals are at machine precision, so XᵀX is never formed. With
  full reorthogonalisation and the wide gap between the second and third eigenvalues that
  opinion data has, this takes about 16 products at 33,422 × 783 (ARPACK, used before,
  took 21 for the same answer, equal to within 1e-15).

Both are deterministic and give the converged components that Polis's power iteration
tends to.

An incremental update (a few new votes on a large conversation) passes the previous
components as `warm`: Lanczos then starts from them (their sum, so both are in its first
two steps) and stops once both residuals are below `WARM_TOLERANCE` of the eigenvalue,
which after a small change takes a few products instead of about 16. If it does not
converge in `WARM_ITERATIONS`, it starts again from the fixed vector, as a full update.

The platform keeps, beside its vote matrix, integer sums over pairs of statements
(`matrix.PairSums`), from which XᵀX itself follows (`VoteMatrix.gram`, statements ×
statements). On a large matrix the same Lanczos then works with that small dense matrix,
each product with it instead of a pass over the votes (a dense eigensolver costs far
more at 783 × 783). Small matrices keep the dense path above, whatever the votes came
from, so their answers are exactly the same from any path.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from .matrix import Centred, FloatArray, IntArray, VoteMatrix

N_COMPONENTS = 2
# Up to this many columns and votes, the Gram matrix XᵀX is cheap to build and solve densely.
DENSE_COLUMNS = 100
DENSE_VOTES = 200_000
# An eigenvalue this small (relative to the total variance) is noise: its component is 0.
NEGLIGIBLE = 1e-10
# A warm-started component is taken once ‖Gv − λv‖ ≤ this × λ (G = XᵀX): its direction is
# then that of the exact eigenvector to within about 1e-9.
WARM_TOLERANCE = 1e-5
WARM_ITERATIONS = 40
# A cold start stops at machine precision: ‖Gv − λv‖ ≤ this × λ for both components.
COLD_TOLERANCE = float(np.finfo(np.float64).eps)
COLD_PRODUCTS = 5_000
# Lanczos holds at most this many vectors, then restarts from the best half of them.
BASIS = 32


def _lanczos(
    gram_times: Callable[[FloatArray], FloatArray],
    start: FloatArray,
    tolerance: float,
    products: int,
) -> tuple[FloatArray, FloatArray, bool]:
    """The leading eigenpairs (up to `N_COMPONENTS`) of a symmetric positive
    semi-definite G, given as v ↦ Gv, by Lanczos from `start` with at most `products`
    products. Each new vector is orthogonalised twice against all the earlier ones, and
    the projected matrix is read from those projections (so no ghost copies); when
    `BASIS` vectors are held without convergence, it restarts from the best `BASIS // 2`
    Ritz vectors and the last residual (Krylov–Schur), so memory stays `BASIS` × n.

    Returns the eigenvalues (ascending), the eigenvectors (columns) and whether they
    converged: `N_COMPONENTS` of them (or every one of a smaller G), each with residual
    ‖Gy − θy‖ (read from the last step) at most `tolerance` × θ, or found exactly because
    the vectors so far span a space that G maps into itself."""
    n = len(start)
    size = min(BASIS, n)
    wanted = min(N_COMPONENTS, n)
    basis = np.zeros((size + 1, n))
    projected = np.zeros((size, size))
    length = float(np.linalg.norm(start))
    if not length > 0:
        return np.zeros(0), np.zeros((n, 0)), False
    basis[0] = start / length
    largest, first, done = 0.0, 0, 0
    while True:
        for j in range(first, size):
            w = gram_times(basis[j])
            done += 1
            held = basis[: j + 1]
            # numpy's own loops, not BLAS: see `_times`.
            h = (held * w).sum(axis=1)
            w -= (held * h[:, None]).sum(axis=0)
            again = (held * w).sum(axis=1)
            w -= (held * again[:, None]).sum(axis=0)
            h += again
            projected[: j + 1, j] = h
            projected[j, : j + 1] = h
            beta = float(np.linalg.norm(w))
            ritz, vectors = np.linalg.eigh(projected[: j + 1, : j + 1])
            largest = max(largest, abs(float(ritz[-1])))
            found = min(wanted, j + 1)
            residuals = beta * np.abs(vectors[j, -found:])
            small = residuals <= tolerance * np.maximum(np.abs(ritz[-found:]), NEGLIGIBLE * largest)
            invariant = beta <= COLD_TOLERANCE * largest
            if invariant or (found == wanted and small.all()) or done >= products:
                converged = found == wanted and (invariant or bool(small.all()))
                return ritz[-found:], held.T @ vectors[:, -found:], converged
            basis[j + 1] = w / beta
        # The basis is full: keep the leading Ritz vectors and carry on from the residual.
        keep = size // 2
        basis[:keep] = vectors[:, -keep:].T @ basis[:size]
        basis[keep] = basis[size]
        projected[:] = 0.0
        projected[:keep, :keep] = np.diag(ritz[-keep:])
        first = keep


def _times(gram: FloatArray, v: FloatArray) -> FloatArray:
    """gram @ v for the symmetric statements × statements matrix, one column at a time
    with numpy's own loops: threaded BLAS on a matrix this small spends more time waiting
    for its threads than working when other processes share the cores (measured: 8 ms
    of CPU per product against 0.7 ms a column)."""
    if v.ndim == 1:
        return np.asarray((gram * v).sum(axis=1))
    return np.stack([(gram * v[:, i]).sum(axis=1) for i in range(v.shape[1])], axis=1)


def _fix_sign(component: FloatArray, previous: FloatArray | None) -> FloatArray:
    """Eigenvectors have no sign of their own. Follow the previous run's component when
    there is one (so the map does not flip between updates), otherwise make the
    largest loading positive."""
    if previous is not None:
        dot = float(component @ previous)
        if abs(dot) > 1e-9:
            return component if dot > 0 else -component
    if not component.any():
        return component
    biggest = int(np.argmax(np.abs(component)))
    return component if component[biggest] > 0 else -component


def components(
    centred: Centred,
    previous: FloatArray | None = None,
    warm: FloatArray | None = None,
    gram: FloatArray | None = None,
) -> tuple[FloatArray, FloatArray]:
    """The two leading principal components (rows of a 2 × statements array) and their
    eigenvalues (variance × (participants − 1)). Components beyond the matrix's rank are 0.
    `previous` (2 × statements, same columns) only chooses each component's sign; `warm`
    (the same shape: the last update's components) starts the iteration from them.
    `gram`, when given, is XᵀX (statements × statements, from the kept pair sums): on a
    large matrix the iteration then multiplies by it, with no pass over the votes."""
    n_rows, n_cols = centred.shape
    comps = np.zeros((N_COMPONENTS, n_cols))
    values = np.zeros(N_COMPONENTS)
    # numpy's own loop, not BLAS's dot: over 1.8 M votes, BLAS wakes its threads, which then
    # keep the cores busy while the clustering runs (measured: about a quarter of an
    # incremental update's CPU).
    total = float(np.einsum("i,i->", centred.data, centred.data)) if centred.nnz else 0.0
    # Votes that all sit on their statement's average leave nothing to map (the matrix may
    # still store explicit zeros, which would give the eigensolver a zero start).
    if n_rows == 0 or n_cols == 0 or total <= NEGLIGIBLE:
        return comps, values
    want = min(N_COMPONENTS, n_cols)
    dense = n_cols < 3 or (n_cols <= DENSE_COLUMNS and centred.nnz <= DENSE_VOTES)
    if dense:  # the small case keeps its own exact path (the same from any votes)
        eigvals, eigvecs = np.linalg.eigh(centred.gram())
        eigvals, eigvecs = eigvals[n_cols - want :], eigvecs[:, n_cols - want :]
    else:
        kept = gram

        def gram_times(v: FloatArray) -> FloatArray:
            if kept is not None:  # a small dense product (a dense solver costs far more)
                return _times(kept, v)
            return centred.gram_times(v)

        converged = False
        if warm is not None and warm.shape == (N_COMPONENTS, n_cols):
            start = warm[0] + warm[1]
            eigvals, eigvecs, converged = _lanczos(
                gram_times, start, WARM_TOLERANCE, WARM_ITERATIONS
            )
        if not converged:
            # The same fixed start every time (numpy's generator is imported by the
            # k-means anyway).
            start = np.random.default_rng(0).standard_normal(n_cols)
            eigvals, eigvecs, _ = _lanczos(gram_times, start, COLD_TOLERANCE, COLD_PRODUCTS)
    order = np.argsort(-eigvals, kind="stable")
    for i, j in enumerate(order):
        if eigvals[j] <= NEGLIGIBLE * max(total, 1.0):
            continue
        comp = np.asarray(eigvecs[:, j], dtype=np.float64)
        comp = comp / np.linalg.norm(comp)
        prior = previous[i] if previous is not None else None
        comps[i] = _fix_sign(comp, prior)
        values[i] = float(eigvals[j])
    return comps, values


def participant_positions(matrix: VoteMatrix, centred: Centred, comps: FloatArray) -> FloatArray:
    """Each participant's position, scaled for sparsity as Polis does:
    x_i = sqrt(C / max(1, n_i)) · Σ_j (v_ij − μ_j) · pc_j, where n_i counts i's votes on
    statements in the map plus every moderated-out column (Polis sets those to 0 for
    everyone, which counts as a vote)."""
    n_rows, n_cols = matrix.shape
    if n_rows == 0:
        return np.zeros((0, N_COMPONENTS))
    counted = matrix.live_votes_per_participant() + int(matrix.moderated.sum())
    scale = np.sqrt(n_cols / np.maximum(1, counted))
    return centred.times(comps.T) * scale[:, None]


def statement_positions(matrix: VoteMatrix, comps: FloatArray) -> tuple[FloatArray, FloatArray]:
    """Each statement's position — where someone who agreed with it alone would sit,
    sqrt(C) · (1 − μ_j) · pc_j — and its length, the statement's extremity."""
    n_cols = matrix.shape[1]
    positions = (np.sqrt(n_cols) * (1.0 - matrix.means))[:, None] * comps.T
    positions[matrix.moderated] = 0.0
    return positions, np.linalg.norm(positions, axis=1)


def orientation_on(orientation: tuple[dict[int, float], ...], ids: IntArray) -> FloatArray | None:
    """The previous run's largest loadings laid out on today's columns (0 elsewhere), to
    choose today's signs; None when there was no previous run."""
    if not orientation:
        return None
    out = np.zeros((N_COMPONENTS, len(ids)))
    position = {int(s): j for j, s in enumerate(ids.tolist())}
    for i, loadings in enumerate(orientation[:N_COMPONENTS]):
        for sid, weight in loadings.items():
            j = position.get(sid)
            if j is not None:
                out[i, j] = weight
    return out
