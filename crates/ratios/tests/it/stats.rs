//! Quartiles by linear interpolation between order statistics (type 7).

use mizan_ratios::{Distribution, quantile};

use crate::fixture::dec;

/// `[min, q1, median, q3, max]` of `values` (given in any order); `None` when empty.
#[track_caller]
fn check(values: &[&str], expected: Option<[&str; 5]>) {
    let mut v: Vec<_> = values.iter().filter_map(|s| dec(s).ok()).collect();
    assert_eq!(v.len(), values.len());
    let got = Distribution::of(&mut v).map(|d| {
        assert_eq!(d.n, values.len());
        [d.min, d.q1, d.median, d.q3, d.max].map(|x| x.normalize().to_string())
    });
    assert_eq!(got, expected.map(|e| e.map(str::to_owned)), "{values:?}");
}

#[test]
fn quartiles_interpolate_between_order_statistics() {
    check(&[], None);
    check(&["5"], Some(["5", "5", "5", "5", "5"]));
    check(&["2", "1"], Some(["1", "1.25", "1.5", "1.75", "2"]));
    check(&["3", "1", "2"], Some(["1", "1.5", "2", "2.5", "3"]));
    check(
        &["4", "2", "3", "1"],
        Some(["1", "1.75", "2.5", "3.25", "4"]),
    );
    check(&["1", "2", "3", "4", "5"], Some(["1", "2", "3", "4", "5"]));
    // h = 5 × ¼ = 1.25: 10 + 0.25 × (20 − 10) = 12.5; h = 3.75: 40 + 0.75 × 10 = 47.5.
    check(
        &["0", "10", "20", "30", "40", "50"],
        Some(["0", "12.5", "25", "37.5", "50"]),
    );
    check(
        &["-42.57", "4.41", "-10", "100"],
        Some(["-42.57", "-18.1425", "-2.795", "28.3075", "100"]),
    );
    check(&["7", "7", "7"], Some(["7", "7", "7", "7", "7"]));
}

#[test]
fn quantile_bounds() {
    let v: Vec<_> = ["1", "2", "3"].iter().filter_map(|s| dec(s).ok()).collect();
    let q = |n, d| quantile(&v, n, d).map(|x| x.to_string());
    assert_eq!(q(0, 1).as_deref(), Some("1"));
    assert_eq!(q(1, 1).as_deref(), Some("3"));
    assert_eq!(q(1, 10).as_deref(), Some("1.2"));
    assert_eq!(q(2, 1), None);
    assert_eq!(q(1, 0), None);
    assert_eq!(quantile(&[], 1, 2), None);
}
