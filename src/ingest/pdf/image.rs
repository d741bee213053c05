//! Page images of scanned PDFs: an image XObject's pixels, decoded, and
//! turned upright on the page, for OCR.
//!
//! Codecs: DCTDecode (JPEG, `jpeg-decoder`), CCITTFaxDecode (Group 3 and 4,
//! `hayro-ccitt`), JBIG2Decode (with JBIG2Globals, `hayro-jbig2`), and raw
//! samples behind FlateDecode, LZWDecode, RunLengthDecode, ASCII85 / ASCIIHex
//! or no filter (lopdf; PNG and TIFF predictors), at 1, 2, 4, 8 or 16 bits in
//! DeviceGray, DeviceRGB, DeviceCMYK, ICCBased, CalGray/CalRGB or Indexed
//! colour, and image masks. JPXDecode (JPEG 2000) is not supported: such a
//! page is reported and left empty.

use lopdf::{Dictionary, Document, Object, Stream};

use super::content::{ImageDraw, Matrix, apply};
use super::file::deref;
use crate::ingest::ocr::{PageImage, Raster};
use crate::limits;

/// Filters that only carry bytes; an image codec may follow them.
const TRANSPORT: &[&[u8]] = &[
    b"FlateDecode",
    b"Fl",
    b"LZWDecode",
    b"LZW",
    b"RunLengthDecode",
    b"RL",
    b"ASCII85Decode",
    b"A85",
    b"ASCIIHexDecode",
    b"AHx",
];

/// The upright page image of one drawn image, or why it cannot be had.
pub(crate) fn page_image(doc: &Document, draw: &ImageDraw) -> Result<PageImage, String> {
    let stream = match doc.get_object(draw.id) {
        Ok(Object::Stream(s)) => s,
        _ => return Err(format!("image {} {} R is missing", draw.id.0, draw.id.1)),
    };
    let raster = decode(doc, stream)?;
    upright(raster, &draw.ctm)
}

/// Where the unit square lands and how to turn the raster so that its rows
/// run left to right, top to bottom on the page. Only quarter turns and
/// mirrors are followed (what scanners and PDF makers write).
fn upright(r: Raster, ctm: &Matrix) -> Result<PageImage, String> {
    let corners = [(0.0, 0.0), (1.0, 0.0), (0.0, 1.0), (1.0, 1.0)].map(|(u, v)| apply(ctm, u, v));
    let xs = corners.map(|c| c.0);
    let ys = corners.map(|c| c.1);
    let min = |a: [f32; 4]| a.iter().copied().fold(f32::INFINITY, f32::min);
    let max = |a: [f32; 4]| a.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    let bbox = [min(xs), min(ys), max(xs), max(ys)];
    let [a, b, c, d, _, _] = *ctm;
    let tiny = 1e-3 * (a.abs() + b.abs() + c.abs() + d.abs());
    let (w, h, ch) = (r.width, r.height, r.channels);
    // Image pixel (col, row) sits at unit (col/w, 1 - row/h).
    let raster = if b.abs() <= tiny && c.abs() <= tiny {
        let (flip_x, flip_y) = (a < 0.0, d > 0.0);
        if !flip_x && !flip_y {
            r
        } else {
            remap(&r, w, h, |x, y| {
                let col = if flip_x { w - 1 - x } else { x };
                let row = if flip_y { h - 1 - y } else { y };
                (col, row)
            })
        }
    } else if a.abs() <= tiny && d.abs() <= tiny {
        // A quarter turn: image columns run down (or up) the page.
        let (down, right) = (b > 0.0, c < 0.0);
        remap(&r, h, w, |x, y| {
            let col = if down { y } else { w - 1 - y };
            let row = if right { x } else { h - 1 - x };
            (col, row)
        })
    } else {
        return Err("the page image is drawn at an angle that is not a quarter turn".into());
    };
    debug_assert_eq!(raster.channels, ch);
    Ok(PageImage { raster, bbox })
}

