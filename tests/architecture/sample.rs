//! The sample generator is built on the domain, never the other way round: the domain holds
//! only rules.

use super::offenders;

#[test]
fn the_domain_does_not_use_the_sample_generator() {
    let found = offenders("domain", &["crate::sample", "sample::"]);
    assert!(found.is_empty(), "{found:#?}");
}
