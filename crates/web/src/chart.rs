//! Time-series charts drawn on the server as SVG (plotters, SVG backend only).
//!
//! The figures are the exact decimals rounded for display; they become floating point only
//! here, as drawing coordinates (a chart has no other number type), never for a figure that is
//! written out: the axis labels are written from decimals again, in the page's language.

use mizan_core::framework::DisplayKind;
use mizan_core::{Decimal, Lang};
use plotters::coord::ranged1d::SegmentValue;
use plotters::prelude::*;
use rust_decimal::prelude::ToPrimitive;

use crate::error::AppError;
use crate::format;

/// One line of the chart: a column of the table (a peer group or the sector).
#[derive(Debug, Clone)]
pub struct Series {
    /// Legend.
    pub label: String,
    /// (index of the quarter, figure as displayed).
    pub points: Vec<(usize, Decimal)>,
}

/// A chart of one indicator over the published quarters.
#[derive(Debug, Clone)]
pub struct Chart {
    /// Caption.
    pub title: String,
    /// The quarters, oldest first.
    pub x_labels: Vec<String>,
    /// One line per column.
    pub series: Vec<Series>,
    /// How figures are shown (axis labels).
    pub display: DisplayKind,
    /// Language of the labels.
    pub lang: Lang,
    /// Said when there is nothing to draw.
    pub empty: String,
    /// Horizontal lines across the chart (a norm's bounds): legend and level, as displayed.
    pub levels: Vec<(String, Decimal)>,
}

/// Width and height of every chart, in CSS pixels.
pub const SIZE: (u32, u32) = (760, 400);

const COLOURS: [RGBColor; 5] = [
    RGBColor(31, 90, 166),
    RGBColor(196, 98, 16),
    RGBColor(46, 125, 50),
    RGBColor(120, 60, 150),
    RGBColor(90, 90, 90),
];

fn err(e: impl std::fmt::Display) -> AppError {
    AppError::Chart(e.to_string())
}

fn axis_label(v: f64, display: DisplayKind, lang: Lang) -> String {
    let Ok(d) = Decimal::try_from(v) else {
        return String::new();
    };
    let decimals = if v.abs() >= 100.0 {
        0
    } else {
        display.decimals().min(1)
    };
    let rounded = mizan_core::number::round_half_away(d, decimals);
    let text = format::decimal(rounded, lang);
    match display {
        DisplayKind::Percent | DisplayKind::Rate => match lang {
            Lang::En => format!("{text}%"),
            Lang::Fr => format!("{text}\u{202F}%"),
            Lang::Ar => format!("{text}\u{A0}%"),
        },
        _ => text,
    }
}