/// A raster of `ow` × `oh` whose pixel (x, y) is `r`'s pixel `src(x, y)`.
fn remap(r: &Raster, ow: usize, oh: usize, src: impl Fn(usize, usize) -> (usize, usize)) -> Raster {
    let ch = r.channels;
    let mut data = vec![0u8; ow * oh * ch];
    for y in 0..oh {
        for x in 0..ow {
            let (c, rr) = src(x, y);
            let s = (rr * r.width + c) * ch;
            let o = (y * ow + x) * ch;
            data[o..o + ch].copy_from_slice(&r.data[s..s + ch]);
        }
    }
    Raster {
        width: ow,
        height: oh,
        channels: ch,
        data,
    }
}

fn int(doc: &Document, d: &Dictionary, keys: &[&[u8]]) -> Option<i64> {
    keys.iter()
        .find_map(|k| d.get(k).ok())
        .and_then(|o| deref(doc, o).as_i64().ok())
}

fn filters(doc: &Document, d: &Dictionary) -> Vec<Vec<u8>> {
    match d
        .get(b"Filter")
        .or_else(|_| d.get(b"F"))
        .map(|o| deref(doc, o))
    {
        Ok(Object::Name(n)) => vec![n.clone()],
        Ok(Object::Array(a)) => a
            .iter()
            .filter_map(|o| deref(doc, o).as_name().ok().map(|n| n.to_vec()))
            .collect(),
        _ => Vec::new(),
    }
}

/// The decode parameters of the last filter.
fn last_params<'d>(doc: &'d Document, d: &'d Dictionary) -> Option<&'d Dictionary> {
    match d
        .get(b"DecodeParms")
        .or_else(|_| d.get(b"DP"))
        .map(|o| deref(doc, o))
    {
        Ok(Object::Dictionary(p)) => Some(p),
        Ok(Object::Array(a)) => a.last().and_then(|o| deref(doc, o).as_dict().ok()),
        _ => None,
    }
}

/// Colour space of an image: components per sample, and a palette when indexed.
enum Space {
    Gray,
    Rgb,
    Cmyk,
    /// Base components and the palette bytes.
    Indexed(usize, Vec<u8>),
}

fn space(doc: &Document, o: Option<&Object>, depth: usize) -> Result<Space, String> {
    let Some(o) = o.map(|o| deref(doc, o)) else {
        return Ok(Space::Gray);
    };
    let by_name = |n: &[u8]| -> Option<Space> {
        Some(match n {
            b"DeviceGray" | b"G" | b"CalGray" => Space::Gray,
            b"DeviceRGB" | b"RGB" | b"CalRGB" | b"Lab" => Space::Rgb,
            b"DeviceCMYK" | b"CMYK" => Space::Cmyk,
            _ => return None,
        })
    };
    match o {
        Object::Name(n) => by_name(n).ok_or_else(|| {
            format!(
                "colour space {} is not supported",
                String::from_utf8_lossy(n)
            )
        }),
        Object::Array(a) if !a.is_empty() => {
            let head = deref(doc, &a[0]).as_name().unwrap_or(b"");
            match head {
                b"ICCBased" => {
                    let n = a
                        .get(1)
                        .and_then(|s| match deref(doc, s) {
                            Object::Stream(s) => int(doc, &s.dict, &[b"N"]),
                            _ => None,
                        })
                        .unwrap_or(3);
                    Ok(match n {
                        1 => Space::Gray,
                        4 => Space::Cmyk,
                        _ => Space::Rgb,
                    })
                }
                b"Indexed" | b"I" if depth == 0 && a.len() >= 4 => {
                    let base = match space(doc, a.get(1), depth + 1)? {
                        Space::Gray => 1,
                        Space::Rgb => 3,
                        Space::Cmyk => 4,
                        Space::Indexed(..) => return Err("nested indexed colour space".into()),
                    };
                    let table = match deref(doc, &a[3]) {
                        Object::String(s, _) => s.clone(),
                        Object::Stream(s) => s
                            .decompressed_content_with_limit(limits::MAX_STREAM_BYTES)
                            .unwrap_or_else(|_| s.content.clone()),
                        _ => return Err("indexed colour space without a palette".into()),
                    };
                    Ok(Space::Indexed(base, table))
                }
                b"Separation" | b"DeviceN" => Ok(Space::Gray),
                other => by_name(other).ok_or_else(|| {
                    format!(
                        "colour space {} is not supported",
                        String::from_utf8_lossy(other)
                    )
                }),
            }
        }
        _ => Ok(Space::Gray),
    }
}

