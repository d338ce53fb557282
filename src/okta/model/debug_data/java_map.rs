//! Reading the Java `Map.toString()` strings Okta puts in `debugData`:
//! `{New Geo-Location=NEGATIVE, New Device=POSITIVE}`,
//! `{reasons=Anomalous Device, Anomalous Location, level=HIGH}`.

/// Parses `{k=v, k=v}` into its entries, in order, keys and values trimmed. A comma-separated
/// segment that does not start with `key=` continues the previous value, so
/// `reasons=Anomalous Device, Anomalous Location` keeps both reasons. Commas inside nested
/// `{…}` or `[…]` do not split. `None` if the text is not braced or a segment cannot be read.
pub fn parse_java_map(text: &str) -> Option<Vec<(String, String)>> {
    let inner = text.trim().strip_prefix('{')?.strip_suffix('}')?;
    let mut entries: Vec<(String, String)> = Vec::new();
    for segment in split_top_level(inner) {
        let segment = segment.trim();
        if segment.is_empty() {
            continue;
        }
        match (parse_pair(segment), entries.last_mut()) {
            (Some(pair), _) => entries.push(pair),
            (None, Some((_, value))) => {
                value.push_str(", ");
                value.push_str(segment);
            }
            (None, None) => return None,
        }
    }
    Some(entries)
}

/// Parses one `key=value` (as in `New Device=POSITIVE`), or `None` if the text before the
/// first `=` does not look like a key (letters, digits, spaces, `-`, `_`, `.`).
pub(super) fn parse_pair(text: &str) -> Option<(String, String)> {
    let (key, value) = text.split_once('=')?;
    let key = key.trim();
    let is_key = !key.is_empty() && key.chars().all(|c| c.is_alphanumeric() || matches!(c, ' ' | '-' | '_' | '.'));
    is_key.then(|| (key.to_string(), value.trim().to_string()))
}

/// Splits at the commas that are not inside brackets or braces.
fn split_top_level(text: &str) -> Vec<&str> {
    let (mut parts, mut depth, mut start) = (Vec::new(), 0usize, 0);
    for (i, c) in text.char_indices() {
        match c {
            '{' | '[' => depth += 1,
            '}' | ']' => depth = depth.saturating_sub(1),
            ',' if depth == 0 => {
                parts.push(&text[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&text[start..]);
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(expected: &[(&str, &str)]) -> Option<Vec<(String, String)>> {
        Some(expected.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect())
    }

    #[test]
    fn behaviors_and_risk_strings() {
        assert_eq!(
            parse_java_map("{New Geo-Location=NEGATIVE, New Device=POSITIVE, Velocity Behavior=NEGATIVE}"),
            pairs(&[("New Geo-Location", "NEGATIVE"), ("New Device", "POSITIVE"), ("Velocity Behavior", "NEGATIVE")])
        );
        assert_eq!(
            parse_java_map("{reasons=Anomalous Device, Anomalous Location, level=HIGH}"),
            pairs(&[("reasons", "Anomalous Device, Anomalous Location"), ("level", "HIGH")])
        );
        assert_eq!(parse_java_map("{level=LOW}"), pairs(&[("level", "LOW")]));
        assert_eq!(parse_java_map(" {} "), pairs(&[]));
    }

    #[test]
    fn nested_values_and_equals_signs_stay_in_values() {
        assert_eq!(
            parse_java_map("{url=/a?b=c, nested={x=1, y=2}, list=[a, b]}"),
            pairs(&[("url", "/a?b=c"), ("nested", "{x=1, y=2}"), ("list", "[a, b]")])
        );
        assert_eq!(parse_java_map("{a=1, /weird?x=2}"), pairs(&[("a", "1, /weird?x=2")]));
    }

    #[test]
    fn non_maps_are_none() {
        for text in ["", "NEGATIVE", "{just text}", "[OKTA_SIGN_ON]", "{a=1", "a=1}"] {
            assert_eq!(parse_java_map(text), None, "{text}");
        }
        assert_eq!(parse_pair("New IP=POSITIVE"), Some(("New IP".into(), "POSITIVE".into())));
        assert_eq!(parse_pair("no pair"), None);
    }
}
