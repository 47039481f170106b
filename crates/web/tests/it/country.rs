//! A zone's bulletin (`bceao-sfd`, no country of its own): the page shows the zone's table
//! (peer groups and zone) and a plain-link selector of the countries; a country's page shows
//! its total and its peer groups, with every figure disclosure control withheld withheld.

use mizan_service::Actor;
use mizan_service::collection::{Decision, collection, decide};
use mizan_service::publication::{Guard, load_public_table, publish};

use crate::{Site, TestResult, get, on_each_backend, root};

/// The `<th scope="col" class="fig">` headers of a bulletin page (each section repeats them).
fn figure_columns(html: &str) -> usize {
    html.matches("<th scope=\"col\" class=\"fig\">").count()
}

#[test]
fn a_zone_bulletin_lets_the_reader_pick_a_country() -> TestResult {
    on_each_backend(|p, _| {
        p.set_time("2026-01-20 09:00")?;
        let actor = Actor::system();
        let mut registry =
            std::fs::read_to_string(root().join("tests/data/bceao-sfd/institutions.csv"))?;
        // SA02 in Burkina Faso, the three others in Côte d'Ivoire.
        registry = registry.replace(
            "direct_credit,false,false,bceao-sfd,CI",
            "direct_credit,false,false,bceao-sfd,BF",
        );
        let reg = mizan_service::registry::import_institutions(
            &p.app,
            registry.as_bytes(),
            "institutions.csv",
            &actor,
        )?;
        assert!(!reg.refused(), "{:?}", reg.issues);
        let returns = std::fs::read(root().join("tests/data/bceao-sfd/returns-2025q4.csv"))?;
        mizan_service::returns::import_returns(
            &p.app,
            &returns,
            "returns.csv",
            &actor,
            &mizan_service::returns::Scope::Any,
        )?;
        let q4 = mizan_core::Period::parse("2025-Q4")?;
        let coll = collection(&p.app, &actor, "bceao-sfd", q4)?;
        for inst in coll.groups.iter().flat_map(|g| &g.institutions) {
            if let Some(v) = inst.versions.last() {
                decide(&p.app, &actor, v.id, &Decision::Accept)?;
            }
        }
        let rec = publish(&p.app, "bceao-sfd", q4, None, Guard::Check, &actor)?;
        let public = load_public_table(&p.app, rec.id)?;
        let site = Site::start_framework(&p.app, "bceao-sfd")?;

        let zone = get(&site.url("/periods/2025-Q4?lang=fr"))?;
        assert_eq!(zone.status, 200);
        let zone = zone.text()?;
        // The zone's table: three peer groups and the zone, per section; the selector links
        // to each country (no script needed).
        let sections = zone.matches("<section class=\"bulletin-section\">").count();
        assert!(sections > 0);
        assert_eq!(figure_columns(&zone), 4 * sections, "{zone}");
        assert!(
            zone.contains("href=\"/periods/2025-Q4?method=published&#38;country=BF\""),
            "{zone}"
        );
        assert!(zone.contains(">Burkina Faso</a>") && zone.contains(">Côte d&#39;Ivoire</a>"));

        let ci = get(&site.url("/periods/2025-Q4?lang=fr&method=published&country=CI"))?;
        assert_eq!(ci.status, 200);
        let ci = ci.text()?;
        assert_eq!(figure_columns(&ci), 4 * sections);
        assert!(
            ci.contains("Côte d&#39;Ivoire<span class=\"period\">"),
            "{ci}"
        );
        assert!(ci.contains("aria-current=\"page\">Côte d&#39;Ivoire</a>"));
        // Every figure withheld in the country's columns is shown withheld, none other.
        let view = public.for_country(Some(mizan_core::institution::CountryCode::parse("CI")?));
        let withheld = view
            .rows
            .iter()
            .flat_map(|r| &r.cells)
            .filter(|c| c.published.suppressed)
            .count();
        assert!(
            withheld > 0,
            "CI's SA alone and its two mutuals are withheld"
        );
        assert_eq!(ci.matches("<abbr class=\"supp\"").count(), withheld);
        // A country without institutions, or not a country: not found, refused.
        assert_eq!(get(&site.url("/periods/2025-Q4?country=SN"))?.status, 404);
        assert_eq!(get(&site.url("/periods/2025-Q4?country=xyz"))?.status, 400);
        // The indicator page and its chart take the same choice.
        let ind = get(&site.url("/indicators/prud.liquidity?country=BF"))?;
        assert_eq!(ind.status, 200);
        let ind = ind.text()?;
        assert!(
            ind.contains("chart.svg?method=published&#38;lang=fr&#38;country=BF"),
            "{ind}"
        );
        assert_eq!(
            get(&site.url("/indicators/prud.liquidity/chart.svg?country=BF"))?.status,
            200
        );
        Ok(())
    })
}