/// Decode an image XObject to 8-bit grey or RGB.
pub(crate) fn decode(doc: &Document, s: &Stream) -> Result<Raster, String> {
    let d = &s.dict;
    let width = int(doc, d, &[b"Width", b"W"]).unwrap_or(0);
    let height = int(doc, d, &[b"Height", b"H"]).unwrap_or(0);
    if width <= 0 || height <= 0 || width > 30_000 || height > 30_000 {
        return Err(format!("image of {width}×{height} pixels"));
    }
    let (width, height) = (width as usize, height as usize);
    let fs = filters(doc, d);
    let codec = fs
        .last()
        .filter(|f| !TRANSPORT.contains(&f.as_slice()))
        .cloned();
    // Bytes after the transport filters.
    let carried = fs.len() - usize::from(codec.is_some());
    let bytes: Vec<u8> = if carried == 0 {
        s.content.clone()
    } else {
        let mut dict = d.clone();
        if codec.is_some() {
            let keep: Vec<Object> = fs[..carried]
                .iter()
                .map(|f| Object::Name(f.clone()))
                .collect();
            dict.set("Filter", Object::Array(keep));
            if let Ok(Object::Array(p)) = d.get(b"DecodeParms").map(|o| deref(doc, o)) {
                dict.set(
                    "DecodeParms",
                    Object::Array(p[..carried.min(p.len())].to_vec()),
                );
            } else {
                dict.remove(b"DecodeParms");
            }
        }
        Stream::new(dict, s.content.clone())
            .decompressed_content_with_limit(limits::MAX_STREAM_BYTES)
            .map_err(|e| format!("the image stream could not be decompressed: {e}"))?
    };
    let mask = d
        .get(b"ImageMask")
        .or_else(|_| d.get(b"IM"))
        .ok()
        .and_then(|o| deref(doc, o).as_bool().ok())
        .unwrap_or(false);
    // /Decode [1 0] inverts a grey or 1-bit image.
    let inverted = matches!(
        d.get(b"Decode").or_else(|_| d.get(b"D")).map(|o| deref(doc, o)),
        Ok(Object::Array(a)) if a.len() >= 2 && a[0].as_float().unwrap_or(0.0) > a[1].as_float().unwrap_or(1.0)
    );
    let mut raster = match codec.as_deref() {
        Some(b"DCTDecode") | Some(b"DCT") => jpeg(&bytes)?,
        Some(b"CCITTFaxDecode") | Some(b"CCF") => {
            ccitt(&bytes, last_params(doc, d), width, height)?
        }
        Some(b"JBIG2Decode") => jbig2(doc, &bytes, last_params(doc, d))?,
        Some(b"JPXDecode") => return Err("JPEG 2000 (JPXDecode) images are not supported".into()),
        Some(other) => {
            return Err(format!(
                "image filter {} is not supported",
                String::from_utf8_lossy(other)
            ));
        }
        None => {
            let bpc = if mask {
                1
            } else {
                int(doc, d, &[b"BitsPerComponent", b"BPC"]).unwrap_or(8) as usize
            };
            let sp = if mask {
                Space::Gray
            } else {
                space(doc, d.get(b"ColorSpace").or_else(|_| d.get(b"CS")).ok(), 0)?
            };
            samples(&bytes, width, height, bpc, &sp)?
        }
    };
    // An image mask paints where the sample is 0 (black on the page) unless
    // /Decode says otherwise; a 1-bit mask decoded as grey has 0 = black
    // already. Otherwise /Decode [1 0] swaps black and white.
    if inverted {
        raster.data.iter_mut().for_each(|v| *v = 255 - *v);
    }
    Ok(raster)
}

