//! Page pixels before OCR: the red seal taken out by colour, the page
//! straightened, and the grey image written for the engine.

/// Decoded pixels: 1 (grey) or 3 (RGB) 8-bit channels, rows top to bottom.
#[derive(Debug, Clone, PartialEq)]
pub struct Raster {
    pub width: usize,
    pub height: usize,
    pub channels: usize,
    pub data: Vec<u8>,
}

/// A grey page: 0 black … 255 white.
#[derive(Debug, Clone, PartialEq)]
pub struct Gray {
    pub width: usize,
    pub height: usize,
    pub data: Vec<u8>,
}

/// Below this grey level a pixel is ink.
pub const INK: u8 = 150;

impl Gray {
    pub fn new(width: usize, height: usize) -> Gray {
        Gray {
            width,
            height,
            data: vec![255; width * height],
        }
    }
    #[inline]
    pub fn at(&self, x: usize, y: usize) -> u8 {
        self.data[y * self.width + x]
    }
    #[inline]
    pub fn dark(&self, x: usize, y: usize) -> bool {
        self.at(x, y) < INK
    }

    /// Binary PGM (P5), which the engine reads without a codec.
    pub fn to_pgm(&self) -> Vec<u8> {
        let mut out = format!("P5\n{} {}\n255\n", self.width, self.height).into_bytes();
        out.extend_from_slice(&self.data);
        out
    }
}

/// Is this colour the red of a seal's ink (朱红 / 大红)? Red well above both
/// green and blue. Black text printed under the seal stays dark in all three
/// channels and is kept.
#[inline]
fn seal_red(r: u8, g: u8, b: u8) -> bool {
    let (r, g, b) = (r as i32, g as i32, b as i32);
    r > 110 && r - g > 60 && r - b > 45
}

/// Grey image of `r`, with seal-red pixels turned to paper white and
/// reddish ones seen through a red filter. Returns the image and how many
/// pixels were seal ink.
pub fn remove_seal(r: &Raster) -> (Gray, usize) {
    let mut out = Gray::new(r.width, r.height);
    let mut red = 0usize;
    match r.channels {
        3 => {
            for (o, px) in out.data.iter_mut().zip(r.data.chunks_exact(3)) {
                let (cr, cg, cb) = (px[0], px[1], px[2]);
                if seal_red(cr, cg, cb) {
                    red += 1;
                    *o = 255;
                } else {
                    // Rec. 601 luma; but a reddish pixel (the seal's thin
                    // edges and specks, red over grey) is seen as through a
                    // red filter, as a scanner's red drop-out does: red ink
                    // is light in the red channel, black ink under it dark.
                    let luma = ((299 * cr as u32 + 587 * cg as u32 + 114 * cb as u32) / 1000) as u8;
                    *o = luma.max(cr);
                }
            }
        }
        _ => out.data.copy_from_slice(&r.data[..r.width * r.height]),
    }
    (out, red)
}

/// The skew of the text lines in degrees (positive: lines fall to the right,
/// i.e. the page was turned clockwise), found by the projection profile: the
/// angle at which the ink rows are sharpest. Searches ±3°.
pub fn skew_degrees(g: &Gray) -> f32 {
    // Ink samples on a 1/3 grid.
    let step = 3usize;
    let mut pts: Vec<(f32, f32)> = Vec::new();
    for y in (0..g.height).step_by(step) {
        for x in (0..g.width).step_by(step) {
            if g.dark(x, y) {
                pts.push((x as f32 / step as f32, y as f32 / step as f32));
            }
        }
    }
    if pts.len() < 200 {
        return 0.0;
    }
    let rows = g.height / step + 1;
    let cols = g.width / step + 1;
    let margin = (cols as f32 * 0.06).ceil() as usize + 2;
    let mut bins = vec![0u32; rows + 2 * margin];
    let mut score = |deg: f32| -> f64 {
        let t = (deg as f64).to_radians().tan() as f32;
        bins.iter_mut().for_each(|b| *b = 0);
        for &(x, y) in &pts {
            let yy = y - x * t + margin as f32;
            if yy >= 0.0 && (yy as usize) < bins.len() {
                bins[yy as usize] += 1;
            }
        }
        bins.iter().map(|&b| (b as f64) * (b as f64)).sum()
    };
    let mut best = (score(0.0), 0.0f32);
    let mut deg = -3.0f32;
    while deg <= 3.0 + 1e-3 {
        let s = score(deg);
        if s > best.0 {
            best = (s, deg);
        }
        deg += 0.2;
    }
    let centre = best.1;
    let mut d = centre - 0.2;
    while d <= centre + 0.2 + 1e-3 {
        let s = score(d);
        if s > best.0 {
            best = (s, d);
        }
        d += 0.04;
    }
    // Only a clear improvement over zero counts (a blank or a drawing).
    if best.0 < score(0.0) * 1.02 {
        return 0.0;
    }
    best.1
}

