//! Tables: column widths from content, wrapped cells, header shading, zebra rows, borders and
//! column alignment. Each row is one atom; the header atom repeats on every page a table spans.

use super::atom::{lines, Atom, Env};
use super::fonts::{FontKind, FontSet};
use super::frame::{Item, Rect, RectItem};
use super::inline::{Align, ParaStyle, Style};
use crate::doc::{plain_text, Align as DocAlign, Inline, Table};
use crate::style::StyleSheet;
use crate::theme::{Borders, Colour};
use std::rc::Rc;

fn fill(x: f32, y: f32, w: f32, h: f32, colour: Colour) -> Item {
    Item::Rect(RectItem {
        rect: Rect { x, y, w, h },
        fill: colour,
    })
}

/// Widths that give each column at least its longest word: columns whose whole text fits in a
/// fair share of the width get it; the rest share what remains by how much text they hold
/// (a browser's automatic table layout, without letting one long column squeeze the others
/// into broken words).
fn share_width(min: &[f32], max: &[f32], avail: f32) -> Vec<f32> {
    let n = min.len();
    let sum_max: f32 = max.iter().sum();
    if sum_max <= avail {
        let extra = avail - sum_max;
        return max
            .iter()
            .map(|m| m + extra * m / sum_max.max(1.0))
            .collect();
    }
    let mut widths = vec![0.0f32; n];
    let mut open: Vec<usize> = (0..n).collect();
    let mut room = avail;
    loop {
        let share = room / open.len().max(1) as f32;
        let (narrow, wide): (Vec<usize>, Vec<usize>) = open.iter().partition(|&&c| max[c] <= share);
        if narrow.is_empty() {
            break;
        }
        for c in narrow {
            widths[c] = max[c];
            room -= max[c];
        }
        open = wide;
        if open.is_empty() {
            return widths;
        }
    }
    let sum_min: f32 = open.iter().map(|&c| min[c]).sum();
    let sum_max: f32 = open.iter().map(|&c| max[c]).sum();
    if sum_min <= room {
        let k = (room - sum_min) / (sum_max - sum_min).max(0.001);
        for &c in &open {
            widths[c] = min[c] + (max[c] - min[c]) * k;
        }
    } else {
        // Even the longest words do not fit: the cells break inside words. A column whose
        // longest word fits in a fair share keeps it whole; the columns whose words do not
        // share the rest by how far they overflow. (Scaling every column down alike let one
        // very long word squeeze the others to nothing, a character a line past the margin.)
        let fair = avail / n as f32;
        let kept: Vec<f32> = min.iter().map(|m| m.min(fair)).collect();
        let over: f32 = min.iter().zip(&kept).map(|(m, k)| m - k).sum();
        let spare = avail - kept.iter().sum::<f32>();
        return min
            .iter()
            .zip(&kept)
            .map(|(m, k)| k + spare * (m - k) / over.max(0.001))
            .collect();
    }
    widths
}

/// A cell with no more characters than this is short (a date, a status, a number): none of its
/// words may be broken.
const SHORT_CELL: usize = 24;
/// In a longer cell, a word of more characters than this (a URL, a long compound) may be
/// broken, rather than widen its column at the others' cost.
const LONG_WORD: usize = 20;

/// The number of columns of `t`.
pub fn column_count(t: &Table) -> usize {
    t.rows
        .iter()
        .map(Vec::len)
        .chain([t.header.len()])
        .max()
        .unwrap_or(0)
}

/// The text width of each column of `t` in a table `width` points wide (cell padding outside
/// these widths): measured from the text as set, each column at least as wide as the longest
/// word of its header and of its short cells. The one computation both writers use.
pub fn column_widths(fonts: &mut FontSet, styles: &StyleSheet, t: &Table, width: f32) -> Vec<f32> {
    let ncols = column_count(t);
    let size = styles.table.size;
    let mut min = vec![0.0f32; ncols];
    let mut max = vec![0.0f32; ncols];
    let mut measure = |font: FontKind, cells: &[Vec<Inline>], header: bool| {
        for (c, cell) in cells.iter().enumerate() {
            let text = plain_text(cell);
            for line in text.split('\n') {
                max[c] = max[c].max(fonts.width(font, size, line.trim()));
            }
            let short = header || text.chars().count() <= SHORT_CELL;
            for word in text.split_whitespace() {
                if short || word.chars().count() <= LONG_WORD {
                    min[c] = min[c].max(fonts.width(font, size, word));
                }
            }
        }
    };
    measure(FontKind::Bold, &t.header, true);
    for row in &t.rows {
        measure(FontKind::Regular, row, false);
    }
    // A little slack so measured text never wraps on rounding.
    let max: Vec<f32> = max.iter().map(|m| m + 0.5).collect();
    let min: Vec<f32> = min.iter().map(|m| m + 0.5).collect();
    let avail = width - 2.0 * styles.table.padding_x * ncols as f32;
    share_width(&min, &max, avail)
}

