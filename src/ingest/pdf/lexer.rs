//! A lean content-stream lexer: operands onto a reusable stack, then the
//! operator. Strings and names are copied into one arena cleared per operator,
//! so the hot loop allocates nothing once warmed up.

/// One operand. Names and strings are byte ranges into [`Lexer::arena`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Operand {
    Num(f32),
    Name(u32, u32),
    Str(u32, u32),
    ArrayStart,
    ArrayEnd,
    DictStart,
    DictEnd,
    Other,
}

pub(crate) struct Lexer<'a> {
    data: &'a [u8],
    pos: usize,
    pub operands: Vec<Operand>,
    pub arena: Vec<u8>,
}

/// Most operands kept before an operator; beyond this the stream is garbage.
const MAX_OPERANDS: usize = 65_536;

#[inline]
fn is_white(b: u8) -> bool {
    matches!(b, b' ' | b'\n' | b'\r' | b'\t' | b'\x0c' | b'\0')
}

#[inline]
fn is_delim(b: u8) -> bool {
    matches!(
        b,
        b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%'
    )
}

#[inline]
fn hex_val(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

impl<'a> Lexer<'a> {
    pub(crate) fn new(data: &'a [u8]) -> Self {
        Lexer {
            data,
            pos: 0,
            operands: Vec::with_capacity(16),
            arena: Vec::with_capacity(256),
        }
    }

    pub(crate) fn bytes(&self, start: u32, end: u32) -> &[u8] {
        self.arena.get(start as usize..end as usize).unwrap_or(&[])
    }

    /// Read operands up to the next operator; returns the operator's bytes,
    /// or `None` at the end of the data. The operand stack and arena hold the
    /// operator's operands until the next call.
    pub(crate) fn next_op(&mut self) -> Option<&'a [u8]> {
        self.operands.clear();
        self.arena.clear();
        let data = self.data;
        loop {
            // Skip whitespace and comments.
            while self.pos < data.len() {
                let b = data[self.pos];
                if is_white(b) {
                    self.pos += 1;
                } else if b == b'%' {
                    while self.pos < data.len()
                        && data[self.pos] != b'\n'
                        && data[self.pos] != b'\r'
                    {
                        self.pos += 1;
                    }
                } else {
                    break;
                }
            }
            if self.pos >= data.len() {
                return None;
            }
            if self.operands.len() >= MAX_OPERANDS {
                self.operands.clear();
                self.arena.clear();
            }
            let b = data[self.pos];
            match b {
                b'0'..=b'9' | b'+' | b'-' | b'.' => {
                    let v = self.number();
                    self.operands.push(Operand::Num(v));
                }
                b'/' => {
                    self.pos += 1;
                    let start = self.arena.len() as u32;
                    while self.pos < data.len() {
                        let c = data[self.pos];
                        if is_white(c) || is_delim(c) {
                            break;
                        }
                        if c == b'#'
                            && self.pos + 2 < data.len()
                            && let (Some(h), Some(l)) =
                                (hex_val(data[self.pos + 1]), hex_val(data[self.pos + 2]))
                        {
                            self.arena.push(h << 4 | l);
                            self.pos += 3;
                            continue;
                        }
                        self.arena.push(c);
                        self.pos += 1;
                    }
                    self.operands
                        .push(Operand::Name(start, self.arena.len() as u32));
                }
                b'(' => {
                    let (s, e) = self.literal_string();
                    self.operands.push(Operand::Str(s, e));
                }
                b'<' => {
                    if data.get(self.pos + 1) == Some(&b'<') {
                        self.pos += 2;
                        self.operands.push(Operand::DictStart);
                    } else {
                        let (s, e) = self.hex_string();
                        self.operands.push(Operand::Str(s, e));
                    }
                }
                b'>' => {
                    self.pos += if data.get(self.pos + 1) == Some(&b'>') {
                        2
                    } else {
                        1
                    };
                    self.operands.push(Operand::DictEnd);
                }
                b'[' => {
                    self.pos += 1;
                    self.operands.push(Operand::ArrayStart);
                }
                b']' => {
                    self.pos += 1;
                    self.operands.push(Operand::ArrayEnd);
                }
                b'{' | b'}' | b')' => {
                    self.pos += 1;
                }
                _ => {
                    let start = self.pos;
                    while self.pos < data.len() {
                        let c = data[self.pos];
                        if is_white(c) || is_delim(c) {
                            break;
                        }
                        self.pos += 1;
                    }
                    let word = &data[start..self.pos];
                    match word {
                        b"true" | b"false" | b"null" => self.operands.push(Operand::Other),
                        b"ID" => {
                            self.skip_inline_image();
                            return Some(b"EI");
                        }
                        _ => return Some(word),
                    }
                }
            }
        }
    }

    fn number(&mut self) -> f32 {
        let data = self.data;
        let mut neg = false;
        // Leniency: "--5", "+-5" as poppler reads them.
        while self.pos < data.len() && matches!(data[self.pos], b'+' | b'-') {
            if data[self.pos] == b'-' {
                neg = !neg;
            }
            self.pos += 1;
        }
        let mut int: f64 = 0.0;
        while self.pos < data.len() && data[self.pos].is_ascii_digit() {
            int = int * 10.0 + f64::from(data[self.pos] - b'0');
            self.pos += 1;
        }
        if self.pos < data.len() && data[self.pos] == b'.' {
            self.pos += 1;
            let mut scale = 0.1;
            while self.pos < data.len() && data[self.pos].is_ascii_digit() {
                int += f64::from(data[self.pos] - b'0') * scale;
                scale *= 0.1;
                self.pos += 1;
            }
        }
        // Swallow trailing junk glued to a number ("1.2.3", "5e3").
        while self.pos < data.len() {
            let c = data[self.pos];
            if is_white(c) || is_delim(c) {
                break;
            }
            self.pos += 1;
        }
        let v = if neg { -int } else { int } as f32;
        if v.is_finite() { v } else { 0.0 }
    }

    fn literal_string(&mut self) -> (u32, u32) {
        let data = self.data;
        self.pos += 1;
        let start = self.arena.len() as u32;
        let mut depth = 1usize;
        while self.pos < data.len() {
            let c = data[self.pos];
            self.pos += 1;
            match c {
                b'(' => {
                    depth += 1;
                    self.arena.push(c);
                }
                b')' => {
                    depth -= 1;
                    if depth == 0 {
                        break;
                    }
                    self.arena.push(c);
                }
                b'\\' => {
                    let Some(&e) = data.get(self.pos) else {
                        break;
                    };
                    self.pos += 1;
                    match e {
                        b'n' => self.arena.push(b'\n'),
                        b'r' => self.arena.push(b'\r'),
                        b't' => self.arena.push(b'\t'),
                        b'b' => self.arena.push(8),
                        b'f' => self.arena.push(12),
                        b'\r' => {
                            if data.get(self.pos) == Some(&b'\n') {
                                self.pos += 1;
                            }
                        }
                        b'\n' => {}
                        b'0'..=b'7' => {
                            let mut v: u32 = u32::from(e - b'0');
                            for _ in 0..2 {
                                match data.get(self.pos) {
                                    Some(&d @ b'0'..=b'7') => {
                                        v = v * 8 + u32::from(d - b'0');
                                        self.pos += 1;
                                    }
                                    _ => break,
                                }
                            }
                            self.arena.push(v as u8);
                        }
                        other => self.arena.push(other),
                    }
                }
                _ => self.arena.push(c),
            }
        }
        (start, self.arena.len() as u32)
    }

    fn hex_string(&mut self) -> (u32, u32) {
        let data = self.data;
        self.pos += 1;
        let start = self.arena.len() as u32;
        let mut hi: Option<u8> = None;
        while self.pos < data.len() {
            let c = data[self.pos];
            self.pos += 1;
            if c == b'>' {
                break;
            }
            if let Some(v) = hex_val(c) {
                match hi.take() {
                    Some(h) => self.arena.push(h << 4 | v),
                    None => hi = Some(v),
                }
            }
        }
        if let Some(h) = hi {
            self.arena.push(h << 4);
        }
        (start, self.arena.len() as u32)
    }

    /// After `ID`: skip the image data up to `EI` followed by whitespace or the end.
    fn skip_inline_image(&mut self) {
        let data = self.data;
        self.pos += 1; // the single whitespace after ID
        while self.pos + 1 < data.len() {
            if data[self.pos] == b'E'
                && data[self.pos + 1] == b'I'
                && (self.pos == 0 || is_white(data[self.pos - 1]))
                && data.get(self.pos + 2).is_none_or(|&c| is_white(c))
            {
                self.pos += 2;
                return;
            }
            self.pos += 1;
        }
        self.pos = data.len();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ops(data: &[u8]) -> Vec<(String, Vec<Operand>, Vec<u8>)> {
        let mut lx = Lexer::new(data);
        let mut out = vec![];
        while let Some(op) = lx.next_op() {
            out.push((
                String::from_utf8_lossy(op).into_owned(),
                lx.operands.clone(),
                lx.arena.clone(),
            ));
        }
        out
    }

    #[test]
    fn numbers_names_strings() {
        let v = ops(b"1 -2.5 .5 /F1 12 Tf (a\\(b\\)\\101) Tj <4E2D 6> Tj");
        assert_eq!(v[0].0, "Tf");
        assert_eq!(
            v[0].1,
            vec![
                Operand::Num(1.0),
                Operand::Num(-2.5),
                Operand::Num(0.5),
                Operand::Name(0, 2),
                Operand::Num(12.0)
            ]
        );
        assert_eq!(v[1].2, b"a(b)A");
        assert_eq!(v[2].2, vec![0x4E, 0x2D, 0x60]);
    }

    #[test]
    fn arrays_dicts_comments_and_inline_images() {
        let v = ops(b"[(A) -120 (B)] TJ % comment\n/P <</MCID 3>> BDC BI /W 1 ID \x00EI\x01 EI Q");
        assert_eq!(v[0].0, "TJ");
        assert_eq!(v[0].1.len(), 5);
        assert_eq!(v[1].0, "BDC");
        assert_eq!(v[2].0, "BI");
        assert_eq!(v[3].0, "EI");
        assert_eq!(v[4].0, "Q");
    }

    #[test]
    fn garbage_never_panics() {
        for data in [
            &b"(unterminated"[..],
            b"<4",
            b"\\",
            b"--",
            b"/",
            b"ID",
            b"<<>>]]",
        ] {
            let _ = ops(data);
        }
    }
}
