//! Okta's SCIM-style filter language, used by `search` and `filter` on users, groups, apps and
//! the System Log.
//!
//! `parse` turns an expression such as `eventType sw "user.mfa" and not (outcome.result eq
//! "SUCCESS")` into a [`Filter`], which `matches` evaluates against the JSON the API returns.
//! Property names are case-sensitive; operators, keywords and string values are not. A path
//! that crosses a JSON array holds if any element matches. ISO 8601 strings compare as instants,
//! so `.000Z` and whole-second forms agree. Routes use [`Filter::comparisons`] and
//! [`Filter::uses_not`] to refuse what a given endpoint does not support.

use std::borrow::Cow;
use std::cmp::Ordering;
use std::iter::Peekable;
use std::vec::IntoIter;

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use serde_json::Value;

/// Deepest nesting of parentheses (including `not (…)`) an expression may use.
pub const MAX_DEPTH: usize = 64;

/// Longest excerpt of the input quoted in an error message, in characters.
const MAX_QUOTE: usize = 40;

/// A comparison operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Op {
    /// `eq`: equal.
    Eq,
    /// `ne`: not equal.
    Ne,
    /// `sw`: starts with.
    Sw,
    /// `co`: contains.
    Co,
    /// `ew`: ends with.
    Ew,
    /// `pr`: present (has a non-empty value); takes no value.
    Pr,
    /// `gt`: greater than.
    Gt,
    /// `ge`: greater than or equal.
    Ge,
    /// `lt`: less than.
    Lt,
    /// `le`: less than or equal.
    Le,
}

impl Op {
    const ALL: [Op; 10] = [Op::Eq, Op::Ne, Op::Sw, Op::Co, Op::Ew, Op::Pr, Op::Gt, Op::Ge, Op::Lt, Op::Le];

    /// The operator as written in an expression, lower case (`"eq"`, `"sw"`, …).
    pub fn name(&self) -> &'static str {
        match self {
            Op::Eq => "eq",
            Op::Ne => "ne",
            Op::Sw => "sw",
            Op::Co => "co",
            Op::Ew => "ew",
            Op::Pr => "pr",
            Op::Gt => "gt",
            Op::Ge => "ge",
            Op::Lt => "lt",
            Op::Le => "le",
        }
    }

    fn from_word(word: &str) -> Option<Op> {
        Op::ALL.into_iter().find(|op| op.name().eq_ignore_ascii_case(word))
    }

    /// Whether the operator is decided by an ordering (equality or comparison).
    fn is_ordering(self) -> bool {
        matches!(self, Op::Eq | Op::Ne | Op::Gt | Op::Ge | Op::Lt | Op::Le)
    }

    fn holds(self, ord: Ordering) -> bool {
        match self {
            Op::Eq => ord.is_eq(),
            Op::Ne => ord.is_ne(),
            Op::Gt => ord.is_gt(),
            Op::Ge => ord.is_ge(),
            Op::Lt => ord.is_lt(),
            Op::Le => ord.is_le(),
            Op::Sw | Op::Co | Op::Ew | Op::Pr => false,
        }
    }
}

/// The value on the right of a comparison.
#[derive(Debug, Clone, PartialEq)]
pub enum Literal {
    /// A double-quoted string, escapes resolved.
    Str(String),
    /// A finite number.
    Num(f64),
    /// `true` or `false`.
    Bool(bool),
    /// `null`.
    Null,
}

impl Literal {
    /// The literal's text, compared with a field's text (`None` for `null`).
    fn text(&self) -> Option<Cow<'_, str>> {
        match self {
            Literal::Str(s) => Some(Cow::Borrowed(s)),
            Literal::Num(n) => Some(Cow::Owned(n.to_string())),
            Literal::Bool(b) => Some(Cow::Borrowed(if *b { "true" } else { "false" })),
            Literal::Null => None,
        }
    }
}

/// A parsed filter expression.
#[derive(Debug, Clone, PartialEq)]
pub enum Filter {
    /// `path op value`.
    Compare {
        /// Dotted attribute path, as written.
        path: String,
        /// The operator (never `Pr`, which parses to `Present`).
        op: Op,
        /// The value compared with.
        value: Literal,
    },
    /// `path pr`.
    Present {
        /// Dotted attribute path, as written.
        path: String,
    },
    /// Both hold.
    And(Box<Filter>, Box<Filter>),
    /// Either holds.
    Or(Box<Filter>, Box<Filter>),
    /// The inner filter does not hold.
    Not(Box<Filter>),
}

impl Filter {
    /// Whether the JSON object `v` satisfies the filter.
    pub fn matches(&self, v: &Value) -> bool {
        match self {
            Filter::Compare { path, op, value } => compare(&resolve(v, path), *op, value),
            Filter::Present { path } => present(&resolve(v, path)),
            Filter::And(a, b) => a.matches(v) && b.matches(v),
            Filter::Or(a, b) => a.matches(v) || b.matches(v),
            Filter::Not(inner) => !inner.matches(v),
        }
    }

