"""Votes and the vote matrix: rows are participants, columns are statements.

The matrix is never made dense. After each column is centred on its mean, a missing
vote (imputed with that mean) becomes exactly 0, so the centred matrix has an entry only
where someone voted: memory grows with the votes, not with participants × statements.
Its products are numpy's own (`Centred`), so a one-shot analysis never imports scipy
(about a fifth of a second of start-up); only the platform's `PairSums` use
`scipy.sparse`, imported when they are first built.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import cached_property
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

if TYPE_CHECKING:
    import scipy.sparse as sp

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]

AGREE, PASS, DISAGREE = 1, 0, -1


@dataclass(frozen=True, eq=False)
class Votes:
    """Votes as three parallel arrays: participant id, statement id and value (agree = +1,
    disagree = -1, pass = 0, as in Polis's CSV exports).

    Several entries for the same participant and statement may be given: the later one
    replaces the earlier one. `latest()` gives each pair's latest vote, sorted."""

    participants: npt.NDArray[np.integer[Any]]
    statements: npt.NDArray[np.integer[Any]]
    values: npt.NDArray[np.integer[Any]]

    def __post_init__(self) -> None:
        participants = np.asarray(self.participants, dtype=np.int64).reshape(-1)
        statements = np.asarray(self.statements, dtype=np.int64).reshape(-1)
        raw_values = np.asarray(self.values).reshape(-1)
        if not (len(participants) == len(statements) == len(raw_values)):
            raise ValueError("Votes need as many participants, statements and values.")
        if raw_values.size and not (
            raw_values.min() >= -1 and raw_values.max() <= 1
            if np.issubdtype(raw_values.dtype, np.integer)  # two quick passes, no table
            else np.isin(raw_values, (-1, 0, 1)).all()
        ):
            raise ValueError("A vote must be 1 (agree), -1 (disagree) or 0 (pass).")
        object.__setattr__(self, "participants", participants)
        object.__setattr__(self, "statements", statements)
        object.__setattr__(self, "values", raw_values.astype(np.int8, copy=False))

    @classmethod
    def from_triples(cls, triples: Iterable[tuple[int, int, int]]) -> Votes:
        """Votes from (participant id, statement id, value) triples, in the order cast."""
        flat = np.fromiter((int(x) for triple in triples for x in triple), dtype=np.int64)
        if flat.size % 3:
            raise ValueError("Each vote needs a participant, a statement and a value.")
        table = flat.reshape(-1, 3)
        return cls(participants=table[:, 0], statements=table[:, 1], values=table[:, 2])

    def __len__(self) -> int:
        return len(self.values)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Votes):
            return NotImplemented
        (p1, s1, v1), (p2, s2, v2) = self.latest(), other.latest()
        return np.array_equal(p1, p2) and np.array_equal(s1, s2) and np.array_equal(v1, v2)

    __hash__ = None  # type: ignore[assignment]

    def latest(self) -> tuple[IntArray, IntArray, npt.NDArray[np.int8]]:
        """Each (participant, statement) pair's latest vote, sorted by participant then
        statement: the same votes in any order give the same arrays."""
        pids, sids, rows, cols, values = _latest_values(
            self.participants, self.statements, self.values
        )
        return pids[rows], sids[cols], values


_Table = tuple[IntArray, IntArray, IntArray]


def _table(given: npt.NDArray[np.integer[Any]]) -> _Table | None:
    """For ids in a compact range (the usual case: Polis's ids and database keys), the
    sorted distinct ids, a lookup table from id - lowest id to the id's index among them,
    and each entry's id - lowest id: counted, not sorted. None for ids spread too wide."""
    ids = np.asarray(given, dtype=np.int64)
    low, high = int(ids.min()), int(ids.max())
    span = high - low + 1
    if span > 4 * len(ids) + 1_000_000:
        return None
    shifted = ids - low if low else ids
    present = np.zeros(span, dtype=bool)
    present[shifted] = True
    index = np.cumsum(present, dtype=np.int64)
    index -= 1
    return np.flatnonzero(present).astype(np.int64) + low, index, shifted


def _factorise(given: npt.NDArray[np.integer[Any]]) -> tuple[IntArray, IntArray]:
    """The sorted distinct ids and each entry's index among them. Ids in a compact range
    (the usual case for database keys) are counted with a lookup table instead of sorted."""
    ids = np.asarray(given, dtype=np.int64)
    if len(ids) == 0:
        return ids.copy(), ids.copy()
    table = _table(ids)
    if table is not None:
        distinct, index, shifted = table
        return distinct, index[shifted]
    distinct, inverse = np.unique(ids, return_inverse=True)
    return distinct.astype(np.int64), inverse.astype(np.int64).reshape(-1)


