"""Vectorised lab values: one array per test over all sample draws.

The response model: HbA1c falls by a subject-level ``drop`` (larger in the active
arms, by the arm actually received) reached at week 24 and waning a little after;
FPG falls with it; C-peptide rises; everything else varies around a subject mean.

>>> import numpy as np
>>> np.round(response_curve(np.array([0.0, 12.0, 24.0, 48.0])), 2).tolist()
[0.0, 0.5, 1.0, 0.7]
"""

from __future__ import annotations

import numpy as np

from .lab_tests import DIFFERENTIALS, TESTS, TEXT_RESULTS, LabTest

ARM_DROP = {"OCNMSC": (1.0, 0.25), "MSC": (0.7, 0.25), "PBO": (0.15, 0.15)}


def response_curve(week: np.ndarray) -> np.ndarray:
    """Fraction of the full HbA1c effect reached at ``week`` (1.0 at week 24, 0.7 at 48)."""
    rise = np.clip(week / 24.0, 0.0, 1.0)
    wane = 0.3 * np.clip((week - 24.0) / 24.0, 0.0, 1.0)
    return rise - wane


def subject_params(arms: list[str | None], hba1c0: np.ndarray, female: np.ndarray,
                   rng: np.random.Generator) -> dict[str, np.ndarray]:
    """Per-subject response parameters and one between-subject z-score per test."""
    n = len(arms)
    mean = np.array([ARM_DROP.get(a or "", (0.0, 0.0))[0] for a in arms])
    sd = np.array([ARM_DROP.get(a or "", (0.0, 0.0))[1] for a in arms])
    drop = np.clip(mean + sd * rng.standard_normal(n), 0.0, 1.6)
    fpg0 = np.clip(7.5 + (hba1c0 - 7.6) / 2.2 * 3.0 + rng.normal(0, 0.9, n), 7.5, 13.0)
    return {
        "drop": drop, "hba1c0": hba1c0, "fpg0": fpg0, "female": female,
        "cpep0": rng.uniform(0.3, 2.0, n), "ins0": np.exp(rng.normal(np.log(9.0), 0.4, n)),
        "z": rng.standard_normal((n, len(TESTS))),
    }


def efficacy_values(code: str, p: dict[str, np.ndarray], subj: np.ndarray, week: np.ndarray,
                    kind: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """HbA1c %, FPG mmol/L, C-peptide ng/mL, insulin uIU/mL for every draw."""
    n = len(subj)
    effect = p["drop"][subj] * response_curve(week)
    if code == "HBA1C":
        noisy = p["hba1c0"][subj] - effect + rng.normal(0, 0.12, n)
        return np.where(kind == 0, p["hba1c0"][subj], noisy)
    if code == "GLUC":
        fed = np.where(kind == 3, rng.uniform(1.0, 4.0, n), 0.0)
        return np.clip(p["fpg0"][subj] * (1 - 0.13 * effect) + rng.normal(0, 0.5, n) + fed,
                       3.0, None)
    if code == "CPEPTIDE":
        return p["cpep0"][subj] * (1 + 0.3 * effect) * np.exp(rng.normal(0, 0.1, n))
    return p["ins0"][subj] * np.exp(rng.normal(0, 0.2, n))


def _generic(t: LabTest, j: int, p: dict[str, np.ndarray], subj: np.ndarray,
             rng: np.random.Generator) -> np.ndarray:
    n = len(subj)
    mean = np.full(n, t.mean)
    if t.female is not None:
        mean = np.where(p["female"][subj], t.female[2], t.mean)
    z = p["z"][subj, j] + 0.4 * rng.standard_normal(n)
    if t.log:
        return np.exp(np.log(mean) + t.sd * z)
    return np.clip(mean + t.sd * z, 0.0, None)


def numeric_values(p: dict[str, np.ndarray], subj: np.ndarray, week: np.ndarray,
                   kind: np.ndarray, rng: np.random.Generator) -> dict[int, np.ndarray]:
    """Values of every numeric test (index into TESTS -> array over draws)."""
    out: dict[int, np.ndarray] = {}
    index = {t.code: j for j, t in enumerate(TESTS) if t.spec == "BLOOD"}
    for j, t in enumerate(TESTS):
        if t.kind != "num" or t.code in DIFFERENTIALS:
            continue
        if t.cat == "DIABETES":
            out[j] = efficacy_values(t.code, p, subj, week, kind, rng)
        elif t.code == "SPGRAV":
            out[j] = 1.005 + 0.005 * rng.integers(0, 6, len(subj))
        elif t.code == "PH":
            out[j] = 5.0 + 0.5 * rng.integers(0, 6, len(subj))
        else:
            out[j] = _generic(t, j, p, subj, rng)
    fractions = np.column_stack([
        np.clip(TESTS[index[c]].mean + TESTS[index[c]].sd
                * (p["z"][subj, index[c]] + 0.5 * rng.standard_normal(len(subj))), 0.001, None)
        for c in DIFFERENTIALS])
    fractions /= fractions.sum(axis=1, keepdims=True)
    wbc = out[index["WBC"]]
    for k, code in enumerate(DIFFERENTIALS):
        out[index[code]] = wbc * fractions[:, k]
        out[index[code + "LE"]] = 100.0 * fractions[:, k]
    return out


def text_values(n: int, rng: np.random.Generator) -> dict[int, np.ndarray]:
    """Text results (urinalysis dipstick, serology) for every draw."""
    out = {}
    for j, t in enumerate(TESTS):
        if t.kind == "text":
            values, probs = TEXT_RESULTS[t.code]
            out[j] = np.asarray(values, dtype=object)[rng.choice(len(values), n, p=probs)]
    return out
