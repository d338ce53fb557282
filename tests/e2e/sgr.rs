//! Reading the SGR (Select Graphic Rendition, `ESC [ … m`) sequences out of the raw byte
//! stream a terminal received: which colours were asked for, and whether reverse video was.

/// One SGR parameter, after splitting sub-parameters (`38:5:1` counts as 38).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sgr {
    /// A colour: foreground, background or underline, 16-colour, indexed or true colour.
    Colour(u16),
    /// The terminal's default foreground, background or underline colour (39, 49, 59):
    /// resetting to no colour, not choosing one.
    DefaultColour,
    /// Reverse video (7).
    Reverse,
    /// Any other attribute (bold, reset, …).
    Other(u16),
}

/// Every SGR parameter in `raw`, in order. The arguments of extended colours
/// (`38;5;n`, `48;2;r;g;b`) are folded into their [`Sgr::Colour`].
pub fn parameters(raw: &[u8]) -> Vec<Sgr> {
    let mut found = Vec::new();
    for params in sgr_sequences(raw) {
        let numbers: Vec<u16> =
            params.split(';').map(|p| p.split(':').next().unwrap_or("").parse().unwrap_or(0)).collect();
        let mut i = 0;
        while i < numbers.len() {
            let n = numbers[i];
            i += 1;
            found.push(match n {
                7 => Sgr::Reverse,
                39 | 49 | 59 => Sgr::DefaultColour,
                38 | 48 | 58 => {
                    // `5;n` takes one argument, `2;r;g;b` three (colon forms were folded above).
                    i += match numbers.get(i) {
                        Some(5) => 2,
                        Some(2) => 4,
                        _ => 0,
                    };
                    Sgr::Colour(n)
                }
                30..=37 | 40..=47 | 90..=97 | 100..=107 => Sgr::Colour(n),
                n => Sgr::Other(n),
            });
        }
    }
    found
}

/// The parameter strings of every `CSI … m` in `raw` (private-marker sequences excluded).
fn sgr_sequences(raw: &[u8]) -> Vec<String> {
    let mut out = Vec::new();
    let mut i = 0;
    while i + 1 < raw.len() {
        if raw[i] != 0x1b || raw[i + 1] != b'[' {
            i += 1;
            continue;
        }
        let start = i + 2;
        let mut end = start;
        while end < raw.len() && (0x20..=0x3f).contains(&raw[end]) {
            end += 1;
        }
        let params = &raw[start..end.min(raw.len())];
        let private = params.first().is_some_and(|b| b"<=>?".contains(b));
        if end < raw.len() && raw[end] == b'm' && !private {
            out.push(String::from_utf8_lossy(params).into_owned());
        }
        i = end.max(i + 1);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours_defaults_and_reverse_are_told_apart() {
        let raw = b"a\x1b[7mB\x1b[39m\x1b[49m\x1b[0m\x1b[38;5;7mC\x1b[31;1m\x1b[48:2:1:2:3m\x1b[?25l\x1b[m";
        assert_eq!(
            parameters(raw),
            vec![
                Sgr::Reverse,
                Sgr::DefaultColour,
                Sgr::DefaultColour,
                Sgr::Other(0),
                Sgr::Colour(38),
                Sgr::Colour(31),
                Sgr::Other(1),
                Sgr::Colour(48),
                Sgr::Other(0),
            ]
        );
    }
}