    /// Whether an object whose JSON text is `text` may satisfy the filter: `false` only when
    /// none can, read from the text alone (no parse). A comparison that needs the field's
    /// text to hold the literal's (`eq`, `sw`, `co`, `ew` with a string or boolean that is
    /// no number or timestamp) is ruled out when an ASCII text does not hold it, ignoring
    /// case; everything else may match. The log store keeps events as text and reads again
    /// only those this lets through.
    pub fn may_match_text(&self, text: &str) -> bool {
        // Text that is not ASCII is read again whatever it holds.
        !text.is_ascii() || self.may_match_lowered(text.to_ascii_lowercase().as_bytes())
    }

    /// [`Filter::may_match_text`] over the text lower-cased once (a search of each
    /// comparison's literal with `memchr::memmem`: a page of a hunt's long `or` of event
    /// types asks this of every stored event).
    fn may_match_lowered(&self, lower: &[u8]) -> bool {
        match self {
            Filter::Compare { op: Op::Eq | Op::Sw | Op::Co | Op::Ew, value, .. } => match needle(value) {
                Some(wanted) => memchr::memmem::find(lower, wanted.as_bytes()).is_some(),
                None => true,
            },
            Filter::Compare { .. } | Filter::Present { .. } | Filter::Not(_) => true,
            Filter::And(a, b) => a.may_match_lowered(lower) && b.may_match_lowered(lower),
            Filter::Or(a, b) => a.may_match_lowered(lower) || b.may_match_lowered(lower),
        }
    }

    /// Every `(path, operator)` the filter uses, left to right (`pr` included).
    pub fn comparisons(&self) -> Vec<(&str, Op)> {
        let mut out = Vec::new();
        self.collect_comparisons(&mut out);
        out
    }

    /// Whether the filter uses `not`.
    pub fn uses_not(&self) -> bool {
        match self {
            Filter::Compare { .. } | Filter::Present { .. } => false,
            Filter::And(a, b) | Filter::Or(a, b) => a.uses_not() || b.uses_not(),
            Filter::Not(_) => true,
        }
    }

    fn collect_comparisons<'a>(&'a self, out: &mut Vec<(&'a str, Op)>) {
        match self {
            Filter::Compare { path, op, .. } => out.push((path, *op)),
            Filter::Present { path } => out.push((path, Op::Pr)),
            Filter::And(a, b) | Filter::Or(a, b) => {
                a.collect_comparisons(out);
                b.collect_comparisons(out);
            }
            Filter::Not(inner) => inner.collect_comparisons(out),
        }
    }
}