fn jpeg(bytes: &[u8]) -> Result<Raster, String> {
    let mut dec = jpeg_decoder::Decoder::new(bytes);
    let data = dec.decode().map_err(|e| format!("JPEG: {e}"))?;
    let info = dec.info().ok_or("JPEG without a frame header")?;
    let (w, h) = (info.width as usize, info.height as usize);
    use jpeg_decoder::PixelFormat as P;
    let (channels, data) = match info.pixel_format {
        P::L8 => (1, data),
        P::L16 => (1, data.chunks_exact(2).map(|c| c[0]).collect()),
        P::RGB24 => (3, data),
        P::CMYK32 => (3, cmyk_to_rgb(&data, true)),
    };
    if data.len() < w * h * channels {
        return Err("JPEG data shorter than its frame".into());
    }
    Ok(Raster {
        width: w,
        height: h,
        channels,
        data,
    })
}

/// CMYK (Adobe JPEGs store it inverted) to RGB, naively.
fn cmyk_to_rgb(data: &[u8], adobe_inverted: bool) -> Vec<u8> {
    let mut out = Vec::with_capacity(data.len() / 4 * 3);
    for px in data.chunks_exact(4) {
        let [c, m, y, k] = if adobe_inverted {
            [255 - px[0], 255 - px[1], 255 - px[2], 255 - px[3]]
        } else {
            [px[0], px[1], px[2], px[3]]
        };
        let ink = |v: u8| 255 - (v as u16 + k as u16).min(255) as u8;
        out.extend_from_slice(&[ink(c), ink(m), ink(y)]);
    }
    out
}

/// Raw samples at `bpc` bits in colour space `sp`, rows padded to bytes.
fn samples(bytes: &[u8], w: usize, h: usize, bpc: usize, sp: &Space) -> Result<Raster, String> {
    if !matches!(bpc, 1 | 2 | 4 | 8 | 16) {
        return Err(format!("{bpc} bits per component"));
    }
    let comps = match sp {
        Space::Gray | Space::Indexed(..) => 1,
        Space::Rgb => 3,
        Space::Cmyk => 4,
    };
    let row_bytes = (w * comps * bpc).div_ceil(8);
    if bytes.len() < row_bytes * h {
        return Err(format!(
            "image data has {} bytes, {}×{} pixels need {}",
            bytes.len(),
            w,
            h,
            row_bytes * h
        ));
    }
    let max = (1u32 << bpc.min(8)) - 1;
    let sample = |row: &[u8], i: usize| -> u32 {
        match bpc {
            8 => row[i] as u32,
            16 => row[2 * i] as u32,
            _ => {
                let bit = i * bpc;
                ((row[bit / 8] >> (8 - bpc - bit % 8)) as u32) & max
            }
        }
    };
    let channels = match sp {
        Space::Gray => 1,
        Space::Indexed(1, _) => 1,
        _ => 3,
    };
    let mut data = Vec::with_capacity(w * h * channels);
    for y in 0..h {
        let row = &bytes[y * row_bytes..(y + 1) * row_bytes];
        for x in 0..w {
            match sp {
                Space::Gray => data.push((sample(row, x) * 255 / max) as u8),
                Space::Rgb => {
                    for k in 0..3 {
                        data.push((sample(row, x * 3 + k) * 255 / max) as u8);
                    }
                }
                Space::Cmyk => {
                    let px: Vec<u8> = (0..4)
                        .map(|k| (sample(row, x * 4 + k) * 255 / max) as u8)
                        .collect();
                    data.extend(cmyk_to_rgb(&px, false));
                }
                Space::Indexed(base, table) => {
                    let i = sample(row, x) as usize * base;
                    let entry = |k: usize| table.get(i + k).copied().unwrap_or(0);
                    match base {
                        1 => data.push(entry(0)),
                        3 => data.extend_from_slice(&[entry(0), entry(1), entry(2)]),
                        _ => data.extend(cmyk_to_rgb(
                            &[entry(0), entry(1), entry(2), entry(3)],
                            false,
                        )),
                    }
                }
            }
        }
    }
    Ok(Raster {
        width: w,
        height: h,
        channels,
        data,
    })
}