/// Turn the page by `-deg` about its centre (bilinear), so lines skewed by
/// `deg` come out level. Outside the original is paper white.
pub fn rotate(g: &Gray, deg: f32) -> Gray {
    let (s, c) = (deg.to_radians().sin(), deg.to_radians().cos());
    let (cx, cy) = (g.width as f32 / 2.0, g.height as f32 / 2.0);
    let mut out = Gray::new(g.width, g.height);
    let (w, h) = (g.width as isize, g.height as isize);
    for y in 0..g.height {
        let dy = y as f32 + 0.5 - cy;
        for x in 0..g.width {
            let dx = x as f32 + 0.5 - cx;
            // Source of this output pixel: rotate back by +deg.
            let sx = c * dx - s * dy + cx - 0.5;
            let sy = s * dx + c * dy + cy - 0.5;
            let (x0, y0) = (sx.floor(), sy.floor());
            let (fx, fy) = (sx - x0, sy - y0);
            let (x0, y0) = (x0 as isize, y0 as isize);
            let px = |xx: isize, yy: isize| -> f32 {
                if xx < 0 || yy < 0 || xx >= w || yy >= h {
                    255.0
                } else {
                    g.data[yy as usize * g.width + xx as usize] as f32
                }
            };
            let v = px(x0, y0) * (1.0 - fx) * (1.0 - fy)
                + px(x0 + 1, y0) * fx * (1.0 - fy)
                + px(x0, y0 + 1) * (1.0 - fx) * fy
                + px(x0 + 1, y0 + 1) * fx * fy;
            out.data[y * g.width + x] = v.round().clamp(0.0, 255.0) as u8;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page_with_lines(w: usize, h: usize, slope: f32) -> Gray {
        let mut g = Gray::new(w, h);
        for k in 0..12 {
            let y0 = 40.0 + k as f32 * 30.0;
            for x in 20..w - 20 {
                // Words: ink with gaps.
                if (x / 9) % 5 == 4 {
                    continue;
                }
                let y = (y0 + x as f32 * slope).round() as usize;
                for t in 0..2 {
                    if y + t < h {
                        g.data[(y + t) * w + x] = 0;
                    }
                }
            }
        }
        g
    }

    #[test]
    fn skew_is_measured_and_undone() {
        let slope = (0.6f32).to_radians().tan();
        let g = page_with_lines(1200, 460, slope);
        let d = skew_degrees(&g);
        assert!((d - 0.6).abs() < 0.1, "measured {d}");
        let straight = rotate(&g, d);
        assert!(skew_degrees(&straight).abs() < 0.1);
        assert_eq!(skew_degrees(&page_with_lines(1200, 460, 0.0)), 0.0);
    }

    #[test]
    fn seal_red_becomes_paper_and_black_under_it_stays() {
        // white, seal red, black text printed under the seal, grey text,
        // dark red, the seal's pale edge, black with a red tinge
        let px = [
            [255, 255, 255],
            [214, 38, 45],
            [20, 4, 5],
            [90, 90, 90],
            [120, 30, 30],
            [236, 178, 184],
            [70, 30, 34],
        ];
        let r = Raster {
            width: px.len(),
            height: 1,
            channels: 3,
            data: px.iter().flatten().copied().collect(),
        };
        let (g, red) = remove_seal(&r);
        assert_eq!(red, 2);
        assert_eq!(g.data[1], 255);
        assert_eq!(g.data[4], 255);
        assert!(g.data[2] <= 20 && g.data[3] == 90);
        assert!(g.data[5] >= 230, "the pale edge is paper: {}", g.data[5]);
        assert!(g.data[6] < super::INK, "ink under red stays ink");
    }
}