/// Why an expression could not be parsed. Positions count characters from 0.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ScimError {
    /// Nothing but whitespace.
    #[error("empty expression")]
    Empty,
    /// A `"` with no closing `"`.
    #[error("unterminated string starting at {pos}")]
    UnterminatedString { pos: usize },
    /// A backslash escape other than `\"`, `\\` or `\/`.
    #[error("invalid escape '\\{escape}' at {pos}")]
    InvalidEscape { escape: char, pos: usize },
    /// A token where none of its kind may stand.
    #[error("unexpected token '{token}' at {pos}")]
    UnexpectedToken { token: String, pos: usize },
    /// The input stopped where more was needed.
    #[error("unexpected end of expression, expected {expected}")]
    UnexpectedEnd { expected: &'static str },
    /// An attribute path that is not dotted names of letters, digits and `_`.
    #[error("invalid attribute path '{path}' at {pos}")]
    InvalidPath { path: String, pos: usize },
    /// An attribute path not followed by an operator.
    #[error("expected an operator after '{path}' at {pos}")]
    ExpectedOperator { path: String, pos: usize },
    /// A word in operator position that is not an operator.
    #[error("unknown operator '{op}' at {pos}")]
    UnknownOperator { op: String, pos: usize },
    /// An operator not followed by a string, number, `true`, `false` or `null`.
    #[error("expected a value after '{op}' at {pos}")]
    ExpectedValue { op: &'static str, pos: usize },
    /// `not` not followed by `(`.
    #[error("expected '(' after 'not' at {pos}")]
    ExpectedParen { pos: usize },
    /// A `(` never closed.
    #[error("missing ')' for the '(' at {pos}")]
    UnclosedParen { pos: usize },
    /// Parentheses nested deeper than [`MAX_DEPTH`].
    #[error("expression nested deeper than {max} levels at {pos}")]
    TooDeep { max: usize, pos: usize },
}

/// Parses a filter expression.
///
/// # Errors
/// A [`ScimError`] naming the first problem and where it is.
pub fn parse(expr: &str) -> Result<Filter, ScimError> {
    let tokens = lex(expr)?;
    if tokens.is_empty() {
        return Err(ScimError::Empty);
    }
    let mut parser = Parser { tokens: tokens.into_iter().peekable(), depth: 0 };
    let filter = parser.parse_or()?;
    match parser.tokens.next() {
        Some(token) => Err(token.unexpected()),
        None => Ok(filter),
    }
}

#[derive(Debug)]
enum Tok {
    Open,
    Close,
    Word(String),
    Str(String),
}

#[derive(Debug)]
struct Token {
    tok: Tok,
    pos: usize,
}

impl Token {
    fn unexpected(&self) -> ScimError {
        let token = match &self.tok {
            Tok::Open => "(".to_string(),
            Tok::Close => ")".to_string(),
            Tok::Word(w) => quote(w),
            Tok::Str(s) => format!("\"{}\"", quote(s)),
        };
        ScimError::UnexpectedToken { token, pos: self.pos }
    }

    fn is_keyword(&self, keyword: &str) -> bool {
        matches!(&self.tok, Tok::Word(w) if w.eq_ignore_ascii_case(keyword))
    }
}

/// At most `MAX_QUOTE` characters of `s`, for error messages.
fn quote(s: &str) -> String {
    match s.char_indices().nth(MAX_QUOTE) {
        Some((cut, _)) => format!("{}…", &s[..cut]),
        None => s.to_string(),
    }
}

fn lex(expr: &str) -> Result<Vec<Token>, ScimError> {
    let chars: Vec<char> = expr.chars().collect();
    let mut tokens = Vec::new();
    let mut i = 0;
    while let Some(&c) = chars.get(i) {
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        let (tok, next) = match c {
            '(' => (Tok::Open, i + 1),
            ')' => (Tok::Close, i + 1),
            '"' => lex_string(&chars, i)?,
            _ => lex_word(&chars, i),
        };
        tokens.push(Token { tok, pos: i });
        i = next;
    }
    Ok(tokens)
}

fn lex_string(chars: &[char], start: usize) -> Result<(Tok, usize), ScimError> {
    let mut text = String::new();
    let mut i = start + 1;
    loop {
        let width = match chars.get(i) {
            None => return Err(ScimError::UnterminatedString { pos: start }),
            Some('"') => return Ok((Tok::Str(text), i + 1)),
            Some('\\') => match chars.get(i + 1) {
                Some(&c @ ('"' | '\\' | '/')) => {
                    text.push(c);
                    2
                }
                Some(&escape) => return Err(ScimError::InvalidEscape { escape, pos: i }),
                None => return Err(ScimError::UnterminatedString { pos: start }),
            },
            Some(&c) => {
                text.push(c);
                1
            }
        };
        i += width;
    }
}

fn lex_word(chars: &[char], start: usize) -> (Tok, usize) {
    let len = chars[start..].iter().take_while(|c| !c.is_whitespace() && !matches!(c, '(' | ')' | '"')).count();
    let word = chars[start..start + len].iter().collect();
    (Tok::Word(word), start + len)
}

struct Parser {
    tokens: Peekable<IntoIter<Token>>,
    depth: usize,
}

impl Parser {
    /// `and_expr ("or" and_expr)*`
    fn parse_or(&mut self) -> Result<Filter, ScimError> {
        let first = self.parse_and()?;
        let mut rest = Vec::new();
        while self.tokens.next_if(|t| t.is_keyword("or")).is_some() {
            rest.push(self.parse_and()?);
        }
        Ok(balance(first, rest, |a, b| Filter::Or(Box::new(a), Box::new(b))))
    }

    /// `unary ("and" unary)*`
    fn parse_and(&mut self) -> Result<Filter, ScimError> {
        let first = self.parse_unary()?;
        let mut rest = Vec::new();
        while self.tokens.next_if(|t| t.is_keyword("and")).is_some() {
            rest.push(self.parse_unary()?);
        }
        Ok(balance(first, rest, |a, b| Filter::And(Box::new(a), Box::new(b))))
    }

    /// `"not" group | group | comparison`
    fn parse_unary(&mut self) -> Result<Filter, ScimError> {
        let token = self.tokens.next().ok_or(ScimError::UnexpectedEnd { expected: "an attribute, '(' or 'not'" })?;
        match token.tok {
            Tok::Open => self.parse_group(token.pos),
            Tok::Word(_) if token.is_keyword("and") || token.is_keyword("or") => Err(token.unexpected()),
            Tok::Word(_) if token.is_keyword("not") => match self.tokens.next() {
                Some(Token { tok: Tok::Open, pos }) => Ok(Filter::Not(Box::new(self.parse_group(pos)?))),
                Some(other) => Err(ScimError::ExpectedParen { pos: other.pos }),
                None => Err(ScimError::UnexpectedEnd { expected: "'(' after 'not'" }),
            },
            Tok::Word(path) => self.parse_comparison(path, token.pos),
            Tok::Close | Tok::Str(_) => Err(token.unexpected()),
        }
    }

    /// The rest of a parenthesised expression whose `(` stood at `open`.
    fn parse_group(&mut self, open: usize) -> Result<Filter, ScimError> {
        if self.depth >= MAX_DEPTH {
            return Err(ScimError::TooDeep { max: MAX_DEPTH, pos: open });
        }
        self.depth += 1;
        let inner = self.parse_or()?;
        self.depth -= 1;
        match self.tokens.next() {
            Some(Token { tok: Tok::Close, .. }) => Ok(inner),
            Some(other) => Err(other.unexpected()),
            None => Err(ScimError::UnclosedParen { pos: open }),
        }
    }

    /// `path op value | path "pr"`
    fn parse_comparison(&mut self, path: String, pos: usize) -> Result<Filter, ScimError> {
        if !valid_path(&path) {
            return Err(ScimError::InvalidPath { path: quote(&path), pos });
        }
        let after_path = pos + path.chars().count();
        let op = match self.tokens.next() {
            Some(Token { tok: Tok::Word(word), pos }) => {
                Op::from_word(&word).ok_or_else(|| ScimError::UnknownOperator { op: quote(&word), pos })?
            }
            Some(Token { pos, .. }) => return Err(ScimError::ExpectedOperator { path: quote(&path), pos }),
            None => return Err(ScimError::ExpectedOperator { path: quote(&path), pos: after_path }),
        };
        if op == Op::Pr {
            return Ok(Filter::Present { path });
        }
        let value = self.parse_value(op, after_path)?;
        Ok(Filter::Compare { path, op, value })
    }

    fn parse_value(&mut self, op: Op, fallback_pos: usize) -> Result<Literal, ScimError> {
        let expected = |pos| ScimError::ExpectedValue { op: op.name(), pos };
        let token = self.tokens.next().ok_or_else(|| expected(fallback_pos))?;
        match token.tok {
            Tok::Str(s) => Ok(Literal::Str(s)),
            Tok::Word(word) => word_literal(&word).ok_or_else(|| expected(token.pos)),
            Tok::Open | Tok::Close => Err(expected(token.pos)),
        }
    }
}

/// `true`, `false`, `null` or a finite number.
fn word_literal(word: &str) -> Option<Literal> {
    match word.to_ascii_lowercase().as_str() {
        "true" => Some(Literal::Bool(true)),
        "false" => Some(Literal::Bool(false)),
        "null" => Some(Literal::Null),
        _ => parse_number(word).map(Literal::Num),
    }
}

/// A decimal number (no `inf`, `NaN` or other words `f64::from_str` takes).
fn parse_number(s: &str) -> Option<f64> {
    let digits = s.strip_prefix('-').unwrap_or(s);
    if !digits.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    s.parse::<f64>().ok().filter(|n| n.is_finite())
}

fn valid_path(path: &str) -> bool {
    path.split('.').all(|segment| {
        segment.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
            && segment.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
    })
}

/// Joins operands into a balanced tree (same order), so that long `and`/`or` chains stay
/// shallow for `matches` and `drop`.
fn balance(first: Filter, rest: Vec<Filter>, join: fn(Filter, Filter) -> Filter) -> Filter {
    let mut head = first;
    let mut tail = rest;
    while !tail.is_empty() {
        let mut items = tail.into_iter();
        if let Some(second) = items.next() {
            head = join(head, second);
        }
        tail = Vec::new();
        while let Some(left) = items.next() {
            tail.push(match items.next() {
                Some(right) => join(left, right),
                None => left,
            });
        }
    }
    head
}

/// The lower-cased text a field matching `lit` must hold, when its JSON text shows it as
/// written: a string or boolean whose comparison is by text (not as a number or an instant)
/// and that JSON does not escape.
fn needle(lit: &Literal) -> Option<String> {
    let text = match lit {
        Literal::Str(s) if parse_number(s.trim()).is_none() && instant(s).is_none() => s.to_lowercase(),
        Literal::Bool(b) => b.to_string(),
        _ => return None,
    };
    let escaped = |c: char| c == '"' || c == '\\' || c.is_control();
    (!text.chars().any(escaped)).then_some(text)
}

/// Whether `haystack` holds `needle` (lower case), ASCII letters compared without case.
pub fn contains_ignoring_ascii_case(haystack: &str, needle: &str) -> bool {
    memchr::memmem::find(haystack.to_ascii_lowercase().as_bytes(), needle.as_bytes()).is_some()
}

/// The values at `path` in `v`, descending into arrays on the way and at the end.
fn resolve<'a>(v: &'a Value, path: &str) -> Vec<&'a Value> {
    let mut current = vec![v];
    for segment in path.split('.') {
        let mut next = Vec::new();
        for node in current {
            step(node, segment, &mut next);
        }
        current = next;
    }
    current
        .into_iter()
        .flat_map(|leaf| match leaf {
            Value::Array(items) => items.iter().collect(),
            other => vec![other],
        })
        .collect()
}