/// A 1-bit page being filled (ink = 0, paper = 255).
struct Bilevel {
    width: usize,
    data: Vec<u8>,
    x: usize,
}

impl hayro_ccitt::Decoder for Bilevel {
    fn push_row(&mut self, changes: &[u32]) {
        let start = self.data.len();
        self.data.resize(start + self.width, 255);
        let row = &mut self.data[start..];
        for pair in changes.chunks(2) {
            let from = pair[0] as usize;
            let to = pair
                .get(1)
                .map_or(row.len(), |&t| t as usize)
                .min(row.len());
            if from < to {
                row[from..to].fill(0);
            }
        }
    }
}

impl hayro_jbig2::Decoder for Bilevel {
    fn push_pixel(&mut self, black: bool) {
        if self.x < self.width {
            self.data.push(if black { 0 } else { 255 });
        }
        self.x += 1;
    }
    fn push_pixel_chunk(&mut self, black: bool, chunk_count: u32) {
        for _ in 0..chunk_count * 8 {
            self.push_pixel(black);
        }
    }
    fn next_line(&mut self) {
        // Pad a short row.
        while self.x < self.width {
            self.data.push(255);
            self.x += 1;
        }
        self.x = 0;
    }
}

fn ccitt(bytes: &[u8], p: Option<&Dictionary>, w: usize, h: usize) -> Result<Raster, String> {
    let get = |k: &[u8]| p.and_then(|p| p.get(k).ok());
    let k = get(b"K").and_then(|o| o.as_i64().ok()).unwrap_or(0);
    let flag =
        |key: &[u8], default: bool| get(key).and_then(|o| o.as_bool().ok()).unwrap_or(default);
    let columns = get(b"Columns")
        .and_then(|o| o.as_i64().ok())
        .unwrap_or(1728)
        .max(1) as usize;
    let rows = get(b"Rows")
        .and_then(|o| o.as_i64().ok())
        .unwrap_or(h as i64)
        .max(0) as u32;
    let settings = hayro_ccitt::DecodeSettings {
        columns: columns as u32,
        rows,
        end_of_block: flag(b"EndOfBlock", true),
        end_of_line: flag(b"EndOfLine", false),
        rows_are_byte_aligned: flag(b"EncodedByteAlign", false),
        encoding: if k < 0 {
            hayro_ccitt::EncodingMode::Group4
        } else if k == 0 {
            hayro_ccitt::EncodingMode::Group3_1D
        } else {
            hayro_ccitt::EncodingMode::Group3_2D
        },
        strict: false,
    };
    let mut out = Bilevel {
        width: columns,
        data: Vec::with_capacity(columns * h),
        x: 0,
    };
    let mut ctx = hayro_ccitt::DecoderContext::new(settings);
    let result = hayro_ccitt::decode(bytes, &mut out, &mut ctx);
    let got = out.data.len() / columns;
    if got == 0 {
        return Err(format!(
            "CCITT fax data could not be decoded: {:?}",
            result.err()
        ));
    }
    // CCITT's 0 is white unless BlackIs1; ours is already 0 = ink.
    let mut data = out.data;
    if flag(b"BlackIs1", false) {
        data.iter_mut().for_each(|v| *v = 255 - *v);
    }
    let width = columns.min(w.max(1));
    let rows_kept = got.min(h.max(1));
    let mut cropped = Vec::with_capacity(width * rows_kept);
    for r in 0..rows_kept {
        cropped.extend_from_slice(&data[r * columns..r * columns + width]);
    }
    Ok(Raster {
        width,
        height: rows_kept,
        channels: 1,
        data: cropped,
    })
}

