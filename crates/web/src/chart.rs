//! Time-series charts drawn on the server as SVG (plotters, SVG backend only).
//!
//! The figures are the exact decimals rounded for display; they become floating point only
//! here, as drawing coordinates (a chart has no other number type), never for a figure that is
//! written out: the axis labels are written from decimals again, in the page's language.

use mizan_core::framework::{DisplayKind, NormTest};
use mizan_core::{Decimal, Lang};
use plotters::coord::ranged1d::SegmentValue;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
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

/// A shaded band around a line (the interquartile range of a column), drawn in its line's
/// colour.
#[derive(Debug, Clone)]
pub struct Band {
    /// Legend.
    pub label: String,
    /// The line it belongs to (index in [`Chart::series`]: its colour).
    pub series: usize,
    /// (index of the quarter, low, high), as displayed.
    pub points: Vec<(usize, Decimal, Decimal)>,
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
    /// Shaded bands (interquartile ranges), drawn under the lines.
    pub bands: Vec<Band>,
}

/// The levels a norm draws on a chart, in the indicator's own unit (a trend draws none).
pub(crate) fn norm_levels(norm: &NormTest) -> Vec<Decimal> {
    match norm {
        NormTest::Compare(_, bound) => vec![*bound],
        NormTest::Between(a, b) => vec![*a, *b],
        NormTest::Trend(_) => Vec::new(),
    }
}

/// Width and height of every chart, in CSS pixels.
pub const SIZE: (u32, u32) = (760, 400);

/// Height of one line of the legend, in pixels.
const LEGEND_LINE: u32 = 20;

const COLOURS: [RGBColor; 5] = [
    RGBColor(31, 90, 166),
    RGBColor(196, 98, 16),
    RGBColor(46, 125, 50),
    RGBColor(120, 60, 150),
    RGBColor(90, 90, 90),
];

/// The colour of the norm's lines.
const NORM: RGBColor = RGBColor(183, 28, 28);

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

/// What a legend entry shows beside its label.
#[derive(Debug, Clone, Copy)]
enum Swatch {
    /// A line with a marker (a series).
    Line(RGBColor),
    /// A shaded square (a band).
    Band(RGBColor),
    /// A dashed line (a norm).
    Dashed(RGBColor),
}

/// The legend's entries, in order: lines, bands, then the norm's levels (one entry per label).
fn legend_entries(chart: &Chart) -> Vec<(String, Swatch)> {
    let mut out: Vec<(String, Swatch)> = chart
        .series
        .iter()
        .enumerate()
        .filter(|(_, s)| !s.points.is_empty())
        .map(|(k, s)| (s.label.clone(), Swatch::Line(COLOURS[k % COLOURS.len()])))
        .collect();
    out.extend(
        chart
            .bands
            .iter()
            .filter(|b| !b.points.is_empty())
            .map(|b| {
                (
                    b.label.clone(),
                    Swatch::Band(COLOURS[b.series % COLOURS.len()]),
                )
            }),
    );
    for (label, _) in &chart.levels {
        if !out.iter().any(|(l, _)| l == label) {
            out.push((label.clone(), Swatch::Dashed(NORM)));
        }
    }
    out
}

/// The legend's layout: (columns, lines). Two columns when every label is short enough.
fn legend_layout(entries: &[(String, Swatch)]) -> (usize, usize) {
    let cols = if entries.len() > 1 && entries.iter().all(|(l, _)| l.chars().count() <= 52) {
        2
    } else {
        1
    };
    (cols, entries.len().div_ceil(cols))
}

/// Where the legend begins (pixels from the top): below the plot and its axis labels, so that
/// it never covers a figure.
pub fn legend_top(chart: &Chart) -> u32 {
    let (_, lines) = legend_layout(&legend_entries(chart));
    let lines = u32::try_from(lines).unwrap_or(u32::MAX);
    SIZE.1
        .saturating_sub(lines.saturating_mul(LEGEND_LINE).saturating_add(8))
}