fn step<'a>(node: &'a Value, segment: &str, out: &mut Vec<&'a Value>) {
    match node {
        Value::Object(map) => out.extend(map.get(segment)),
        Value::Array(items) => items.iter().for_each(|item| step(item, segment, out)),
        _ => {}
    }
}

/// SCIM `pr`: some value that is not null, `""`, `{}` or `[]`.
fn present(leaves: &[&Value]) -> bool {
    leaves.iter().any(|leaf| match leaf {
        Value::Null => false,
        Value::String(s) => !s.is_empty(),
        Value::Object(map) => !map.is_empty(),
        _ => true,
    })
}

fn compare(leaves: &[&Value], op: Op, lit: &Literal) -> bool {
    match (op, lit) {
        (Op::Ne, _) => !compare(leaves, Op::Eq, lit),
        (Op::Pr, _) => present(leaves),
        (Op::Eq, Literal::Null) => leaves.is_empty() || leaves.iter().any(|l| l.is_null()),
        (_, Literal::Null) => false,
        _ => leaves.iter().any(|leaf| leaf_holds(leaf, op, lit)),
    }
}

fn leaf_holds(leaf: &Value, op: Op, lit: &Literal) -> bool {
    if op.is_ordering() {
        if let Some((field, wanted)) = numbers(leaf, lit) {
            return field.partial_cmp(&wanted).is_some_and(|ord| op.holds(ord));
        }
    }
    match (leaf_text(leaf), lit.text()) {
        (Some(field), Some(wanted)) => text_holds(&field, op, &wanted),
        _ => false,
    }
}