def _latest_values(
    participants: npt.NDArray[np.integer[Any]],
    statements: npt.NDArray[np.integer[Any]],
    values: npt.NDArray[np.integer[Any]],
    statement_table: _Table | None = None,
) -> tuple[IntArray, IntArray, IntArray, IntArray, npt.NDArray[np.int8]]:
    """(participant ids, statement ids, row of each kept vote, its column, its value):
    `_latest` with the kept votes' values (-1, 0 or 1) rather than their positions.

    When rows, columns and a value fit in 31 bits (up to 2¹⁶ people with 2¹³ statements,
    say), each vote is one 32-bit number, row | column | value + 1, and one sort of those
    numbers does the job: a 32-bit sort costs about half of the 64-bit one `_latest`
    needs for a position as well, and the row, column and value are read back from the
    bits. A pair voted on twice shows as equal cells side by side; the latest of those
    votes is then found among the votes of the people who voted twice."""
    p = np.asarray(participants, dtype=np.int64)
    s = np.asarray(statements, dtype=np.int64)
    v = np.asarray(values)
    if len(p):
        rows_table = _table(p)
        cols_table = statement_table or _table(s)
        if rows_table is not None and cols_table is not None:
            pids, row_of, p_at = rows_table
            sids, col_of, s_at = cols_table
            col_bits = (len(sids) - 1).bit_length()
            if (len(pids) - 1).bit_length() + col_bits + 2 <= 31:
                return (pids, sids, *_one_each(row_of, p_at, col_of, s_at, v, col_bits))
            statement_table = (sids, col_of, s_at)
    pids, sids, rows, cols, keep = _latest(p, s, statement_table)
    return pids, sids, rows, cols, v[keep].astype(np.int8)


def _one_each(
    row_of: IntArray,
    p_at: IntArray,
    col_of: IntArray,
    s_at: IntArray,
    values: npt.NDArray[np.integer[Any]],
    col_bits: int,
) -> tuple[IntArray, IntArray, npt.NDArray[np.int8]]:
    """Rows, columns and values of the latest votes, sorted by cell (see `_latest_values`)."""
    keys = (row_of.astype(np.int32) << (col_bits + 2))[p_at]
    keys |= (col_of.astype(np.int32) << 2)[s_at]
    keys += values
    keys += 1
    keys.sort()
    cells = keys >> 2
    twice = cells[1:] == cells[:-1]
    if twice.any():
        # A cell voted on twice has two (or more) numbers side by side, in the order of
        # their values, not of the votes: keep one, and set its value to the latest
        # vote's, found among the votes of the people who voted on a cell twice.
        again = np.sort(cells[1:][twice])  # (np.unique would import numpy.ma)
        again = again[np.append(True, again[1:] != again[:-1])]
        first = np.empty(len(keys), dtype=bool)
        first[0] = True
        np.logical_not(twice, out=first[1:])
        keys = keys[first]
        cells = keys >> 2
        people = np.zeros(int(row_of.max()) + 1, dtype=bool)
        people[again >> col_bits] = True
        at = np.flatnonzero(people[row_of][p_at])
        theirs = (row_of[p_at[at]] << col_bits) | col_of[s_at[at]]
        order = np.argsort(theirs, kind="stable")  # by cell, then in the order given
        theirs = theirs[order]
        ends = np.append(theirs[1:] != theirs[:-1], True)
        latest = at[order[ends]]  # the last vote of each of their cells
        chosen = np.searchsorted(theirs[ends], again)
        keys[np.searchsorted(cells, again)] = (again << 2) + values[latest[chosen]] + 1
    rows = (cells >> col_bits).astype(np.int64)
    cells &= (1 << col_bits) - 1
    keys &= 3
    keys -= 1
    return rows, cells.astype(np.int64), keys.astype(np.int8)