/// Draws the chart as an SVG document.
pub fn render(chart: &Chart) -> Result<String, AppError> {
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, SIZE).into_drawing_area();
        root.fill(&WHITE).map_err(err)?;
        let values: Vec<f64> = chart
            .series
            .iter()
            .flat_map(|s| s.points.iter().filter_map(|(_, v)| v.to_f64()))
            .collect();
        let levels: Vec<f64> = chart
            .levels
            .iter()
            .filter_map(|(_, v)| v.to_f64())
            .collect();
        let n = i32::try_from(chart.x_labels.len()).unwrap_or(i32::MAX);
        if values.is_empty() || n == 0 {
            root.draw(&Text::new(
                chart.empty.clone(),
                (40, 190),
                ("sans-serif", 18).into_font().color(&BLACK),
            ))
            .map_err(err)?;
            root.present().map_err(err)?;
            drop(root);
            return Ok(svg);
        }
        let (lo, hi) = values
            .iter()
            .chain(&levels)
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(l, h), v| {
                (l.min(*v), h.max(*v))
            });
        let pad = if (hi - lo).abs() < f64::EPSILON {
            hi.abs().max(1.0) * 0.1
        } else {
            (hi - lo) * 0.1
        };
        let (y0, y1) = (
            if lo >= 0.0 {
                (lo - pad).max(0.0)
            } else {
                lo - pad
            },
            hi + pad,
        );
        let mut ctx = ChartBuilder::on(&root)
            .caption(chart.title.clone(), ("sans-serif", 17))
            .margin(12)
            .x_label_area_size(36)
            .y_label_area_size(84)
            // `into_segmented` makes one segment per value of the range, both ends included.
            .build_cartesian_2d((0..n - 1).into_segmented(), y0..y1)
            .map_err(err)?;
        let labels = chart.x_labels.clone();
        let (display, lang) = (chart.display, chart.lang);
        ctx.configure_mesh()
            .disable_x_mesh()
            .x_labels(labels.len().min(12))
            .x_label_formatter(&|x| match x {
                SegmentValue::CenterOf(i) | SegmentValue::Exact(i) => usize::try_from(*i)
                    .ok()
                    .and_then(|i| labels.get(i))
                    .cloned()
                    .unwrap_or_default(),
                SegmentValue::Last => String::new(),
            })
            .y_labels(6)
            .y_label_formatter(&|v| axis_label(*v, display, lang))
            .label_style(("sans-serif", 13))
            .light_line_style(RGBColor(235, 235, 235))
            .draw()
            .map_err(err)?;
        for (k, s) in chart.series.iter().enumerate() {
            let colour = COLOURS[k % COLOURS.len()];
            let indexed: Vec<(i32, f64)> = s
                .points
                .iter()
                .filter_map(|(i, v)| Some((i32::try_from(*i).ok()?, v.to_f64()?)))
                .collect();
            // A quarter without a figure is a gap: the line is drawn run by run.
            let mut runs: Vec<Vec<(SegmentValue<i32>, f64)>> = Vec::new();
            let mut last: Option<i32> = None;
            for (i, v) in &indexed {
                let p = (SegmentValue::CenterOf(*i), *v);
                match runs.last_mut() {
                    Some(run) if last.is_some_and(|l| l + 1 == *i) => run.push(p),
                    _ => runs.push(vec![p]),
                }
                last = Some(*i);
            }
            let pts: Vec<(SegmentValue<i32>, f64)> = runs.iter().flatten().cloned().collect();
            for (r, run) in runs.into_iter().enumerate() {
                let drawn = ctx
                    .draw_series(LineSeries::new(run, colour.stroke_width(2)))
                    .map_err(err)?;
                if r == 0 {
                    drawn.label(s.label.clone()).legend(move |(x, y)| {
                        PathElement::new(vec![(x, y), (x + 18, y)], colour.stroke_width(3))
                    });
                }
            }
            ctx.draw_series(
                pts.into_iter()
                    .map(move |p| Circle::new(p, 4, colour.filled())),
            )
            .map_err(err)?;
        }
        for (label, level) in &chart.levels {
            let Some(y) = level.to_f64() else { continue };
            let red = RGBColor(183, 28, 28);
            ctx.draw_series(DashedLineSeries::new(
                [SegmentValue::Exact(0), SegmentValue::Last]
                    .into_iter()
                    .map(|x| (x, y)),
                6,
                4,
                red.stroke_width(2),
            ))
            .map_err(err)?
            .label(label.clone())
            .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 18, y)], red.stroke_width(2)));
        }
        ctx.configure_series_labels()
            .position(SeriesLabelPosition::UpperRight)
            .background_style(WHITE.mix(0.85))
            .border_style(RGBColor(180, 180, 180))
            .label_font(("sans-serif", 13))
            .draw()
            .map_err(err)?;
        root.present().map_err(err)?;
    }
    Ok(svg)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chart(points: usize) -> Chart {
        Chart {
            title: "PAR 30".into(),
            x_labels: (1..=points).map(|q| format!("T{q} 2016")).collect(),
            series: vec![Series {
                label: "SA".into(),
                points: (0..points)
                    .map(|i| (i, Decimal::from(4 + i as i64)))
                    .collect(),
            }],
            display: DisplayKind::Percent,
            lang: Lang::Fr,
            empty: "rien".into(),
            levels: Vec::new(),
        }
    }

    #[test]
    fn one_point_or_several_are_drawn_with_their_labels() -> Result<(), AppError> {
        for n in [1, 3] {
            let svg = render(&chart(n))?;
            assert!(svg.starts_with("<svg width=\"760\" height=\"400\""));
            assert_eq!(svg.matches("<circle").count(), n, "{n}");
            for q in 1..=n {
                assert!(svg.contains(&format!("T{q} 2016")), "{n}");
            }
            assert!(
                svg.contains("4\u{202F}%") || svg.contains("4,0\u{202F}%"),
                "{n}"
            );
            assert!(!svg.contains("style="));
        }
        let empty = render(&chart(0))?;
        assert!(empty.contains("rien"));
        Ok(())
    }

    #[test]
    fn a_gap_breaks_the_line_and_a_norm_is_drawn_across() -> Result<(), AppError> {
        let mut c = chart(4);
        c.series[0].points.remove(2);
        c.levels = vec![("Norme : < 5 %".into(), Decimal::from(5))];
        let svg = render(&c)?;
        assert_eq!(svg.matches("<circle").count(), 3);
        // Two runs of the line (0–1, then 3 alone), drawn as polylines.
        let line = "<polyline fill=\"none\" opacity=\"1\" stroke=\"#1F5AA6\" stroke-width=\"2\"";
        assert_eq!(svg.matches(line).count(), 2, "{svg}");
        assert!(svg.contains("Norme : &lt; 5 %"));
        Ok(())
    }
}
