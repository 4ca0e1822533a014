//! PNG line and point charts for `shinkei validate --plot DIR`.
//!
//! The charts are drawn with plotters' bitmap backend, built without its
//! font features, so nothing depends on fonts installed on the system.
//! plotters then cannot render text (it panics), so every label here is
//! drawn pixel by pixel from the public-domain 8×8 bitmap font of the
//! `font8x8` crate, which covers printable ASCII. Other characters are
//! drawn as `?`.

use std::error::Error;
use std::path::Path;

use plotters::coord::Shift;
use plotters::prelude::*;

/// The result of writing a chart.
pub type PlotResult = Result<(), Box<dyn Error + Send + Sync>>;

/// Image width in pixels.
const WIDTH: u32 = 800;
/// Image height in pixels.
const HEIGHT: u32 = 600;
/// Pixels of one font pixel in labels; titles use twice this.
const TEXT_SCALE: i32 = 1;
/// Width and height of a glyph of the 8×8 font at scale 1.
const GLYPH: i32 = 8;

/// One axis of a chart.
#[derive(Debug, Clone, PartialEq)]
pub struct Axis {
    /// The label, drawn under the x axis or above the y axis.
    pub label: String,
    /// The range shown, in data units.
    pub range: (f64, f64),
    /// Values at which a tick label and a grid line are drawn.
    pub ticks: Vec<f64>,
    /// Logarithmic scale. The range and every value must then be positive.
    pub log: bool,
}

/// The drawing style of a series.
#[derive(Debug, Clone, PartialEq)]
pub enum Mark {
    /// A polyline through the points in order.
    Line,
    /// A filled circle at each point.
    Points,
    /// A polyline through the points in order and a filled circle at each.
    LineAndPoints,
    /// A filled circle at each point and a vertical bar from `low` to
    /// `high`, one `(low, high)` per point.
    ErrorBars(Vec<(f64, f64)>),
    /// A filled bar from the bottom of the y range up to each point, of the
    /// given width in x units and centred on the point's x.
    Bars(f64),
}

/// One data series.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    /// The legend entry.
    pub label: String,
    /// The `(x, y)` points, in data units.
    pub points: Vec<(f64, f64)>,
    /// The drawing style.
    pub mark: Mark,
    /// The colour of line, points and legend entry.
    pub color: RGBColor,
}

/// A chart: a title, two axes and the series drawn on them.
#[derive(Debug, Clone, PartialEq)]
pub struct Chart {
    /// The title, drawn at double size above the plot.
    pub title: String,
    /// The horizontal axis.
    pub x: Axis,
    /// The vertical axis.
    pub y: Axis,
    /// The series, drawn in order and listed in the legend.
    pub series: Vec<Series>,
    /// The corner of the plot area that contains the legend.
    pub legend: Corner,
}

/// A corner of the plot area.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Corner {
    /// The top left corner.
    TopLeft,
    /// The bottom left corner.
    BottomLeft,
}

impl Axis {
    /// Maps a data value to the plotted coordinate: itself, or its base-10
    /// logarithm on a logarithmic axis.
    fn map(&self, value: f64) -> f64 {
        if self.log { value.log10() } else { value }
    }
}

/// Writes `chart` as a PNG file of 800×600 pixels to `path`.
///
/// # Errors
///
/// Fails if the file cannot be written or plotters rejects the drawing.
pub fn write_png(chart: &Chart, path: &Path) -> PlotResult {
    let root = BitMapBackend::new(path, (WIDTH, HEIGHT)).into_drawing_area();
    root.fill(&WHITE).map_err(|e| e.to_string())?;
    let title_width = text_width(&chart.title, 2 * TEXT_SCALE);
    draw_text(
        &root,
        &chart.title,
        ((WIDTH as i32 - title_width) / 2, 12),
        2 * TEXT_SCALE,
        &BLACK,
    )?;

    let x_range = chart.x.map(chart.x.range.0)..chart.x.map(chart.x.range.1);
    let y_range = chart.y.map(chart.y.range.0)..chart.y.map(chart.y.range.1);
    let mut plot = ChartBuilder::on(&root)
        .margin_top(50)
        .margin_right(30)
        .x_label_area_size(50)
        .y_label_area_size(80)
        .build_cartesian_2d(x_range, y_range)
        .map_err(|e| e.to_string())?;
    // No labels: plotters would need a font for them.
    plot.configure_mesh()
        .disable_mesh()
        .x_labels(0)
        .y_labels(0)
        .draw()
        .map_err(|e| e.to_string())?;

    draw_grid(&mut plot, &root, &chart.x, &chart.y)?;
    for series in &chart.series {
        draw_series(&mut plot, series, &chart.x, &chart.y)?;
    }
    draw_legend(&root, &plot, &chart.series, chart.legend)?;
    root.present().map_err(|e| e.to_string())?;
    Ok(())
}

type Plot<'a, 'b> = ChartContext<
    'a,
    BitMapBackend<'b>,
    Cartesian2d<plotters::coord::types::RangedCoordf64, plotters::coord::types::RangedCoordf64>,