/// Draws the legend in its own area under the plot, in reading order: from the left, or from
/// the right for Arabic (swatch at the right of its label).
fn draw_legend<DB: DrawingBackend>(
    area: &DrawingArea<DB, plotters::coord::Shift>,
    entries: &[(String, Swatch)],
    rtl: bool,
) -> Result<(), AppError> {
    let (cols, lines) = legend_layout(entries);
    let width = i32::try_from(SIZE.0).unwrap_or(760);
    let col_w = (width - 24) / i32::try_from(cols).unwrap_or(1);
    let line_h = i32::try_from(LEGEND_LINE).unwrap_or(20);
    for (k, (label, swatch)) in entries.iter().enumerate() {
        let (col, line) = (
            i32::try_from(k / lines.max(1)).unwrap_or(0),
            i32::try_from(k % lines.max(1)).unwrap_or(0),
        );
        let y = 4 + line * line_h + line_h / 2;
        // Start of the swatch (left end in LTR, right end in RTL).
        // In Arabic the label starts at its right end: anchored at its start, and the text is
        // given `direction="rtl"` once drawn (see `render`).
        let (x0, x1, text_x, anchor) = if rtl {
            let right = width - 12 - col * col_w;
            (right - 22, right, right - 28, HPos::Left)
        } else {
            let left = 12 + col * col_w;
            (left, left + 22, left + 28, HPos::Left)
        };
        match *swatch {
            Swatch::Line(c) => {
                // Thicker than the plot's lines, and no marker: every circle is a figure.
                area.draw(&PathElement::new(vec![(x0, y), (x1, y)], c.stroke_width(3)))
                    .map_err(err)?;
            }
            Swatch::Band(c) => {
                area.draw(&Rectangle::new(
                    [(x0, y - 6), (x1, y + 6)],
                    c.mix(0.18).filled(),
                ))
                .map_err(err)?;
            }
            Swatch::Dashed(c) => {
                for (a, b) in [(x0, x0 + 8), (x0 + 12, x1)] {
                    area.draw(&PathElement::new(vec![(a, y), (b, y)], c.stroke_width(2)))
                        .map_err(err)?;
                }
            }
        }
        area.draw(&Text::new(
            label.clone(),
            (text_x, y),
            ("sans-serif", 13)
                .into_font()
                .color(&BLACK)
                .pos(Pos::new(anchor, VPos::Center)),
        ))
        .map_err(err)?;
    }
    Ok(())
}

/// Runs of consecutive quarters: a quarter without a figure is a gap.
fn runs<T: Clone>(points: impl IntoIterator<Item = (i32, T)>) -> Vec<Vec<(i32, T)>> {
    let mut runs: Vec<Vec<(i32, T)>> = Vec::new();
    let mut last: Option<i32> = None;
    for (i, v) in points {
        match runs.last_mut() {
            Some(run) if last.is_some_and(|l| l + 1 == i) => run.push((i, v)),
            _ => runs.push(vec![(i, v)]),
        }
        last = Some(i);
    }
    runs
}