pub fn table(ctx: &mut super::Ctx, t: &Table, env: &Env) -> Vec<Atom> {
    let ncols = column_count(t);
    if ncols == 0 {
        return Vec::new();
    }
    let ts = ctx.styles.table.clone();
    let (pad, pad_y, size) = (ts.padding_x, ts.padding_y, ts.size);
    let lh = size * ts.line_height;
    let widths = column_widths(&mut ctx.fonts, ctx.styles, t, env.w);
    let mut xs = Vec::with_capacity(ncols + 1);
    let mut x = env.x;
    for w in &widths {
        xs.push(x);
        x += w + 2.0 * pad;
    }
    xs.push(x);
    let align: Vec<Align> = (0..ncols)
        .map(|c| match t.align.get(c) {
            Some(DocAlign::Right) => Align::Right,
            Some(DocAlign::Center) => Align::Center,
            _ => Align::Left,
        })
        .collect();
    let (border, bw) = (ts.border, ts.border_width);
    let row_atom = |ctx: &mut super::Ctx, cells: &[Vec<Inline>], header: bool, r: usize| -> Atom {
        let style = if header {
            Style::new(FontKind::Bold, size, ts.header_text)
        } else {
            Style::new(FontKind::Regular, size, ctx.styles.text)
        };
        let mut items = Vec::new();
        let mut notes = Vec::new();
        let mut height = 0.0f32;
        for c in 0..ncols {
            let Some(cell) = cells.get(c) else { continue };
            let para = ParaStyle {
                base: style.clone(),
                width: widths[c],
                align: align[c],
                line_height: lh,
            };
            let ls = lines(ctx, cell, &para, || {
                if header {
                    format!("table header, column {}", c + 1)
                } else {
                    format!("table row {}, column {}", r + 1, c + 1)
                }
            });
            let mut y = pad_y;
            for l in ls {
                items.extend(l.items.into_iter().map(|it| it.shifted(xs[c] + pad, y)));
                notes.extend(l.notes);
                y += l.height;
            }
            height = height.max(y + pad_y);
        }
        // A row's rule takes room of its own below the row, as Word and LibreOffice add a
        // border's width to the row's height.
        if ts.borders != Borders::None {
            height += bw;
        }
        let width = xs[ncols] - env.x;
        let mut deco = Vec::new();
        let shade = if header {
            Some(ts.header_fill)
        } else {
            ts.zebra.filter(|_| r % 2 == 1)
        };
        if let Some(colour) = shade {
            deco.push(fill(env.x, 0.0, width, height, colour));
        }
        let half = bw / 2.0;
        match ts.borders {
            Borders::None => {}
            Borders::Horizontal => {
                deco.push(fill(env.x, height - bw, width, bw, border));
            }
            Borders::All => {
                deco.push(fill(env.x, -half, width, bw, border));
                deco.push(fill(env.x, height - bw, width, bw, border));
                for &x in &xs {
                    deco.push(fill(x - half, -half, bw, height + bw, border));
                }
            }
        }
        deco.extend(items);
        Atom {
            height,
            items: deco,
            notes,
            ..Atom::default()
        }
    };
    let mut header = row_atom(ctx, &t.header, true, 0);
    header.keep_next = true;
    let header = Rc::new(header);
    let mut atoms = vec![(*header).clone()];
    for (r, row) in t.rows.iter().enumerate() {
        let mut a = row_atom(ctx, row, false, r);
        a.header = Some(header.clone());
        atoms.push(a);
    }
    atoms
}

#[cfg(test)]
mod tests {
    use super::share_width;

    #[test]
    fn one_very_long_word_does_not_squeeze_the_other_columns_to_nothing() {
        // A 20,000-point word in the first column: the others keep their longest words and the
        // first column takes what is left (it breaks inside its word).
        let w = share_width(&[20_000.0, 40.0, 30.0], &[20_000.0, 60.0, 45.0], 450.0);
        assert_eq!(w[1], 40.0);
        assert_eq!(w[2], 30.0);
        assert!((w.iter().sum::<f32>() - 450.0).abs() < 0.01, "{w:?}");
        // Two columns too wide for a fair share split the rest by how far they overflow.
        let w = share_width(&[900.0, 500.0, 50.0], &[900.0, 500.0, 50.0], 450.0);
        assert_eq!(w[2], 50.0);
        assert!(w[0] > w[1] && w[1] >= 150.0, "{w:?}");
        assert!((w.iter().sum::<f32>() - 450.0).abs() < 0.01, "{w:?}");
    }
}
