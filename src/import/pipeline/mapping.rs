//! Which field each column of a file holds: the kind of list its headers
//! suggest, and the mapping the user chose last time for the same headers
//! (kept in the book's settings).

use crate::import::fields::{ImportKind, Mapping, header_set_key, match_headers};
use crate::store::{Store, StoreError};

/// The kind of list a header row most likely belongs to: the kind whose
/// synonyms match the most columns (customers on a tie), so a sales file
/// opens as sales without the user choosing.
pub fn guess_kind(headers: &[String]) -> ImportKind {
    let score = |kind: ImportKind| {
        let mapping = match_headers(kind, headers);
        let matched = mapping.columns.iter().flatten().count();
        (mapping.is_ready(), matched)
    };
    let mut best = ImportKind::Customers;
    for kind in [ImportKind::Sales, ImportKind::Payments, ImportKind::Returns] {
        if score(kind) > score(best) {
            best = kind;
        }
    }
    best
}

/// The settings key under which the mapping for these headers is kept.
fn mapping_key(kind: ImportKind, headers: &[String]) -> String {
    format!("import.mapping.{}.{}", kind.code(), header_set_key(headers))
}

/// The mapping the user last chose for a file with these headers, else the
/// one matched by synonyms.
pub fn remembered_mapping(store: &Store, kind: ImportKind, headers: &[String]) -> Mapping {
    let key = mapping_key(kind, headers);
    store
        .setting(&key)
        .inspect_err(|e| log::warn!("could not read the remembered mapping {key}: {e}"))
        .ok()
        .flatten()
        .and_then(|json| {
            serde_json::from_str::<Mapping>(&json)
                .inspect_err(|e| log::warn!("the remembered mapping {key} is unreadable: {e}"))
                .ok()
        })
        .filter(|m| m.kind == kind && m.columns.len() == headers.len())
        .unwrap_or_else(|| match_headers(kind, headers))
}

/// Remembers the user's mapping for files with these headers.
pub fn remember_mapping(
    store: &mut Store,
    mapping: &Mapping,
    headers: &[String],
) -> Result<(), StoreError> {
    let json = serde_json::to_string(mapping).unwrap_or_default();
    store.set_setting(&mapping_key(mapping.kind, headers), &json)
}
