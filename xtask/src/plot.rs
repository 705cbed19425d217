//! The bench's plots as plain SVG (no plotting crate: xtask builds with the standard library
//! only, and two chart kinds do not need one): horizontal bars, and the distribution of
//! samples per series (every sample as a dot, with the median and quartiles marked).

use std::fmt::Write;

const WIDTH: f64 = 760.0;
const LEFT: f64 = 230.0;
const RIGHT: f64 = 90.0;
const ROW: f64 = 22.0;
const TOP: f64 = 40.0;
const COLORS: [&str; 4] = ["#3182f6", "#8b95a1", "#f59f00", "#12b886"];

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

fn frame(height: f64, title: &str) -> String {
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{WIDTH}\" height=\"{height}\" \
         viewBox=\"0 0 {WIDTH} {height}\" font-family=\"sans-serif\" font-size=\"12\">\
         <rect width=\"100%\" height=\"100%\" fill=\"white\"/>\
         <text x=\"10\" y=\"22\" font-size=\"14\" font-weight=\"bold\">{}</text>",
        escape(title)
    )
}

/// One bar per `(label, value, color index)`, the value written after the bar with `unit`.
pub fn bars(title: &str, unit: &str, rows: &[(String, f64, usize)]) -> String {
    let height = TOP + ROW * rows.len() as f64 + 20.0;
    let max = rows.iter().map(|r| r.1).fold(0.0, f64::max).max(1.0);
    let scale = (WIDTH - LEFT - RIGHT) / max;
    let mut svg = frame(height, title);
    for (k, (label, value, color)) in rows.iter().enumerate() {
        let y = TOP + ROW * k as f64;
        let _ = write!(
            svg,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>\
             <rect x=\"{LEFT}\" y=\"{}\" width=\"{:.1}\" height=\"{}\" fill=\"{}\"/>\
             <text x=\"{:.1}\" y=\"{}\">{:.1} {}</text>",
            LEFT - 8.0,
            y + 14.0,
            escape(label),
            y + 3.0,
            value * scale,
            ROW - 6.0,
            COLORS[color % COLORS.len()],
            LEFT + value * scale + 6.0,
            y + 14.0,
            value,
            escape(unit)
        );
    }
    svg.push_str("</svg>\n");
    svg
}

fn quantile(sorted: &[f64], q: f64) -> f64 {
    sorted[((sorted.len() - 1) as f64 * q).round() as usize]
}

/// Every sample of each `(label, samples)` series as a dot on a shared axis, with its
/// quartiles as a box and its median as a line: a bimodal series shows as two clusters.
pub fn distributions(title: &str, unit: &str, series: &[(String, Vec<f64>)]) -> String {
    let band = 54.0;
    let height = TOP + band * series.len() as f64 + 40.0;
    let all = series.iter().flat_map(|s| s.1.iter().copied());
    let (lo, hi) = all.fold((f64::MAX, f64::MIN), |(lo, hi), x| (lo.min(x), hi.max(x)));
    let (lo, hi) = ((lo * 0.95).floor(), (hi * 1.02).ceil().max(lo + 1.0));
    let x = |v: f64| LEFT + (v - lo) / (hi - lo) * (WIDTH - LEFT - 30.0);
    let mut svg = frame(height, title);
    for (k, (label, samples)) in series.iter().enumerate() {
        if samples.is_empty() {
            continue;
        }
        let mut sorted = samples.clone();
        sorted.sort_by(|a, b| a.total_cmp(b));
        let y = TOP + band * k as f64;
        let color = COLORS[k % COLORS.len()];
        let (q1, q2, q3) = (
            quantile(&sorted, 0.25),
            quantile(&sorted, 0.5),
            quantile(&sorted, 0.75),
        );
        let _ = write!(
            svg,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"end\">{} (median {:.1} {})</text>\
             <rect x=\"{:.1}\" y=\"{}\" width=\"{:.1}\" height=\"30\" fill=\"{color}\" fill-opacity=\"0.15\" stroke=\"{color}\"/>\
             <line x1=\"{:.1}\" x2=\"{:.1}\" y1=\"{}\" y2=\"{}\" stroke=\"{color}\" stroke-width=\"2\"/>",
            LEFT - 8.0,
            y + 19.0,
            escape(label),
            q2,
            escape(unit),
            x(q1),
            y + 2.0,
            x(q3) - x(q1),
            x(q2),
            x(q2),
            y,
            y + 34.0
        );
        for (i, v) in samples.iter().enumerate() {
            // A small vertical jitter by index keeps equal values apart.
            let jitter = (i % 5) as f64 * 5.0;
            let _ = write!(
                svg,
                "<circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"2.5\" fill=\"{color}\" fill-opacity=\"0.7\"/>",
                x(*v),
                y + 7.0 + jitter
            );
        }
    }
    let axis = TOP + band * series.len() as f64 + 5.0;
    let _ = write!(
        svg,
        "<line x1=\"{LEFT}\" x2=\"{}\" y1=\"{axis}\" y2=\"{axis}\" stroke=\"#333\"/>",
        WIDTH - 30.0
    );
    let step = ((hi - lo) / 8.0).max(1.0).round();
    let mut tick = (lo / step).ceil() * step;
    while tick <= hi {
        let _ = write!(
            svg,
            "<line x1=\"{0:.1}\" x2=\"{0:.1}\" y1=\"{axis}\" y2=\"{1}\" stroke=\"#333\"/>\
             <text x=\"{0:.1}\" y=\"{2}\" text-anchor=\"middle\">{3:.0}</text>",
            x(tick),
            axis + 4.0,
            axis + 18.0,
            tick
        );
        tick += step;
    }
    let _ = writeln!(
        svg,
        "<text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text></svg>",
        WIDTH - 30.0,
        axis + 32.0,
        escape(unit)
    );
    svg
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_scale_to_the_largest_value() {
        let svg = bars(
            "t",
            "KB",
            &[("a".into(), 10.0, 0), ("b <x>".into(), 5.0, 1)],
        );
        assert!(svg.contains("width=\"440.0\""), "{svg}");
        assert!(svg.contains("width=\"220.0\""), "{svg}");
        assert!(svg.contains("b &lt;x&gt;"));
    }

    #[test]
    fn distributions_mark_each_sample_and_the_median() {
        let svg = distributions("t", "ms", &[("p".into(), vec![10.0, 20.0, 30.0])]);
        assert_eq!(svg.matches("<circle").count(), 3);
        assert!(svg.contains("median 20.0 ms"), "{svg}");
    }
}
