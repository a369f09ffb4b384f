//! The hamza spellings of the word list (`morphology.hamza_variant_map`): the spellings of a
//! word that differ only in its hamza seat, grouped, each read as the most frequent; built by
//! [`Lexicon::load`](super::Lexicon::load) into `Lexicon::hamza_variants`, read by
//! [`Lexicon::hamza_canonical`](super::Lexicon::hamza_canonical).

use rustc_hash::{FxHashMap, FxHashSet};

use super::key;
use crate::tables;

/// `morphology.hamza_variant_map`: group the spellings of a word that differ only in its
/// hamza seat; `{normalized spelling: normalized most frequent spelling}`.
pub fn hamza_variant_map(spelled: &FxHashMap<String, u64>) -> FxHashMap<String, String> {
    let seats: Vec<char> = tables::HAMZA_SEATS.chars().collect();
    let has_seat = |w: &str| w.chars().any(|c| seats.contains(&c));
    let get = |w: &str| spelled.get(w).copied().unwrap_or(0);
    let dominated = |w: &str, f: u64| get(&key(w)) as f64 > tables::MAX_VARIANT_RATIO * f as f64;

    // parent, in insertion order (the groups' order decides which group a form ends in)
    let mut parent: FxHashMap<String, String> = FxHashMap::default();
    let mut order: Vec<String> = Vec::new();
    let mut plain: FxHashMap<String, String> = FxHashMap::default();
    fn find(parent: &FxHashMap<String, String>, w: &str) -> String {
        let mut w = w;
        while let Some(p) = parent.get(w) {
            if p == w {
                break;
            }
            w = p;
        }
        w.to_owned()
    }

    let mut seated: Vec<(&String, u64)> =
        spelled.iter().filter(|(w, &f)| f >= tables::MIN_VARIANT_FREQ && has_seat(w)).map(|(w, &f)| (w, f)).collect();
    seated.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
    for (word, f) in seated {
        if dominated(word, f) {
            continue;
        }
        let cs: Vec<char> = word.chars().collect();
        for i in 1..cs.len() {
            let Some(&(_, variants)) = tables::SEAT_VARIANTS.iter().find(|(s, _)| *s == cs[i]) else {
                continue;
            };
            for seat in variants.chars() {
                let mut o = cs.clone();
                o[i] = seat;
                let other: String = o.iter().collect();
                let fo = get(&other);
                if other != *word
                    && tables::MIN_VARIANT_FREQ <= fo
                    && fo as f64 <= tables::MAX_VARIANT_RATIO * f as f64
                    && !dominated(&other, fo)
                {
                    // union(word, other)
                    let (ra, rb) = (find(&parent, word), find(&parent, &other));
                    if ra == rb {
                        continue;
                    }
                    let pa = plain.get(&ra).cloned().unwrap_or_else(|| {
                        if has_seat(word) {
                            String::new()
                        } else {
                            word.clone()
                        }
                    });
                    let pb = plain.get(&rb).cloned().unwrap_or_else(|| {
                        if has_seat(&other) {
                            String::new()
                        } else {
                            other.clone()
                        }
                    });
                    if !pa.is_empty() && !pb.is_empty() && pa != pb {
                        continue;
                    }
                    parent.insert(rb.clone(), ra.clone());
                    order.push(rb);
                    plain.insert(ra, if pa.is_empty() { pb } else { pa });
                }
            }
        }
    }
    let mut groups: Vec<(String, Vec<String>)> = Vec::new();
    let mut group_of: FxHashMap<String, usize> = FxHashMap::default();
    for w in &order {
        let root = find(&parent, w);
        let ix = *group_of.entry(root.clone()).or_insert_with(|| {
            groups.push((root.clone(), Vec::new()));
            groups.len() - 1
        });
        groups[ix].1.push(w.clone());
    }
    let mut out = FxHashMap::default();
    for (root, mut members) in groups {
        members.push(root);
        members.sort();
        members.dedup();
        // the most frequent spelling (ties: the first in code point order)
        let best = members.iter().max_by(|a, b| get(a).cmp(&get(b)).then_with(|| b.cmp(a))).expect("a member");
        let best = key(best);
        let forms: FxHashSet<String> = members.iter().map(|m| key(m)).collect();
        if forms.len() > 1 {
            for form in forms {
                out.insert(form, best.clone());
            }
        }
    }
    out
}