>;

/// Draws a light grid line and a label at every tick of both axes, and
/// the axis labels.
fn draw_grid(
    plot: &mut Plot<'_, '_>,
    root: &DrawingArea<BitMapBackend<'_>, Shift>,
    x: &Axis,
    y: &Axis,
) -> PlotResult {
    let grid = RGBColor(225, 225, 225);
    let (x_low, x_high) = (x.map(x.range.0), x.map(x.range.1));
    let (y_low, y_high) = (y.map(y.range.0), y.map(y.range.1));

    for &tick in &x.ticks {
        let position = x.map(tick);
        plot.draw_series(LineSeries::new(
            [(position, y_low), (position, y_high)],
            &grid,
        ))
        .map_err(|e| e.to_string())?;
        let (px, py) = plot.backend_coord(&(position, y_low));
        let label = format_tick(tick);
        let half = text_width(&label, TEXT_SCALE) / 2;
        draw_text(root, &label, (px - half, py + 8), TEXT_SCALE, &BLACK)?;
    }
    for &tick in &y.ticks {
        let position = y.map(tick);
        plot.draw_series(LineSeries::new(
            [(x_low, position), (x_high, position)],
            &grid,
        ))
        .map_err(|e| e.to_string())?;
        let (px, py) = plot.backend_coord(&(x_low, position));
        let label = format_tick(tick);
        let width = text_width(&label, TEXT_SCALE);
        draw_text(
            root,
            &label,
            (px - width - 8, py - GLYPH / 2),
            TEXT_SCALE,
            &BLACK,
        )?;
    }

    let (left, bottom) = plot.backend_coord(&(x_low, y_low));
    let (right, top) = plot.backend_coord(&(x_high, y_high));
    let x_label_width = text_width(&x.label, TEXT_SCALE);
    draw_text(
        root,
        &x.label,
        ((left + right - x_label_width) / 2, bottom + 28),
        TEXT_SCALE,
        &BLACK,
    )?;
    draw_text(
        root,
        &y.label,
        (left - 60, top - 2 * GLYPH),
        TEXT_SCALE,
        &BLACK,
    )?;
    Ok(())
}

/// Draws one series, skipping points outside the axis ranges.
fn draw_series(plot: &mut Plot<'_, '_>, series: &Series, x: &Axis, y: &Axis) -> PlotResult {
    let inside = |&(px, py): &(f64, f64)| {
        let within = |axis: &Axis, value: f64| {
            let (low, high) = (
                axis.range.0.min(axis.range.1),
                axis.range.0.max(axis.range.1),
            );
            value >= low && value <= high
        };
        within(x, px) && within(y, py)
    };
    let mapped = |&(px, py): &(f64, f64)| (x.map(px), y.map(py));
    let style = ShapeStyle::from(&series.color).stroke_width(2);
    match &series.mark {
        Mark::Line => {
            let points: Vec<(f64, f64)> = series
                .points
                .iter()
                .filter(|p| inside(p))
                .map(mapped)
                .collect();
            plot.draw_series(LineSeries::new(points, style))
                .map_err(|e| e.to_string())?;
        }
        Mark::LineAndPoints => {
            let points: Vec<(f64, f64)> = series
                .points
                .iter()
                .filter(|p| inside(p))
                .map(mapped)
                .collect();
            let circles: Vec<_> = points
                .iter()
                .map(|&p| Circle::new(p, 3, series.color.filled()))
                .collect();
            plot.draw_series(LineSeries::new(points, style))
                .map_err(|e| e.to_string())?;
            plot.draw_series(circles).map_err(|e| e.to_string())?;
        }
        Mark::Bars(width) => {
            let bottom = y.map(y.range.0.min(y.range.1));
            let bars = series.points.iter().filter(|p| inside(p)).map(|&(px, py)| {
                Rectangle::new(
                    [
                        (x.map(px - width / 2.0), bottom),
                        (x.map(px + width / 2.0), y.map(py)),
                    ],
                    series.color.filled(),
                )
            });
            plot.draw_series(bars).map_err(|e| e.to_string())?;
        }
        Mark::Points => {
            let circles = series
                .points
                .iter()
                .filter(|p| inside(p))
                .map(|p| Circle::new(mapped(p), 3, series.color.filled()));
            plot.draw_series(circles).map_err(|e| e.to_string())?;
        }
        Mark::ErrorBars(bars) => {
            let elements = series
                .points
                .iter()
                .zip(bars)
                .filter(|(p, _)| inside(p))
                .map(|(p, &(low, high))| {
                    let (px, py) = mapped(p);
                    let clamp =
                        |v: f64| v.clamp(y.range.0.min(y.range.1), y.range.0.max(y.range.1));
                    ErrorBar::new_vertical(
                        px,
                        y.map(clamp(low)),
                        py,
                        y.map(clamp(high)),
                        series.color.filled(),
                        8,
                    )
                });
            plot.draw_series(elements).map_err(|e| e.to_string())?;
        }
    }
    Ok(())
}