/// Draws the chart as an SVG document: the plot (y axis from zero, or below it for negative
/// figures), the bands, the norm's levels, the lines with a marker on every point, and the
/// legend under the plot.
///
/// Coordinates are `f64`: the exact figures become floating point here only, to be placed;
/// every number written as text (axis labels, legend) comes from a decimal.
pub fn render(chart: &Chart) -> Result<String, AppError> {
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, SIZE).into_drawing_area();
        root.fill(&WHITE).map_err(err)?;
        let values: Vec<f64> = chart
            .series
            .iter()
            .flat_map(|s| s.points.iter().filter_map(|(_, v)| v.to_f64()))
            .chain(
                chart
                    .bands
                    .iter()
                    .flat_map(|b| b.points.iter())
                    .flat_map(|(_, lo, hi)| [lo.to_f64(), hi.to_f64()])
                    .flatten(),
            )
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
        // The axis always shows zero: a rate read against a cut axis looks larger than it is.
        let (lo, hi) = values
            .iter()
            .chain(&levels)
            .fold((0.0_f64, 0.0_f64), |(l, h), v| (l.min(*v), h.max(*v)));
        let span = hi - lo;
        let pad = if span < f64::EPSILON {
            1.0
        } else {
            span * 0.08
        };
        let (y0, y1) = (if lo < 0.0 { lo - pad } else { 0.0 }, hi + pad);
        let entries = legend_entries(chart);
        let top = legend_top(chart);
        let (plot, legend) = root.split_vertically(top);
        let mut ctx = ChartBuilder::on(&plot)
            .caption(chart.title.clone(), ("sans-serif", 17))
            .margin(12)
            .x_label_area_size(30)
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
        for band in &chart.bands {
            let colour = COLOURS[band.series % COLOURS.len()];
            let pts = band.points.iter().filter_map(|(i, lo, hi)| {
                Some((i32::try_from(*i).ok()?, (lo.to_f64()?, hi.to_f64()?)))
            });
            for run in runs(pts) {
                if let [(i, (lo, hi))] = run.as_slice() {
                    // One quarter: a bar, as wide as a marker.
                    ctx.draw_series(std::iter::once(PathElement::new(
                        vec![
                            (SegmentValue::CenterOf(*i), *lo),
                            (SegmentValue::CenterOf(*i), *hi),
                        ],
                        colour.mix(0.25).stroke_width(10),
                    )))
                    .map_err(err)?;
                    continue;
                }
                let mut outline: Vec<(SegmentValue<i32>, f64)> = run
                    .iter()
                    .map(|(i, (_, hi))| (SegmentValue::CenterOf(*i), *hi))
                    .collect();
                outline.extend(
                    run.iter()
                        .rev()
                        .map(|(i, (lo, _))| (SegmentValue::CenterOf(*i), *lo)),
                );
                ctx.draw_series(std::iter::once(Polygon::new(
                    outline,
                    colour.mix(0.18).filled(),
                )))
                .map_err(err)?;
            }
        }
        for (_, level) in &chart.levels {
            let Some(y) = level.to_f64() else { continue };
            ctx.draw_series(DashedLineSeries::new(
                [SegmentValue::Exact(0), SegmentValue::Last]
                    .into_iter()
                    .map(|x| (x, y)),
                6,
                4,
                NORM.stroke_width(2),
            ))
            .map_err(err)?;
        }
        for (k, s) in chart.series.iter().enumerate() {
            let colour = COLOURS[k % COLOURS.len()];
            let pts = s
                .points
                .iter()
                .filter_map(|(i, v)| Some((i32::try_from(*i).ok()?, v.to_f64()?)));
            for run in runs(pts) {
                let run: Vec<(SegmentValue<i32>, f64)> = run
                    .into_iter()
                    .map(|(i, v)| (SegmentValue::CenterOf(i), v))
                    .collect();
                ctx.draw_series(LineSeries::new(run.clone(), colour.stroke_width(2)))
                    .map_err(err)?;
                // A marker on every point, the last one included.
                ctx.draw_series(run.into_iter().map(|p| Circle::new(p, 4, colour.filled())))
                    .map_err(err)?;
            }
        }
        draw_legend(&legend, &entries, lang == Lang::Ar)?;
        root.present().map_err(err)?;
    }
    if chart.lang == Lang::Ar {
        // plotters writes no text direction: an Arabic label laid out left to right puts its
        // `%` and numbers out of place. The legend's labels are the only texts anchored at
        // their start (axis labels end at the axis, captions are centred).
        svg = svg.replace(
            "text-anchor=\"start\"",
            "text-anchor=\"start\" direction=\"rtl\"",
        );
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
            bands: Vec::new(),
        }
    }

    #[test]
    fn one_point_or_several_are_drawn_with_their_labels() -> Result<(), AppError> {
        for n in [1, 3] {
            let svg = render(&chart(n))?;
            assert!(svg.starts_with("<svg width=\"760\" height=\"400\""));
            // One marker per point: the legend draws none.
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
        // Two runs of the line (0–1, then 3 alone), drawn as polylines (the legend's swatch is
        // thicker).
        let line = "<polyline fill=\"none\" opacity=\"1\" stroke=\"#1F5AA6\" stroke-width=\"2\"";
        assert_eq!(svg.matches(line).count(), 2, "{svg}");
        assert!(svg.contains("Norme : &lt; 5 %"));
        Ok(())
    }

    /// The `(x, y)` of every element `<tag` carrying `xa` and `ya` attributes.
    fn coords(svg: &str, tag: &str, xa: &str, ya: &str) -> Vec<(f64, f64)> {
        let attr = |el: &str, name: &str| -> Option<f64> {
            let start = el.find(&format!(" {name}=\""))? + name.len() + 3;
            el[start..].split('"').next()?.parse().ok()
        };
        svg.split(&format!("<{tag}"))
            .skip(1)
            .filter_map(|el| {
                let el = el.split('>').next()?;
                Some((attr(el, xa)?, attr(el, ya)?))
            })
            .collect()
    }

    /// Every `<text>`: its opening tag and its content, trimmed.
    fn texts(svg: &str) -> Vec<(String, String)> {
        svg.split("<text")
            .skip(1)
            .filter_map(|t| {
                let (tag, rest) = t.split_once('>')?;
                let content = rest.split("</text").next()?.trim();
                Some((format!("<text{tag}>"), content.to_owned()))
            })
            .collect()
    }

    /// The tag of the text reading `content`.
    fn text_tag(svg: &str, content: &str) -> Result<String, AppError> {
        texts(svg)
            .into_iter()
            .find(|(_, c)| c == content)
            .map(|(t, _)| t)
            .ok_or(AppError::Chart(format!("no text {content}")))
    }

    /// The y of the norm's dashes (red polylines), once each.
    fn norm_ys(svg: &str) -> Vec<f64> {
        let mut ys: Vec<f64> = svg
            .split("<polyline")
            .skip(1)
            .filter(|el| el.contains("stroke=\"#B71C1C\""))
            .filter_map(|el| {
                let pts = el.split("points=\"").nth(1)?.split('"').next()?;
                let (_, y) = pts.split_whitespace().next()?.split_once(',')?;
                y.parse().ok()
            })
            .collect();
        ys.sort_by(f64::total_cmp);
        ys.dedup();
        ys
    }

    #[test]
    fn the_norm_is_at_its_level_the_axis_starts_at_zero_and_the_legend_is_below()
    -> Result<(), AppError> {
        let mut c = chart(3);
        // 4, 5, 6 %: the second point lies on the norm.
        c.levels = vec![("Norme : < 5 %".into(), Decimal::from(5))];
        c.bands = vec![Band {
            label: "SA : quartiles".into(),
            series: 0,
            points: vec![
                (0, Decimal::from(3), Decimal::from(5)),
                (1, Decimal::from(4), Decimal::from(7)),
                (2, Decimal::from(5), Decimal::from(8)),
            ],
        }];
        let svg = render(&c)?;
        let circles = coords(&svg, "circle", "cx", "cy");
        assert_eq!(circles.len(), 3, "{svg}");
        // The dashes of the norm, in the legend and across the plot: the plot's are at the
        // point whose figure is the norm.
        let ys = norm_ys(&svg);
        let on_norm = circles[1].1;
        assert!(
            ys.iter().any(|y| (y - on_norm).abs() < 0.5),
            "{ys:?} {on_norm}"
        );
        // Zero is on the axis: one percent is the step from 5 % down to 4 %, five of them
        // from 5 % down to the axis's lowest label (pixels are whole: a little slack).
        let zero = on_norm + (circles[0].1 - on_norm) * 5.0;
        let zero_label =
            text_tag(&svg, "0\u{202F}%").or_else(|_| text_tag(&svg, "0,0\u{202F}%"))?;
        let zero_y = coords(&zero_label, "text", "x", "y");
        assert!(
            zero_y.first().is_some_and(|(_, y)| (y - zero).abs() < 3.0),
            "{zero_y:?} {zero}"
        );
        assert!(zero > on_norm && zero < f64::from(legend_top(&c)), "{zero}");
        // Every marker (the last one too) is inside the plot, above the legend.
        let top = f64::from(legend_top(&c));
        for (x, y) in &circles {
            assert!(*x > 84.0 && *x < f64::from(SIZE.0) - 12.0, "{x}");
            assert!(*y + 4.0 < top, "{y} {top}");
        }
        // The legend's labels are below the plot.
        for label in ["SA", "Norme : &lt; 5 %", "SA : quartiles"] {
            let y = coords(&text_tag(&svg, label)?, "text", "x", "y");
            assert!(y.first().is_some_and(|(_, y)| *y > top), "{label} {y:?}");
        }
        // The band is a shaded polygon.
        assert!(svg.contains("<polygon"), "{svg}");
        Ok(())
    }

    #[test]
    fn in_arabic_the_legend_reads_from_the_right() -> Result<(), AppError> {
        let mut c = chart(2);
        c.lang = Lang::Ar;
        let svg = render(&c)?;
        let at = text_tag(&svg, "SA")?;
        assert!(
            at.contains("text-anchor=\"start\" direction=\"rtl\""),
            "{at}"
        );
        let x = coords(&at, "text", "x", "y");
        assert!(
            x.first().is_some_and(|(x, _)| *x > f64::from(SIZE.0) / 2.0),
            "{x:?}"
        );
        Ok(())
    }
}
