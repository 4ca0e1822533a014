//! Text images of bipolar patterns for the terminal.

/// Character for a `+1` unit.
const ON: char = '#';

/// Character for a `-1` unit.
const OFF: char = '.';

/// Renders several patterns of `side × side` units next to each other, one
/// text line per image row, with each image under its title. Unit `j` is at
/// row `j / side`, column `j % side`.
///
/// # Panics
///
/// Panics if `titles` and `images` differ in length, or an image has fewer
/// than `side * side` units.
pub fn render_side_by_side(titles: &[&str], images: &[&[bool]], side: usize) -> String {
    assert_eq!(titles.len(), images.len(), "one title per image");
    let column_width = titles
        .iter()
        .map(|t| t.chars().count())
        .max()
        .unwrap_or(0)
        .max(side);
    let mut lines = Vec::with_capacity(side + 1);
    let header: Vec<String> = titles
        .iter()
        .map(|title| format!("{title:<column_width$}"))
        .collect();
    lines.push(header.join("   "));
    for row in 0..side {
        let cells: Vec<String> = images
            .iter()
            .map(|image| {
                let text: String = image[row * side..(row + 1) * side]
                    .iter()
                    .map(|&on| if on { ON } else { OFF })
                    .collect();
                format!("{text:<column_width$}")
            })
            .collect();
        lines.push(cells.join("   "));
    }
    let mut text: String = lines
        .iter()
        .map(|line| line.trim_end())
        .collect::<Vec<_>>()
        .join("\n");
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_images_side_by_side() {
        let a = [true, false, false, true];
        let b = [false, false, true, true];
        let text = render_side_by_side(&["cue", "recall"], &[&a, &b], 2);
        assert_eq!(text, "cue      recall\n#.       ..\n.#       ##\n");
    }
}