/// Both sides as numbers, when at least one of them is a number and the other reads as one.
fn numbers(leaf: &Value, lit: &Literal) -> Option<(f64, f64)> {
    match (leaf, lit) {
        (Value::Number(n), Literal::Num(m)) => Some((n.as_f64()?, *m)),
        (Value::Number(n), Literal::Str(s)) => Some((n.as_f64()?, parse_number(s.trim())?)),
        (Value::String(s), Literal::Num(m)) => Some((parse_number(s.trim())?, *m)),
        _ => None,
    }
}

fn leaf_text(leaf: &Value) -> Option<Cow<'_, str>> {
    match leaf {
        Value::String(s) => Some(Cow::Borrowed(s)),
        Value::Number(n) => Some(Cow::Owned(n.to_string())),
        Value::Bool(b) => Some(Cow::Borrowed(if *b { "true" } else { "false" })),
        _ => None,
    }
}

/// Case-insensitive text comparison; two ISO 8601 timestamps compare as instants.
fn text_holds(field: &str, op: Op, wanted: &str) -> bool {
    if op.is_ordering() {
        if let (Some(a), Some(b)) = (instant(field), instant(wanted)) {
            return op.holds(a.cmp(&b));
        }
    }
    let (field, wanted) = (field.to_lowercase(), wanted.to_lowercase());
    match op {
        Op::Sw => field.starts_with(&wanted),
        Op::Co => field.contains(&wanted),
        Op::Ew => field.ends_with(&wanted),
        _ => op.holds(field.cmp(&wanted)),
    }
}