fn jbig2(doc: &Document, bytes: &[u8], p: Option<&Dictionary>) -> Result<Raster, String> {
    let settings = hayro_jbig2::DecodeSettings::default();
    let globals_bytes =
        p.and_then(|p| p.get(b"JBIG2Globals").ok())
            .and_then(|o| match deref(doc, o) {
                Object::Stream(s) => s
                    .decompressed_content_with_limit(limits::MAX_STREAM_BYTES)
                    .ok()
                    .or_else(|| Some(s.content.clone())),
                _ => None,
            });
    let globals = match &globals_bytes {
        Some(g) => Some(
            hayro_jbig2::Globals::new(g, &settings).map_err(|e| format!("JBIG2 globals: {e:?}"))?,
        ),
        None => None,
    };
    let page = hayro_jbig2::Page::new_embedded(bytes, globals.as_ref(), &settings)
        .map_err(|e| format!("JBIG2: {e:?}"))?;
    let (w, h) = (page.width() as usize, page.height() as usize);
    if w == 0 || h == 0 || w > 30_000 || h > 30_000 {
        return Err(format!("JBIG2 page of {w}×{h} pixels"));
    }
    let mut out = Bilevel {
        width: w,
        data: Vec::with_capacity(w * h),
        x: 0,
    };
    page.decode(&mut out).map_err(|e| format!("JBIG2: {e:?}"))?;
    out.data.resize(w * h, 255);
    Ok(Raster {
        width: w,
        height: h,
        channels: 1,
        data: out.data,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_bit_gray_and_indexed_samples() {
        // 1-bit grey: 1 = white.
        let r = samples(&[0b1010_0000], 3, 1, 1, &Space::Gray).unwrap();
        assert_eq!(r.data, [255, 0, 255]);
        // 2-colour palette, RGB.
        let sp = Space::Indexed(3, vec![255, 255, 255, 200, 20, 30]);
        let r = samples(&[0, 1], 2, 1, 8, &sp).unwrap();
        assert_eq!((r.channels, r.data), (3, vec![255, 255, 255, 200, 20, 30]));
        assert!(
            samples(&[0], 3, 2, 8, &Space::Gray).is_err(),
            "short data is an error"
        );
    }

    #[test]
    fn quarter_turns_are_made_upright() {
        // 2×1 image: left pixel black, right white.
        let r = Raster {
            width: 2,
            height: 1,
            channels: 1,
            data: vec![0, 255],
        };
        // Ordinary placement on a y-down page: [w 0 0 -h x y+h].
        let p = upright(r.clone(), &[200.0, 0.0, 0.0, -100.0, 10.0, 110.0]).unwrap();
        assert_eq!(p.raster.data, [0, 255]);
        assert_eq!(p.bbox, [10.0, 10.0, 210.0, 110.0]);
        // Mirrored left-right.
        let p = upright(r.clone(), &[-200.0, 0.0, 0.0, -100.0, 210.0, 110.0]).unwrap();
        assert_eq!(p.raster.data, [255, 0]);
        // A quarter turn: image x runs down the page → a 1×2 upright raster,
        // black on top.
        let p = upright(r.clone(), &[0.0, 200.0, 100.0, 0.0, 10.0, 10.0]).unwrap();
        assert_eq!((p.raster.width, p.raster.height), (1, 2));
        assert_eq!(p.raster.data, [0, 255]);
        assert!(upright(r, &[100.0, 100.0, -100.0, 100.0, 0.0, 0.0]).is_err());
    }

    #[test]
    fn ccitt_group4_white_page() {
        // An all-white G4 row is the pass-through code "001" … simpler: an
        // empty stream decodes to nothing and says so.
        assert!(ccitt(&[], None, 8, 2).is_err());
    }
}
