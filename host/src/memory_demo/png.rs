//! PNG pictures of recalls: one row per cue, with the cue, the recalled
//! state and the stored pattern from left to right.
//!
//! Drawn with plotters' bitmap backend. The picture has no text, so it needs
//! no fonts.

use std::error::Error;
use std::path::Path;

use plotters::prelude::*;
use plotters_backend::DrawingErrorKind;
use plotters_bitmap::BitMapBackendError;

/// Pixels per unit of a pattern image.
const CELL: u32 = 10;

/// Pixels between images, and around the picture.
const GAP: u32 = 10;

/// Colour of a `+1` unit.
const ON: RGBColor = RGBColor(0, 0, 0);

/// Colour of a `-1` unit.
const OFF: RGBColor = RGBColor(255, 255, 255);

/// Colour of the background between images.
const BACKGROUND: RGBColor = RGBColor(200, 200, 200);

/// Writes a PNG file at `path` with one row per entry of `rows`, each row
/// showing its images of `side × side` units left to right. Unit `j` of an
/// image is at row `j / side`, column `j % side`.
///
/// # Errors
///
/// Returns the I/O or image-encoding error as a plain message if the file
/// cannot be written, for example because its folder is missing or its
/// extension is not that of an image format.
///
/// # Panics
///
/// Panics if an image has fewer than `side * side` units.
pub fn write_recall_png(
    path: &Path,
    rows: &[Vec<&[bool]>],
    side: usize,
) -> Result<(), Box<dyn Error + Send + Sync>> {
    let image_size = side as u32 * CELL;
    let columns = rows.iter().map(Vec::len).max().unwrap_or(0) as u32;
    let width = GAP + columns * (image_size + GAP);
    let height = GAP + rows.len() as u32 * (image_size + GAP);

    let area = BitMapBackend::new(path, (width.max(1), height.max(1))).into_drawing_area();
    area.fill(&BACKGROUND).map_err(describe_error)?;
    for (row, images) in rows.iter().enumerate() {
        let top = (GAP + row as u32 * (image_size + GAP)) as i32;
        for (column, image) in images.iter().enumerate() {
            let left = (GAP + column as u32 * (image_size + GAP)) as i32;
            for (unit, &on) in image[..side * side].iter().enumerate() {
                let x = left + ((unit % side) as u32 * CELL) as i32;
                let y = top + ((unit / side) as u32 * CELL) as i32;
                let colour = if on { ON } else { OFF };
                let cell = Rectangle::new(
                    [(x, y), (x + CELL as i32, y + CELL as i32)],
                    colour.filled(),
                );
                area.draw(&cell).map_err(describe_error)?;
            }
        }
    }
    area.present().map_err(describe_error)?;
    Ok(())
}

/// Returns a plain message for an error of the bitmap backend, whose own
/// `Display` prints the `Debug` form of the I/O or image error.
fn describe_error(error: DrawingAreaErrorKind<BitMapBackendError>) -> String {
    match error {
        DrawingAreaErrorKind::BackendError(DrawingErrorKind::DrawingError(backend)) => {
            match backend {
                BitMapBackendError::IOError(error) => error.to_string(),
                BitMapBackendError::ImageError(error) => error.to_string(),
                other => other.to_string(),
            }
        }
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn png_has_expected_size() {
        let path = std::env::temp_dir().join(format!("shinkei-recall-{}.png", std::process::id()));
        let image = [true, false, false, true];
        let rows = vec![vec![&image[..], &image[..], &image[..]]; 2];
        write_recall_png(&path, &rows, 2).expect("PNG is written");
        let bytes = std::fs::read(&path).expect("PNG is readable");
        assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n", "PNG signature");
        // The IHDR chunk stores width and height big-endian at bytes 16..24.
        let width = u32::from_be_bytes(bytes[16..20].try_into().unwrap());
        let height = u32::from_be_bytes(bytes[20..24].try_into().unwrap());
        assert_eq!(width, GAP + 3 * (2 * CELL + GAP), "width");
        assert_eq!(height, GAP + 2 * (2 * CELL + GAP), "height");
    }

    #[test]
    fn png_errors_are_plain() {
        let image = [true, false, false, true];
        let rows = vec![vec![&image[..]]];
        let missing = std::env::temp_dir()
            .join(format!("shinkei-no-such-folder-{}", std::process::id()))
            .join("recall.png");
        let text = std::env::temp_dir().join(format!("shinkei-recall-{}.txt", std::process::id()));
        for path in [missing, text] {
            let message = write_recall_png(&path, &rows, 2)
                .expect_err("the PNG cannot be written")
                .to_string();
            assert!(
                !message.contains("Error(") && !message.contains("backend"),
                "writing {}: message {message:?}, expected no Debug form of the backend error",
                path.display()
            );
        }
    }
}