/// An ISO 8601 timestamp (`Z` or offset, any fraction; no zone means UTC) or a bare date.
fn instant(s: &str) -> Option<DateTime<Utc>> {
    let head = s.as_bytes().get(..5)?;
    if !(head[..4].iter().all(u8::is_ascii_digit) && head[4] == b'-') {
        return None;
    }
    DateTime::parse_from_rfc3339(s)
        .map(|t| t.with_timezone(&Utc))
        .ok()
        .or_else(|| NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S%.f").ok().map(|t| t.and_utc()))
        .or_else(|| {
            NaiveDate::parse_from_str(s, "%Y-%m-%d").ok().and_then(|d| d.and_hms_opt(0, 0, 0)).map(|t| t.and_utc())
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn user() -> Value {
        json!({
            "id": "00u1abc",
            "status": "ACTIVE",
            "created": "2024-03-01T10:00:00.000Z",
            "lastLogin": null,
            "profile": {"login": "Ana.Lima@example.com", "firstName": "Ana", "nickName": "",
                        "employeeNumber": "0042", "age": 37},
            "type": {"id": "oty1"}
        })
    }

    fn event() -> Value {
        json!({
            "eventType": "user.session.start",
            "published": "2024-05-01T12:00:00.123Z",
            "outcome": {"result": "FAILURE", "reason": "INVALID_CREDENTIALS"},
            "actor": {"id": "00u1abc", "alternateId": "ana.lima@example.com"},
            "client": {"ipAddress": "203.0.113.7"},
            "securityContext": {"isProxy": true, "asNumber": 64500},
            "target": [
                {"id": "00uAAA", "type": "User"},
                {"id": "0oaBBB", "type": "AppInstance", "detailEntry": {"tags": ["x", "y"]}}
            ]
        })
    }

    fn m(expr: &str, v: &Value) -> bool {
        parse(expr).unwrap().matches(v)
    }

    fn err(expr: &str) -> String {
        parse(expr).unwrap_err().to_string()
    }

    fn cmp(path: &str, op: Op, value: &str) -> Filter {
        Filter::Compare { path: path.into(), op, value: Literal::Str(value.into()) }
    }

    #[test]
    fn parses_comparisons_and_literals() {
        assert_eq!(parse(r#"status eq "ACTIVE""#).unwrap(), cmp("status", Op::Eq, "ACTIVE"));
        assert_eq!(parse("profile.login PR").unwrap(), Filter::Present { path: "profile.login".into() });
        let lit = |e: &str| match parse(e).unwrap() {
            Filter::Compare { value, .. } => value,
            other => panic!("{other:?}"),
        };
        assert_eq!(lit("a eq TRUE"), Literal::Bool(true));
        assert_eq!(lit("a eq false"), Literal::Bool(false));
        assert_eq!(lit("a eq null"), Literal::Null);
        assert_eq!(lit("a gt -1.5e2"), Literal::Num(-150.0));
        assert_eq!(lit(r#"a eq "say \"hi\" \\ \/""#), Literal::Str(r#"say "hi" \ /"#.into()));
        assert_eq!(lit("a eq \"Zoë 東京\""), Literal::Str("Zoë 東京".into()));
    }

    #[test]
    fn precedence_is_not_and_or() {
        let (a, b, c) = (cmp("a", Op::Eq, "1"), cmp("b", Op::Eq, "2"), cmp("c", Op::Eq, "3"));
        let and = |x: Filter, y: Filter| Filter::And(Box::new(x), Box::new(y));
        let or = |x: Filter, y: Filter| Filter::Or(Box::new(x), Box::new(y));
        let not = |x: Filter| Filter::Not(Box::new(x));
        let p = |e: &str| parse(e).unwrap();
        assert_eq!(p(r#"a eq "1" or b eq "2" and c eq "3""#), or(a.clone(), and(b.clone(), c.clone())));
        assert_eq!(p(r#"(a eq "1" OR b eq "2") AND c eq "3""#), and(or(a.clone(), b.clone()), c.clone()));
        assert_eq!(p(r#"not (a eq "1") and b eq "2""#), and(not(a.clone()), b.clone()));
        assert_eq!(p(r#"((a eq "1"))"#), a);
    }

    #[test]
    fn each_operator() {
        let u = user();
        assert!(m(r#"status eq "ACTIVE""#, &u));
        assert!(m(r#"status ne "SUSPENDED""#, &u));
        assert!(!m(r#"status ne "active""#, &u));
        assert!(m(r#"profile.login sw "ana.""#, &u));
        assert!(m(r#"profile.login co "LIMA@""#, &u));
        assert!(m(r#"profile.login ew ".COM""#, &u));
        assert!(!m(r#"profile.login ew "lima""#, &u));
        assert!(m("profile.login pr", &u));
        assert!(!m("lastLogin pr", &u) && !m("profile.nickName pr", &u) && !m("nope pr", &u));
        assert!(m("type pr", &u));
        assert!(m(r#"status lt "STAGED" or status gt "STAGED""#, &u));
        assert!(m(r#"status ge "active" and status le "ACTIVE""#, &u));
        assert!(m("profile.age gt 30 and profile.age le 37", &u));
        assert!(m(r#"profile.age eq "37""#, &u) && m(r#"profile.employeeNumber eq 42"#, &u));
        assert!(m(r#"profile.employeeNumber sw "00""#, &u));
    }

    #[test]
    fn null_and_missing() {
        let u = user();
        assert!(m("lastLogin eq null", &u) && m("missing.deep eq null", &u));
        assert!(!m("status eq null", &u) && m("status ne null", &u));
        assert!(m(r#"missing ne "x""#, &u));
        assert!(!m(r#"missing eq "x""#, &u) && !m(r#"missing gt "a""#, &u));
    }

    #[test]
    fn arrays_match_any_element() {
        let e = event();
        assert!(m(r#"target.id eq "00uAAA""#, &e));
        assert!(m(r#"target.id eq "0oaBBB""#, &e));
        assert!(!m(r#"target.id eq "00uZZZ""#, &e));
        assert!(m(r#"target.type eq "AppInstance" and target.id sw "0oa""#, &e));
        assert!(m(r#"target.detailEntry.tags eq "y""#, &e));
        assert!(m(r#"target.id ne "00uZZZ""#, &e) && !m(r#"target.id ne "00uAAA""#, &e));
    }

    #[test]
    fn case_rules() {
        let e = event();
        assert!(m(r#"eventType EQ "USER.SESSION.START""#, &e));
        assert!(m(r#"outcome.result eq "failure" AnD actor.alternateId Co "LIMA""#, &e));
        assert!(!m(r#"EventType eq "user.session.start""#, &e));
        assert!(!m(r#"outcome.Result eq "FAILURE""#, &e));
    }

    #[test]
    fn booleans_and_numbers_compare_with_their_text() {
        let e = event();
        assert!(m("securityContext.isProxy eq true", &e));
        assert!(m(r#"securityContext.isProxy eq "TRUE""#, &e));
        assert!(!m("securityContext.isProxy eq false", &e));
        assert!(m("securityContext.isProxy ne false", &e));
        assert!(m("securityContext.asNumber eq 64500", &e));
        assert!(m(r#"securityContext.asNumber eq "64500""#, &e));
        assert!(m("securityContext.asNumber ge 6.45e4", &e));
        assert!(m(r#"securityContext.asNumber sw "645""#, &e));
    }

    #[test]
    fn dates_compare_as_instants() {
        let u = user();
        assert!(m(r#"created eq "2024-03-01T10:00:00Z""#, &u));
        assert!(m(r#"created ge "2024-03-01T10:00:00Z""#, &u));
        assert!(!m(r#"created gt "2024-03-01T10:00:00Z""#, &u));
        assert!(m(r#"created gt "2024-03-01T09:59:59.999Z""#, &u));
        assert!(m(r#"created eq "2024-03-01T11:00:00+01:00""#, &u));
        assert!(m(r#"created gt "2024-03-01" and created lt "2024-03-02""#, &u));
        assert!(m(r#"created lt "2024-03-01T10:00:00.5""#, &u));
        let e = event();
        assert!(m(r#"published gt "2024-05-01T12:00:00Z""#, &e));
        assert!(m(r#"published sw "2024-05-01""#, &e));
    }

    #[test]
    fn not_negates() {
        let e = event();
        assert!(m(r#"not (outcome.result eq "SUCCESS")"#, &e));
        assert!(!m(r#"NOT (outcome.result eq "FAILURE" or eventType sw "x")"#, &e));
        assert!(m(r#"not (not (client.ipAddress eq "203.0.113.7"))"#, &e));
    }

    #[test]
    fn comparisons_and_uses_not() {
        let f = parse(r#"status eq "A" and (profile.email pr or not (lastUpdated gt "2024"))"#).unwrap();
        assert_eq!(f.comparisons(), vec![("status", Op::Eq), ("profile.email", Op::Pr), ("lastUpdated", Op::Gt)]);
        assert!(f.uses_not());
        assert!(!parse(r#"a eq "1" or b eq "2""#).unwrap().uses_not());
        let names: Vec<_> = Op::ALL.iter().map(Op::name).collect();
        assert_eq!(names, ["eq", "ne", "sw", "co", "ew", "pr", "gt", "ge", "lt", "le"]);
    }

    #[test]
    fn error_messages() {
        assert_eq!(err(""), "empty expression");
        assert_eq!(err("  \t "), "empty expression");
        assert_eq!(err(r#"status eq "ACTIVE" foo"#), "unexpected token 'foo' at 19");
        assert_eq!(err(r#"status eq "ACTI"#), "unterminated string starting at 10");
        assert_eq!(err(r#"status lk "x""#), "unknown operator 'lk' at 7");
        assert_eq!(err("status eq"), "expected a value after 'eq' at 6");
        assert_eq!(err("status eq ACTIVE"), "expected a value after 'eq' at 10");
        assert_eq!(err("status eq )"), "expected a value after 'eq' at 10");
        assert_eq!(err("status"), "expected an operator after 'status' at 6");
        assert_eq!(err(r#"status "x""#), "expected an operator after 'status' at 7");
        assert_eq!(err(r#"(status eq "x""#), "missing ')' for the '(' at 0");
        assert_eq!(err(r#"status eq "x")"#), "unexpected token ')' at 13");
        assert_eq!(err(r#"a eq "1" and"#), "unexpected end of expression, expected an attribute, '(' or 'not'");
        assert_eq!(err(r#"a eq "1" and or b eq "2""#), "unexpected token 'or' at 13");
        assert_eq!(err(r#"not a eq "1""#), "expected '(' after 'not' at 4");
        assert_eq!(err(r#"a eq "\n""#), "invalid escape '\\n' at 6");
        assert_eq!(err(r#"a..b eq "1""#), "invalid attribute path 'a..b' at 0");
        assert_eq!(err(r#"emails[type eq "work"]"#), "invalid attribute path 'emails[type' at 0");
        assert_eq!(err("é eq 1"), "invalid attribute path 'é' at 0");
        assert_eq!(err(r#"ä eq "x" ü"#), "invalid attribute path 'ä' at 0");
        assert_eq!(err(r#"a eq "x" ü"#), "unexpected token 'ü' at 9");
    }

    #[test]
    fn text_rules_out_only_what_cannot_match() {
        let mut odd = event();
        odd["actor"]["displayName"] = json!("Zoë \"Q\" \\ \u{7}");
        odd["client"]["zone"] = json!("KELVIN \u{212a}");
        let objects = [event(), user(), odd];
        let exprs = [
            r#"actor.alternateId eq "ANA.LIMA@example.com""#,
            r#"actor.alternateId eq "nobody@example.com" or target.id eq "0oabbb""#,
            r#"eventType sw "user.session" and outcome.result eq "failure""#,
            r#"actor.alternateId co "lima" and not (client.ipAddress eq "203.0.113.7")"#,
            r#"securityContext.isProxy eq true"#,
            r#"securityContext.asNumber eq "64500.0""#,
            r#"published eq "2024-05-01T12:00:00.123+00:00""#,
            r#"actor.displayName co "q""#,
            r#"actor.displayName sw "zoë""#,
            r#"client.zone ew "k""#,
            r#"target.detailEntry.tags eq "Y""#,
            r#"profile.login ew "EXAMPLE.COM" and profile.age gt 30"#,
            r#"lastLogin pr or status ne "ACTIVE""#,
        ];
        for expr in exprs {
            let f = parse(expr).unwrap();
            for v in &objects {
                let text = v.to_string();
                assert!(!f.matches(v) || f.may_match_text(&text), "{expr} matches {text} yet was ruled out");
            }
        }
        let text = event().to_string();
        for expr in [r#"actor.alternateId eq "nobody@example.com""#, r#"eventType sw "user.lifecycle""#] {
            assert!(!parse(expr).unwrap().may_match_text(&text), "{expr} should be ruled out by the text");
        }
        assert!(contains_ignoring_ascii_case("Ana.LIMA", "a.lim") && !contains_ignoring_ascii_case("ana", "anas"));
    }

    #[test]
    fn junk_never_panics() {
        let deep_open = "(".repeat(10_000);
        let deep_closed = format!("{}a eq 1{}", "(".repeat(10_000), ")".repeat(10_000));
        let long_word = "x".repeat(100_000);
        let long_string = format!("a eq \"{}\"", "é".repeat(100_000));
        let nots = "not (".repeat(5_000);
        let junk = [
            "",
            " ",
            "(",
            ")",
            "()",
            ")(",
            "\"",
            "\\",
            "eq",
            "pr",
            "and",
            "not",
            "not (",
            "a eq \"x\\",
            "a eq \"\\",
            "a eq",
            "a eq 1 and (",
            "a eq 1 or ) b",
            "a eq inf",
            "a eq NaN",
            "a eq -",
            "a eq 1e999",
            "\u{0}",
            "🦀 eq \"🦀\"",
            "a eq \"🦀\" 🦀",
            &deep_open,
            &deep_closed,
            &long_word,
            &nots,
        ];
        for input in junk {
            assert!(parse(input).is_err(), "{input:.40}");
        }
        assert!(parse(&long_string).unwrap().matches(&json!({"a": "é".repeat(100_000)})));
        assert_eq!(parse(&deep_closed).unwrap_err(), ScimError::TooDeep { max: MAX_DEPTH, pos: MAX_DEPTH });
        let ok = format!("{}a eq 1{}", "(".repeat(MAX_DEPTH), ")".repeat(MAX_DEPTH));
        assert!(parse(&ok).unwrap().matches(&json!({"a": 1})));
        for input in [format!("a eq 1 {long_word}"), long_word.clone()] {
            let message = err(&input);
            assert!(message.chars().count() < 100, "{message}");
        }
    }

    #[test]
    fn long_chains_stay_shallow() {
        let chain = vec![r#"a eq "1""#; 50_000].join(" and ");
        let f = parse(&chain).unwrap();
        assert_eq!(f.comparisons().len(), 50_000);
        assert!(f.matches(&json!({"a": "1"})));
        let either = format!("{} or b eq 2", vec!["a eq 0"; 50_000].join(" or "));
        assert!(parse(&either).unwrap().matches(&json!({"a": 1, "b": 2})));
    }
}