def _latest(
    participants: npt.NDArray[np.integer[Any]],
    statements: npt.NDArray[np.integer[Any]],
    statement_table: _Table | None = None,
) -> tuple[IntArray, IntArray, IntArray, IntArray, IntArray]:
    """(participant ids, statement ids, row of each kept vote, its column, its position in
    the input): one vote per pair, the last given, sorted by row then column.
    `statement_table`, when given, is `_table(statements)` (which this changes)."""
    p = np.asarray(participants, dtype=np.int64)
    s = np.asarray(statements, dtype=np.int64)
    n = len(p)
    if n:
        rows_table = _table(p)
        cols_table = statement_table or _table(s)
        if rows_table is not None and cols_table is not None:
            pids, row_of, p_at = rows_table
            sids, col_of, s_at = cols_table
            pos_bits = (n - 1).bit_length()
            col_bits = (len(sids) - 1).bit_length()
            if (len(pids) - 1).bit_length() + col_bits + pos_bits <= 62:
                return (pids, sids, *_sorted_cells(row_of, p_at, col_of, s_at, col_bits, pos_bits))
    pids, rows = _factorise(p)
    sids, cols = _factorise(s)
    if n == 0:
        return pids, sids, rows, cols, rows.copy()
    key = rows * len(sids) + cols
    if (len(pids) * len(sids) + 1) * n < 2**62:
        # One plain sort of key·n + position orders by pair, then by position: far faster
        # than a stable argsort, and the last of each run is the latest vote.
        both = np.sort(key * n + np.arange(n, dtype=np.int64))
        key, order = np.divmod(both, n)
    else:
        order = np.lexsort((np.arange(n), key))
        key = key[order]
    last = np.ones(n, dtype=bool)
    last[:-1] = key[1:] != key[:-1]
    keep = order[last]
    return pids, sids, rows[keep], cols[keep], keep


def _sorted_cells(
    row_of: IntArray,
    p_at: IntArray,
    col_of: IntArray,
    s_at: IntArray,
    col_bits: int,
    pos_bits: int,
) -> tuple[IntArray, IntArray, IntArray]:
    """Each vote as one number, row | column | position in bits, sorted once: that orders
    by cell, then by position, and the last of each cell's run is its latest vote. The
    rows, columns and positions are read back from the bits (no division, no gathering).
    Changes the lookup tables `row_of` and `col_of`."""
    n = len(p_at)
    row_of <<= col_bits + pos_bits
    col_of <<= pos_bits
    cells = row_of[p_at]
    cells |= col_of[s_at]
    cells |= np.arange(n, dtype=np.int64)
    cells.sort()
    pairs = cells >> pos_bits
    last = np.empty(n, dtype=bool)
    last[-1] = True
    np.not_equal(pairs[1:], pairs[:-1], out=last[:-1])
    keep = cells[last]
    keep &= (1 << pos_bits) - 1
    cols = pairs[last]
    rows = cols >> col_bits
    cols &= (1 << col_bits) - 1
    return rows, cols, keep


@dataclass(frozen=True)
class VoteMatrix:
    """The latest votes laid out as a sparse participants × statements matrix.

    - `participant_ids`, `statement_ids`: the row and column labels, sorted. Columns are
      the statements with at least one vote (as in Polis).
    - `rows`, `cols`, `values`: one entry per vote, sorted by row then column.
    - `moderated`: True for columns left out of the maps (moderated out or meta); they
      count as 0 for everyone.
    - `means`: each column's mean vote (passes count; 0 for moderated columns).
    - `pairs`: the columns' `PairSums` when kept beside the votes (an incremental
      update's `KeptVotes`), from which `gram` follows without a pass over the votes.
    """

    participant_ids: IntArray
    statement_ids: IntArray
    rows: IntArray
    cols: IntArray
    values: npt.NDArray[np.integer[Any]]
    moderated: npt.NDArray[np.bool_]
    means: FloatArray
    pairs: PairSums | None = None
    starts: IntArray | None = None  # the row starts, when known (`KeptVotes` keeps them)

    @property
    def shape(self) -> tuple[int, int]:
        """(participants, statements)."""
        return len(self.participant_ids), len(self.statement_ids)

    @cached_property
    def row_starts(self) -> IntArray:
        """Where each row's votes start, and the end (a CSR row pointer), worked out once."""
        if self.starts is not None:
            return self.starts
        return _row_starts(self.rows, self.shape[0])

    def votes_per_participant(self) -> IntArray:
        """How many statements each participant voted on (passes count)."""
        return np.diff(self.row_starts)

    def live_votes_per_participant(self) -> IntArray:
        """How many statements in the map each participant voted on."""
        if not self.moderated.any():
            return self.votes_per_participant()
        live = ~self.moderated[self.cols]
        return np.diff(_row_starts(self.rows[live], self.shape[0]))

    @cached_property
    def slots(self) -> IntArray:
        """Each vote's column and value as one number, column × 3 + (value + 1), for
        counting every kind of vote in one pass (see `repness.count`)."""
        slots = self.cols * 3
        slots += self.values
        slots += 1
        return slots

    def centred(self) -> Centred:
        """The column-centred matrix with missing votes imputed by the column mean, which
        is 0 wherever nobody voted: a sparse matrix with one entry per counted vote."""
        n_rows, n_cols = self.shape
        if self.moderated.any():
            live = ~self.moderated[self.cols]
            cols, values = self.cols[live], self.values[live]
            row_starts = _row_starts(self.rows[live], n_rows)
        else:
            cols, values, row_starts = self.cols, self.values, self.row_starts
        data = values.astype(np.float64)
        data -= self.means[cols]
        return Centred(data, cols, row_starts, n_cols)

    def gram(self) -> FloatArray | None:
        """XᵀX for the centred matrix X of `centred()`, from the kept `pairs` (None when
        there are none): for columns j, k, Σ over people who voted on both of
        (v_ij − μ_j)(v_ik − μ_k) = S_jk − μ_j A_jk − μ_k A_kj + μ_j μ_k N_jk. Moderated
        columns are 0 in X, so their rows and columns are 0 here. Exactly symmetric."""
        if self.pairs is None:
            return None
        mu = self.means
        by_mean = mu[:, None] * self.pairs.values
        gram = self.pairs.products.copy()
        gram -= by_mean + by_mean.T
        gram += np.outer(mu, mu) * self.pairs.both
        if self.moderated.any():
            gram[self.moderated] = 0.0
            gram[:, self.moderated] = 0.0
        return gram


