use mizan_core::Period;
use mizan_service::collection::collection;
use mizan_service::demo::{QUARTERS, load};
use mizan_service::publication::published_quarters;

use crate::{TestResult, on_each_backend};

#[test]
fn the_demo_dataset_loads_through_the_real_use_cases() -> TestResult {
    on_each_backend(|p| {
        let summary = load(&p.app)?;
        assert_eq!(summary.institutions, 25);
        assert_eq!(summary.quarters.len(), QUARTERS.len());
        assert_eq!(summary.refused, 1);
        assert_eq!(summary.publications, 9);
        let published = published_quarters(&p.app, "apsfd-ci")?;
        assert_eq!(published.len(), 8);
        let revised: Vec<_> = published.iter().filter(|q| q.revisions.len() > 1).collect();
        assert_eq!(revised.len(), 1);
        assert_eq!(revised[0].latest.period.to_string(), "2025-Q3");
        // Some returns are late, some missing; the converted mutual is an SA from 2025-Q1.
        let c = collection(&p.app, "apsfd-ci", Period::parse("2024-Q3")?)?;
        let late = c
            .groups
            .iter()
            .flat_map(|g| &g.institutions)
            .filter(|i| i.late_working_days > 0)
            .count();
        let missing = c
            .groups
            .iter()
            .flat_map(|g| &g.institutions)
            .filter(|i| !i.received())
            .count();
        assert!(late > 0 && missing > 0, "late {late}, missing {missing}");
        let sa_2025 = collection(&p.app, "apsfd-ci", Period::parse("2025-Q1")?)?;
        assert!(
            sa_2025.groups[0]
                .institutions
                .iter()
                .any(|i| i.code.as_str() == "DMU14")
        );
        // Loading twice is refused.
        assert!(load(&p.app).is_err());
        Ok(())
    })
}
