"""Two principal components of the centred vote matrix, and the positions they give.

Polis finds the components by power iteration, warm-started from its last run. Here an
exact symmetric eigensolver does the same job: a dense one for small conversations, and
Lanczos (ARPACK) with a fixed starting vector for large ones, on the operator
v ↦ Xᵀ(Xv), so the matrix XᵀX is never formed. Both are deterministic, and both give the
converged components that Polis's power iteration tends to.

An incremental update (a few new votes on a large conversation) passes the previous
components as `warm`: LOBPCG, a block iteration like Polis's, starts from them and stops
once both residuals are below `WARM_TOLERANCE` of the eigenvalue, which after a small
change takes a few iterations instead of ARPACK's many. If it does not converge, ARPACK
runs as in a full update.

The platform keeps, beside its vote matrix, integer sums over pairs of statements
(`matrix.PairSums`), from which XᵀX itself follows (`VoteMatrix.gram`, statements ×
statements). On a large matrix the components then come from that small dense matrix:
LOBPCG from the last components, or ARPACK as above, each product with it instead of a
pass over the votes (a dense eigensolver costs far more at 783 × 783). Small matrices
keep the dense path above, whatever the votes came from, so their answers are exactly
the same from any path.
"""

from __future__ import annotations

import warnings

import numpy as np
import scipy.linalg
import scipy.sparse as sp
import scipy.sparse.linalg as spla

from .matrix import FloatArray, IntArray, VoteMatrix

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


def _warm(
    centred: sp.csr_matrix, start: FloatArray, gram: FloatArray | None = None
) -> tuple[FloatArray, FloatArray] | None:
    """The two leading eigenpairs of XᵀX by LOBPCG from `start` (2 × statements), or None
    when the start is unusable or the iteration does not converge. With `gram` (XᵀX
    itself), each product is with that small dense matrix instead of a pass over X."""
    n_cols = centred.shape[1]
    if start.shape != (N_COMPONENTS, n_cols) or n_cols < 4 * N_COMPONENTS:
        return None
    block = start.T.copy()
    if np.linalg.matrix_rank(block) < N_COMPONENTS:
        return None
    transposed = centred.T

    def gram_times(v: FloatArray) -> FloatArray:
        if gram is not None:
            return _times(gram, v)
        return np.asarray(transposed @ (centred @ v))

    operator = spla.LinearOperator(
        (n_cols, n_cols), matvec=gram_times, matmat=gram_times, dtype=np.float64
    )
    scale = float(np.linalg.norm(gram_times(block[:, :1])))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            eigvals, eigvecs = spla.lobpcg(
                operator,
                block,
                largest=True,
                tol=WARM_TOLERANCE * max(scale, 1e-12) / 2,
                maxiter=WARM_ITERATIONS,
            )
        except (np.linalg.LinAlgError, ValueError):
            return None
    top = np.argsort(-eigvals, kind="stable")[:N_COMPONENTS]
    eigvals, eigvecs = eigvals[top], eigvecs[:, top]
    residual = np.linalg.norm(gram_times(eigvecs) - eigvecs * eigvals, axis=0)
    if not np.all(residual <= 2 * WARM_TOLERANCE * np.maximum(np.abs(eigvals), 1e-12)):
        return None
    return np.asarray(eigvals, dtype=np.float64), np.asarray(eigvecs, dtype=np.float64)


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
    centred: sp.csr_matrix,
    previous: FloatArray | None = None,
    warm: FloatArray | None = None,
    gram: FloatArray | None = None,
) -> tuple[FloatArray, FloatArray]:
    """The two leading principal components (rows of a 2 × statements array) and their
    eigenvalues (variance × (participants − 1)). Components beyond the matrix's rank are 0.
    `previous` (2 × statements, same columns) only chooses each component's sign; `warm`
    (the same shape: the last update's components) starts an iteration from them.
    `gram`, when given, is XᵀX (statements × statements, from the kept pair sums): on a
    large matrix the components then come from it (LOBPCG from `warm`, else ARPACK as
    without it) with no pass over the votes."""
    n_rows, n_cols = centred.shape
    comps = np.zeros((N_COMPONENTS, n_cols))
    values = np.zeros(N_COMPONENTS)
    total = float(np.dot(centred.data, centred.data)) if centred.nnz else 0.0
    # Votes that all sit on their statement's average leave nothing to map (the matrix may
    # still store explicit zeros, which would give the eigensolver a zero start).
    if n_rows == 0 or n_cols == 0 or total <= NEGLIGIBLE:
        return comps, values
    want = min(N_COMPONENTS, n_cols)
    dense = n_cols < 3 or (n_cols <= DENSE_COLUMNS and centred.nnz <= DENSE_VOTES)
    if dense:
        gram = None  # the small case keeps its own exact path (the same from any votes)
    found = _warm(centred, warm, gram) if warm is not None and not dense else None
    if found is not None:
        eigvals, eigvecs = found
    elif dense:
        gram = (centred.T @ centred).toarray()
        gram = (gram + gram.T) / 2
        eigvals, eigvecs = scipy.linalg.eigh(gram, subset_by_index=[n_cols - want, n_cols - 1])
    else:
        transposed = centred.T.tocsr() if gram is None else centred.T

        def gram_times(v: FloatArray) -> FloatArray:
            if gram is not None:  # a small dense product (a dense solver costs far more)
                return _times(gram, v).reshape(-1)
            return np.asarray(transposed @ (centred @ v)).reshape(-1)

        operator = spla.LinearOperator((n_cols, n_cols), matvec=gram_times, dtype=np.float64)
        try:
            start = np.random.default_rng(0).standard_normal(n_cols)
            eigvals, eigvecs = spla.eigsh(operator, k=want, which="LA", v0=start, tol=0)
        except spla.ArpackError:
            # Very rarely ARPACK fails on a nearly empty matrix; a second, fixed start is
            # still deterministic. If that fails too, there is no map to draw.
            try:
                start = np.ones(n_cols)
                eigvals, eigvecs = spla.eigsh(operator, k=want, which="LA", v0=start, tol=0)
            except spla.ArpackError:
                return comps, values
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


def participant_positions(
    matrix: VoteMatrix, centred: sp.csr_matrix, comps: FloatArray
) -> FloatArray:
    """Each participant's position, scaled for sparsity as Polis does:
    x_i = sqrt(C / max(1, n_i)) · Σ_j (v_ij − μ_j) · pc_j, where n_i counts i's votes on
    statements in the map plus every moderated-out column (Polis sets those to 0 for
    everyone, which counts as a vote)."""
    n_rows, n_cols = matrix.shape
    if n_rows == 0:
        return np.zeros((0, N_COMPONENTS))
    counted = matrix.live_votes_per_participant() + int(matrix.moderated.sum())
    scale = np.sqrt(n_cols / np.maximum(1, counted))
    return np.asarray(centred @ comps.T) * scale[:, None]


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