@dataclass(frozen=True, eq=False)
class Centred:
    """A sparse participants × statements matrix X (the centred votes) in compressed rows:
    row i's entries are `data[row_starts[i]:row_starts[i + 1]]`, in the columns `cols` of
    the same slice. The products the maps need (Xv, Xᵀu and so XᵀXv, and XᵀX itself when
    small) are numpy's gathers and sums, about 2.5 ms each at 1.83 M votes."""

    data: FloatArray
    cols: IntArray
    row_starts: IntArray
    n_cols: int

    @property
    def shape(self) -> tuple[int, int]:
        """(participants, statements)."""
        return len(self.row_starts) - 1, self.n_cols

    @property
    def nnz(self) -> int:
        """How many entries are stored (counted votes)."""
        return len(self.data)

    @cached_property
    def _lengths(self) -> IntArray:
        return np.diff(self.row_starts)

    @cached_property
    def _nonempty(self) -> npt.NDArray[np.bool_] | None:
        """Rows with an entry, when some have none (`np.add.reduceat` needs a non-empty
        slice for each start); None when every row has one, the usual case."""
        some = self._lengths > 0
        return None if some.all() else some

    def times(self, v: FloatArray) -> FloatArray:
        """X @ v, for one vector (statements) or the columns of a statements × k array."""
        if v.ndim == 2:
            return np.stack([self.times(v[:, i]) for i in range(v.shape[1])], axis=1)
        n_rows = self.shape[0]
        if self.nnz == 0:
            return np.zeros(n_rows)
        products = v[self.cols]
        products *= self.data
        if self._nonempty is None:
            return np.asarray(np.add.reduceat(products, self.row_starts[:-1]))
        out = np.zeros(n_rows)
        out[self._nonempty] = np.add.reduceat(products, self.row_starts[:-1][self._nonempty])
        return out

    def transposed_times(self, u: FloatArray) -> FloatArray:
        """Xᵀ @ u, for one vector (participants)."""
        spread = np.repeat(u, self._lengths)
        spread *= self.data
        return np.asarray(np.bincount(self.cols, spread, self.n_cols), dtype=np.float64)

    def gram_times(self, v: FloatArray) -> FloatArray:
        """XᵀX @ v without forming XᵀX: two passes over the entries."""
        return self.transposed_times(self.times(v))

    def gram(self) -> FloatArray:
        """XᵀX as a dense statements × statements array, exactly symmetric: for a few
        statements (its cost is participants × statements²), from dense blocks of rows."""
        n_rows, n_cols = self.shape
        gram = np.zeros((n_cols, n_cols))
        step = max(1, _GRAM_CELLS // max(n_cols, 1))
        rows = np.repeat(np.arange(n_rows, dtype=np.int64), self._lengths)
        for first in range(0, n_rows, step):
            last = min(first + step, n_rows)
            lo, hi = self.row_starts[first], self.row_starts[last]
            block = np.zeros((last - first, n_cols))
            block[rows[lo:hi] - first, self.cols[lo:hi]] = self.data[lo:hi]
            gram += block.T @ block
        return (gram + gram.T) / 2

    def toarray(self) -> FloatArray:
        """X as a dense array (for small matrices: tests and checks)."""
        n_rows, n_cols = self.shape
        out = np.zeros((n_rows, n_cols))
        out[np.repeat(np.arange(n_rows), self._lengths), self.cols] = self.data
        return out


# `Centred.gram` lays out this many cells of rows at a time (8 MiB).
_GRAM_CELLS = 1 << 20


@dataclass(frozen=True, eq=False)
class PairSums:
    """Sums over pairs of columns (statements) j, k, each over the people who voted on
    both (passes count, as votes of 0): `products[j, k]` = Σ v_ij v_ik, `values[j, k]` =
    Σ v_ik (the value on column k; not symmetric) and `both[j, k]` = how many such
    people. The centred matrix's XᵀX follows from them and the column means
    (`VoteMatrix.gram`), so an incremental update keeps them up to date from the rows
    that changed, exactly, instead of passing over every vote for the components. Whole
    numbers held as float64, which is exact for them (every sum is at most the number of
    people, far below 2⁵³) and lets an update add a sparse change straight into a copy:
    3 × statements² × 8 bytes, 15 MB for 783 statements."""

    products: FloatArray
    values: FloatArray
    both: FloatArray

    @classmethod
    def of(
        cls, rows: IntArray, cols: IntArray, values: npt.NDArray[np.integer[Any]], n_cols: int
    ) -> PairSums:
        """The sums for votes (one per cell, sorted by row then column). People with many
        votes are summed as dense blocks (BLAS), the rest as sparse products: the cost
        of Σ over people of (their votes)² is what sparse products pay."""
        products, sums, both = (np.zeros((n_cols, n_cols)) for _ in range(3))
        if len(rows) == 0:
            return cls(products, sums, both)
        n_rows = int(rows[-1]) + 1
        starts = _row_starts(rows, n_rows)
        heavy_rows = np.flatnonzero(np.diff(starts) > _DENSE_ROW)
        heavy = np.zeros(n_rows, dtype=bool)
        heavy[heavy_rows] = True
        light = ~heavy[rows]
        if light.any():
            v = _sparse(rows[light], cols[light], values[light], n_rows, n_cols)
            m = _sparse(rows[light], cols[light], np.ones(int(light.sum())), n_rows, n_cols)
            vt, mt = v.T.tocsr(), m.T.tocsr()
            products += _exact((vt @ v).toarray())
            sums += _exact((mt @ v).toarray())
            both += _exact((mt @ m).toarray())
        for first in range(0, len(heavy_rows), _BLOCK):
            block = heavy_rows[first : first + _BLOCK]
            # float32 is exact here: every sum is of at most _BLOCK terms of -1, 0 or 1.
            v32 = np.zeros((len(block), n_cols), dtype=np.float32)
            m32 = np.zeros((len(block), n_cols), dtype=np.float32)
            lo, hi = starts[block], starts[block + 1]
            at = np.repeat(np.arange(len(block)), hi - lo)
            cells = _ranges(lo, hi)
            v32[at, cols[cells]] = values[cells]
            m32[at, cols[cells]] = 1.0
            products += _exact(v32.T @ v32)
            sums += _exact(m32.T @ v32)
            both += _exact(m32.T @ m32)
        return cls(products, sums, both)

    def with_changes(
        self,
        old: tuple[IntArray, IntArray, npt.NDArray[np.integer[Any]]],
        new: tuple[IntArray, IntArray, npt.NDArray[np.integer[Any]]],
        change: tuple[IntArray, IntArray, IntArray, IntArray],
        n_cols: int,
    ) -> PairSums:
        """The sums after some people's rows changed. `old` and `new`: (row, column, value)
        of every vote of the people who changed, before and after, sorted by row then
        column; `change`: (row, column, change in value, 1 if the cell is new else 0) of
        each changed cell, sorted the same way, rows numbered as in `old` and `new`. With
        V, M the values and voted-or-not of those rows and D, E the changes in each, VᵀV
        gains VₒᵀD + DᵀVₙ, MᵀV gains MₒᵀD + EᵀVₙ and MᵀM gains MₒᵀE + EᵀMₙ. D has one
        entry per changed cell, so each product is that cell's change times each vote of
        the same person, added in place: the cost is each changed person's votes times
        their changes, not their votes², and no sparse product is built."""
        r = int(max(old[0].max(initial=-1), new[0].max(initial=-1), change[0].max(initial=-1))) + 1
        (o_rows, o_cols, o_values), (n_rows, n_cols_, n_values) = old, new
        c_rows, c_cols, c_values, c_fresh = change
        d, e = np.asarray(c_values, dtype=np.float64), np.asarray(c_fresh, dtype=np.float64)

        def each_change_by(
            rows: IntArray, cols: IntArray, values: npt.NDArray[np.integer[Any]]
        ) -> tuple[IntArray, IntArray, FloatArray]:
            # Every (changed cell, vote of the same person) pair: the change's index,
            # the vote's column and value.
            starts = _row_starts(rows, r)
            lo, hi = starts[c_rows], starts[c_rows + 1]
            cells = _ranges(lo, hi)
            picked = values[cells].astype(np.float64)
            return np.repeat(np.arange(len(c_rows)), hi - lo), cols[cells], picked

        # VₒᵀD, MₒᵀD, MₒᵀE: at (a column the person voted on before, the changed column).
        k_old, j_old, v_old = each_change_by(o_rows, o_cols, o_values)
        at_old = j_old * n_cols + c_cols[k_old]
        # DᵀVₙ, EᵀVₙ, EᵀMₙ: at (the changed column, a column the person votes on now).
        k_new, j_new, v_new = each_change_by(n_rows, n_cols_, n_values)
        at_new = c_cols[k_new] * n_cols + j_new
        at = np.concatenate([at_old, at_new])

        def plus(to: FloatArray, old_side: FloatArray, new_side: FloatArray) -> FloatArray:
            out = to.copy()
            # Unbuffered: entries at the same place all count. Exact for whole numbers.
            np.add.at(out.reshape(-1), at, np.concatenate([old_side, new_side]))
            return out

        return PairSums(
            plus(self.products, v_old * d[k_old], d[k_new] * v_new),
            plus(self.values, d[k_old], e[k_new] * v_new),
            plus(self.both, e[k_old], e[k_new]),
        )

    def widened(self, at: IntArray, n_cols: int) -> PairSums:
        """The same sums with the columns moved to `at` among `n_cols` (new columns: 0)."""
        if len(at) == n_cols:
            return self
        out = []
        for x in (self.products, self.values, self.both):
            wide = np.zeros((n_cols, n_cols))
            wide[np.ix_(at, at)] = x
            out.append(wide)
        return PairSums(*out)

    def taken(self, columns: IntArray) -> PairSums:
        """The sums of these columns only (a pair's sums do not depend on other columns)."""
        ix = np.ix_(columns, columns)
        return PairSums(self.products[ix], self.values[ix], self.both[ix])


# People with more votes than this are summed as dense rows in `PairSums.of`, _BLOCK at once.
_DENSE_ROW = 60
_BLOCK = 2048


def _sparse(
    rows: IntArray, cols: IntArray, data: npt.ArrayLike, n_rows: int, n_cols: int
) -> sp.csr_matrix:
    """A CSR matrix of one entry per (row, column), float64 (exact for these integers).
    scipy is imported here, not at the top: only the platform's pair sums need it, and a
    one-shot analysis is spared its import."""
    import scipy.sparse as sp

    return sp.csr_matrix((np.asarray(data, dtype=np.float64), (rows, cols)), shape=(n_rows, n_cols))


def _exact(x: npt.NDArray[Any]) -> FloatArray:
    """Sums of whole numbers worked out in floating point, as the float64 whole numbers
    they are (rounding only clears any doubt)."""
    return np.rint(x).astype(np.float64, copy=False)


def _ranges(lo: IntArray, hi: IntArray) -> IntArray:
    """lo[0]..hi[0]-1, lo[1]..hi[1]-1, ... concatenated."""
    lengths = hi - lo
    total = int(lengths.sum())
    if total == 0:
        return np.zeros(0, dtype=np.int64)
    steps = np.ones(total, dtype=np.int64)
    ends = np.cumsum(lengths)[:-1]
    nonempty = lengths > 0
    firsts = np.concatenate([[0], ends])[nonempty]
    steps[firsts[0]] = lo[nonempty][0]
    if len(firsts) > 1:
        prev_last = (hi - 1)[nonempty][:-1]
        steps[firsts[1:]] = lo[nonempty][1:] - prev_last
    return np.cumsum(steps)


def _row_starts(rows: IntArray, n_rows: int) -> IntArray:
    """Where each row starts in `rows` (sorted), and the end: a CSR index pointer. A
    binary search per row, not a pass over every vote."""
    return np.searchsorted(rows, np.arange(n_rows + 1, dtype=np.int64)).astype(np.int64)


def build_matrix(
    votes: Votes, *, allowed: IntArray | None, moderated: Iterable[int]
) -> tuple[VoteMatrix, int]:
    """Lay the latest votes out as a `VoteMatrix`. Votes for statements outside `allowed`
    (when given) are dropped; returns the matrix and how many vote entries were dropped."""
    participants, statements, values = votes.participants, votes.statements, votes.values
    ignored = 0
    table = _table(statements) if len(statements) else None
    if allowed is not None and len(statements):
        distinct = table[0] if table else np.unique(statements)
        allowed_distinct = np.isin(distinct, allowed)
        if not allowed_distinct.all():
            known = allowed_distinct[_factorise(statements)[1]]
            ignored = int((~known).sum())
            participants, statements, values = (
                participants[known],
                statements[known],
                values[known],
            )
            table = None
    participant_ids, statement_ids, rows, cols, kept = _latest_values(
        participants, statements, values, table
    )
    matrix = _laid_out(participant_ids, statement_ids, rows, cols, kept, moderated)
    return matrix, ignored


@dataclass(frozen=True)
class KeptVotes:
    """The latest votes, kept between updates so that an update only applies what is new
    (see docs/opinions.md, "The incremental path"). The same arrays as `VoteMatrix`:
    sorted row and column labels, and one entry per (participant, statement), sorted by
    row then column; and the columns' `PairSums`, from which the components follow.

    `with_votes` sets each given cell to its given value, so applying the same vote twice
    (or a vote read again in an overlap window) changes nothing: after any sequence of
    `with_votes`, the arrays and the pair sums equal those `from_votes` gives for the
    latest votes."""

    participant_ids: IntArray
    statement_ids: IntArray
    rows: IntArray
    cols: IntArray
    values: npt.NDArray[np.int8]
    pairs: PairSums | None = None
    # Where each row's votes start, and the end (a CSR row pointer); worked out when not
    # given. Kept up to date by `with_votes`, so neither it nor the matrix searches for it.
    starts: IntArray | None = None

    def __post_init__(self) -> None:
        if self.starts is None:
            object.__setattr__(self, "starts", _row_starts(self.rows, len(self.participant_ids)))

    @property
    def row_starts(self) -> IntArray:
        """Where each row's votes start, and the end."""
        assert self.starts is not None  # set in __post_init__
        return self.starts

    @classmethod
    def from_votes(cls, votes: Votes) -> KeptVotes:
        """Every vote, laid out afresh (the full rebuild), with the pair sums."""
        pids, sids, rows, cols, values = _latest_values(
            votes.participants, votes.statements, votes.values
        )
        return cls(pids, sids, rows, cols, values, PairSums.of(rows, cols, values, len(sids)))

    def __len__(self) -> int:
        return len(self.values)

    def with_votes(self, votes: Votes) -> KeptVotes:
        """These votes applied: a cell voted on before takes the new value, a new cell is
        added (and with it a new row or column when needed). A later entry for the same
        cell wins, as in `Votes.latest`. The pair sums change by the rows that changed.
        No pass over every vote but the copies the new arrays need: each new vote's cell
        is found from its row's start (kept) by a binary search among that row's columns."""
        if len(votes) == 0:
            return self
        p, s, v = votes.latest()
        old_pids, old_sids = self.participant_ids, self.statement_ids
        pids = _merged(old_pids, p)
        sids = _merged(old_sids, s)
        row_at = np.searchsorted(pids, old_pids)
        col_at = np.searchsorted(sids, old_sids)
        rows = _renumbered(self.rows, row_at)
        cols = _renumbered(self.cols, col_at)
        n_cols = len(sids)
        new_rows, new_cols = np.searchsorted(pids, p), np.searchsorted(sids, s)
        # The old votes' row starts, numbered by today's rows (a new row has none).
        counts = np.zeros(len(pids), dtype=np.int64)
        counts[row_at] = np.diff(self.row_starts)
        old_starts = _starts_of(counts)
        lo, hi = old_starts[new_rows], old_starts[new_rows + 1]
        at = _first_at_least(cols, lo, hi, new_cols)
        found = at < hi
        found[found] = cols[at[found]] == new_cols[found]
        before = self.values[at[found]]
        values = self.values.copy()
        values[at[found]] = v[found]
        fresh = ~found
        old_cols, old_values = cols, self.values
        starts = old_starts
        if fresh.any():
            where = at[fresh]
            rows = np.insert(rows, where, new_rows[fresh])
            cols = np.insert(cols, where, new_cols[fresh])
            values = np.insert(values, where, v[fresh])
            counts += np.bincount(new_rows[fresh], minlength=len(pids))
            starts = _starts_of(counts)
        pairs = self.pairs
        if pairs is not None:
            pairs = pairs.widened(col_at, n_cols)
            delta = v.astype(np.int64)
            delta[found] -= before
            changed = fresh | (delta != 0)
            if changed.any():
                who = np.unique(new_rows[changed])

                def of_changed(
                    bounds: IntArray, c: IntArray, x: npt.NDArray[np.integer[Any]]
                ) -> tuple[IntArray, IntArray, npt.NDArray[np.integer[Any]]]:
                    lo, hi = bounds[who], bounds[who + 1]
                    cells = _ranges(lo, hi)
                    return np.repeat(np.arange(len(who)), hi - lo), c[cells], x[cells]

                pairs = pairs.with_changes(
                    of_changed(old_starts, old_cols, old_values),
                    of_changed(starts, cols, values),
                    (
                        np.searchsorted(who, new_rows[changed]),
                        new_cols[changed],
                        delta[changed],
                        fresh[changed].astype(np.int64),
                    ),
                    n_cols,
                )
        return KeptVotes(pids, sids, rows, cols, values, pairs, starts)

    def votes(self) -> Votes:
        """The kept votes as `Votes` (one per cell)."""
        return Votes(
            participants=self.participant_ids[self.rows],
            statements=self.statement_ids[self.cols],
            values=self.values,
        )

    def matrix(
        self, *, allowed: IntArray | None, moderated: Iterable[int]
    ) -> tuple[VoteMatrix, int]:
        """The `VoteMatrix` (and dropped entries) that `build_matrix` gives for the same
        votes, without sorting them again, with the pair sums of its columns."""
        if allowed is not None:
            known = np.isin(self.statement_ids, allowed)
            if not known.all():
                matrix, ignored = build_matrix(self.votes(), allowed=allowed, moderated=moderated)
                if self.pairs is not None:
                    # The columns left are the allowed ones with votes, in the same order.
                    matrix = replace(matrix, pairs=self.pairs.taken(np.flatnonzero(known)))
                return matrix, ignored
        return _laid_out(
            self.participant_ids,
            self.statement_ids,
            self.rows,
            self.cols,
            self.values,
            moderated,
            self.pairs,
            self.row_starts,
        ), 0


def _renumbered(index: IntArray, at: IntArray) -> IntArray:
    """Row (or column) numbers after new ones were merged in, the old ones now at `at`:
    the same array when they kept their places (the new ids all came after them)."""
    if len(at) == 0 or at[-1] == len(at) - 1:
        return index
    return at[index]


def _starts_of(counts: IntArray) -> IntArray:
    """A CSR row pointer from each row's number of entries."""
    starts = np.zeros(len(counts) + 1, dtype=np.int64)
    np.cumsum(counts, out=starts[1:])
    return starts


def _first_at_least(cols: IntArray, lo: IntArray, hi: IntArray, wanted: IntArray) -> IntArray:
    """For each query, the first place in cols[lo:hi] (sorted) holding at least `wanted`,
    or `hi`: a binary search in each query's own range, all queries at once."""
    lo, hi = lo.copy(), hi.copy()
    active = np.flatnonzero(lo < hi)
    while active.size:
        mid = (lo[active] + hi[active]) // 2
        right = cols[mid] < wanted[active]
        lo[active[right]] = mid[right] + 1
        hi[active[~right]] = mid[~right]
        active = active[lo[active] < hi[active]]
    return lo


def _merged(ids: IntArray, more: IntArray) -> IntArray:
    """`ids` with any of `more` not yet in it (both sorted); `ids` itself when none is new."""
    at = np.searchsorted(ids, more)
    inside = at < len(ids)
    known = np.zeros(len(more), dtype=bool)
    known[inside] = ids[at[inside]] == more[inside]
    if known.all():
        return ids
    return np.union1d(ids, more).astype(np.int64)


def _laid_out(
    participant_ids: IntArray,
    statement_ids: IntArray,
    rows: IntArray,
    cols: IntArray,
    values: npt.NDArray[np.integer[Any]],
    moderated: Iterable[int],
    pairs: PairSums | None = None,
    starts: IntArray | None = None,
) -> VoteMatrix:
    out = np.isin(statement_ids, np.fromiter(moderated, dtype=np.int64))
    n_cols = len(statement_ids)
    counts: IntArray
    sums: FloatArray
    if pairs is not None:  # each column's votes and their sum, without a pass over them
        counts = pairs.both.diagonal().astype(np.int64)
        sums = pairs.values.diagonal().astype(np.float64)
    else:
        counts = np.bincount(cols, minlength=n_cols).astype(np.int64)
        sums = np.asarray(
            np.bincount(cols, weights=values.astype(np.float64), minlength=n_cols),
            dtype=np.float64,
        )
    means = np.divide(sums, counts, out=np.zeros(n_cols), where=counts > 0)
    means[out] = 0.0
    return VoteMatrix(
        participant_ids=participant_ids.astype(np.int64),
        statement_ids=statement_ids.astype(np.int64),
        rows=rows,
        cols=cols,
        values=values,
        moderated=out,
        means=means,
        pairs=pairs,
        starts=starts,
    )
