//! `kavosh._core`: the compiled analysis core of Kavosh (PyO3 bindings of `kavosh-analysis`).
//!
//! Thin: each function converts its arguments, releases the GIL around the work and
//! converts the result.  The Python modules of `kavosh.analysis` are the specification
//! and the fallback (`KAVOSH_PURE_PYTHON=1`, or when this module is not built).
#![forbid(unsafe_code)]

use kavosh_analysis::scan::lead_letters;
use kavosh_analysis::{normalize as norm, Scanner};
use pyo3::prelude::*;
use pyo3::types::{PyFrozenSet, PyList, PyString};

fn scanner() -> &'static Scanner {
    static SCANNER: std::sync::OnceLock<Scanner> = std::sync::OnceLock::new();
    SCANNER.get_or_init(Scanner::default)
}

/// normalize(text: str) -> str: every char filter applied (``normalize.normalize``).
#[pyfunction]
fn normalize(py: Python<'_>, text: &str) -> String {
    py.detach(|| norm::normalize(text))
}

/// normalize_with_offsets(text: str) -> (str, list[int], list[int]): ``normalize.normalize_with_offsets``.
#[pyfunction]
fn normalize_with_offsets(py: Python<'_>, text: &str) -> (String, Vec<usize>, Vec<usize>) {
    py.detach(|| {
        let n = norm::normalize_with_offsets(text);
        (n.chars.into_iter().collect(), n.starts, n.ends)
    })
}

/// scan(text: str) -> list[str]: exactly ``tokenize.SCAN_RE.findall(text)``.
#[pyfunction]
fn scan(py: Python<'_>, text: &str) -> Vec<String> {
    py.detach(|| {
        let d: Vec<char> = text.chars().collect();
        let mut spans = Vec::new();
        scanner().scan(&d, true, &mut spans);
        spans
            .iter()
            .map(|&(a, b)| d[a..b].iter().collect())
            .collect()
    })
}

/// join_hits(surfaces: list[str], first_sep: frozenset[str], join: frozenset[str]) -> list[int]:
/// the ``i`` where ``surfaces[i]`` is in ``first_sep`` and ``surfaces[i][:-1]`` + the letters
/// that begin ``surfaces[i + 1]`` is in ``join`` (``Compounds._join_hits``).
#[pyfunction]
fn join_hits(
    surfaces: &Bound<'_, PyList>,
    first_sep: &Bound<'_, PyFrozenSet>,
    join: &Bound<'_, PyFrozenSet>,
) -> PyResult<Vec<usize>> {
    let mut out = Vec::new();
    let n = surfaces.len();
    for i in 0..n.saturating_sub(1) {
        let first = surfaces.get_item(i)?;
        let nxt = surfaces.get_item(i + 1)?;
        let (Ok(first), Ok(nxt)) = (first.cast_exact::<PyString>(), nxt.cast_exact::<PyString>())
        else {
            continue;
        };
        if !first_sep.contains(first)? {
            continue;
        }
        let nxt: Vec<char> = nxt.to_str()?.chars().collect();
        let lead = lead_letters(&nxt);
        if lead == 0 {
            continue;
        }
        let first = first.to_str()?;
        let mut key: String = first.chars().take(first.chars().count() - 1).collect();
        key.extend(&nxt[..lead]);
        if join.contains(key)? {
            out.push(i);
        }
    }
    Ok(out)
}

/// The compiled analysis core (see the crate documentation).
#[pymodule]
fn _core(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(normalize, m)?)?;
    m.add_function(wrap_pyfunction!(normalize_with_offsets, m)?)?;
    m.add_function(wrap_pyfunction!(scan, m)?)?;
    m.add_function(wrap_pyfunction!(join_hits, m)?)?;
    Ok(())
}