/// Draws the legend in the given corner of the plot area.
fn draw_legend(
    root: &DrawingArea<BitMapBackend<'_>, Shift>,
    plot: &Plot<'_, '_>,
    series: &[Series],
    corner: Corner,
) -> PlotResult {
    const LINE_HEIGHT: i32 = 16;
    let (x_range, y_range) = (plot.x_range(), plot.y_range());
    let (left, top) = plot.backend_coord(&(x_range.start, y_range.end));
    let (_, bottom) = plot.backend_coord(&(x_range.start, y_range.start));
    let first_line = match corner {
        Corner::TopLeft => top + 12,
        Corner::BottomLeft => bottom - 12 - LINE_HEIGHT * series.len() as i32,
    };
    for (row, entry) in series.iter().enumerate() {
        let y = first_line + LINE_HEIGHT * row as i32;
        root.draw(&Rectangle::new(
            [(left + 12, y), (left + 30, y + GLYPH)],
            entry.color.filled(),
        ))
        .map_err(|e| e.to_string())?;
        draw_text(root, &entry.label, (left + 38, y), TEXT_SCALE, &BLACK)?;
    }
    Ok(())
}

/// Formats a tick value briefly: integers without a fraction, powers of ten
/// from 10⁴ on as `1e4`, other values with up to six decimals and no
/// trailing zeros.
fn format_tick(value: f64) -> String {
    if value.abs() >= 1e4 && value.log10().fract() == 0.0 {
        format!("1e{}", value.log10() as i32)
    } else if value.fract() == 0.0 {
        format!("{value:.0}")
    } else {
        let text = format!("{value:.6}");
        text.trim_end_matches('0').trim_end_matches('.').to_owned()
    }
}

/// Returns the width in pixels of `text` drawn at `scale`.
fn text_width(text: &str, scale: i32) -> i32 {
    text.chars().count() as i32 * GLYPH * scale
}

/// Draws `text` with its top left corner at `origin`, `scale` image pixels
/// per font pixel.
fn draw_text(
    area: &DrawingArea<BitMapBackend<'_>, Shift>,
    text: &str,
    origin: (i32, i32),
    scale: i32,
    color: &RGBColor,
) -> PlotResult {
    for (index, character) in text.chars().enumerate() {
        let code = if character.is_ascii() {
            character as usize
        } else {
            '?' as usize
        };
        let glyph = font8x8::legacy::BASIC_LEGACY[code];
        let left = origin.0 + index as i32 * GLYPH * scale;
        for (row, bits) in glyph.iter().enumerate() {
            for column in 0..GLYPH {
                // Bit 0 of a row is its leftmost pixel.
                if bits >> column & 1 == 0 {
                    continue;
                }
                for dy in 0..scale {
                    for dx in 0..scale {
                        let pixel = (
                            left + column * scale + dx,
                            origin.1 + row as i32 * scale + dy,
                        );
                        area.draw_pixel(pixel, color).map_err(|e| e.to_string())?;
                    }
                }
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tick_labels_are_short() {
        let cases = [
            (0.0, "0"),
            (20.0, "20"),
            (0.5, "0.5"),
            (0.25, "0.25"),
            (0.005, "0.005"),
            (2e-4, "0.0002"),
            (1e4, "1e4"),
            (1e6, "1e6"),
        ];
        for (value, expected) in cases {
            assert_eq!(format_tick(value), expected, "tick {value}");
        }
    }

    #[test]
    fn chart_writes_png() {
        let path = std::env::temp_dir().join("shinkei_plot_test.png");
        let chart = Chart {
            title: "test chart".to_owned(),
            x: Axis {
                label: "x".to_owned(),
                range: (1.0, 1000.0),
                ticks: vec![1.0, 10.0, 100.0, 1000.0],
                log: true,
            },
            y: Axis {
                label: "y".to_owned(),
                range: (0.0, 1.0),
                ticks: vec![0.0, 0.5, 1.0],
                log: false,
            },
            series: vec![
                Series {
                    label: "line".to_owned(),
                    points: vec![(1.0, 0.0), (1000.0, 1.0)],
                    mark: Mark::Line,
                    color: BLUE,
                },
                Series {
                    label: "filled bars".to_owned(),
                    points: vec![(3.0, 0.3), (300.0, 0.7)],
                    mark: Mark::Bars(0.5),
                    color: GREEN,
                },
                Series {
                    label: "bars".to_owned(),
                    points: vec![(10.0, 0.5), (5000.0, 0.5)],
                    mark: Mark::ErrorBars(vec![(0.4, 0.6), (0.4, 0.6)]),
                    color: RED,
                },
            ],
            legend: Corner::BottomLeft,
        };
        write_png(&chart, &path).unwrap();
        let bytes = std::fs::read(&path).unwrap();
        assert!(
            bytes.starts_with(b"\x89PNG"),
            "{} is not a PNG file",
            path.display()
        );
    }
}
