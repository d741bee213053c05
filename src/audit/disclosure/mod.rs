//! A budget or final-accounts disclosure (部门预算/决算公开) audited as one
//! whole: its standard tables read as facts (`facts`), the identities that
//! tie the tables together (`identities`), the tables it must have and the
//! prose that speaks of a blank one (`completeness`), and years and
//! placeholders that betray a copied template (`hygiene`).
//!
//! A disclosure is often published as several files (情况说明 and tables
//! apart): each file is audited on its own, and a check whose half is in the
//! other file is not run (and not counted).

pub mod completeness;
pub mod facts;
pub mod hygiene;
pub mod identities;

use super::Recorder;
use crate::model::Document;
use crate::structure::kind::is_disclosure;

/// Run the disclosure checks and keep the facts in the document.
pub fn run(doc: &mut Document, rec: &mut Recorder) {
    hygiene::placeholders(doc, rec);
    if !doc.kind.is_some_and(is_disclosure) {
        // A 三公 table outside a disclosure (a 绩效 report's) still adds up.
        identities::sangong(doc, rec);
        return;
    }
    let facts = facts::read(doc);
    identities::check(doc, &facts, rec);
    completeness::check(doc, rec);
    hygiene::years(doc, rec);
    doc.facts = facts.facts;
}
