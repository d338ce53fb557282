//! Reading Okta timestamps as they occur in real data, without ever panicking.

use chrono::{DateTime, NaiveDateTime, Utc};

/// Parses a timestamp as Okta and log pipelines write it:
///
/// - RFC 3339 with any fraction length: `2020-02-14T22:18:51.843Z`, `2021-06-25T21:27:03.49Z`,
///   `2024-01-01T00:00:00+02:00`;
/// - the Panther-normalised form, a space instead of `T` and no zone, taken as UTC:
///   `2022-11-22 18:48:49.177`, `2020-11-25 21:27:03.496000000`.
///
/// Returns `None` for anything else, such as `"redacted"`, an empty string, or an impossible
/// date like `2017-09-31T22:23:07.777Z`.
pub fn parse_okta_time(text: &str) -> Option<DateTime<Utc>> {
    let text = text.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(text) {
        return Some(t.with_timezone(&Utc));
    }
    let with_t = text.replacen(' ', "T", 1);
    if let Ok(t) = DateTime::parse_from_rfc3339(&with_t) {
        return Some(t.with_timezone(&Utc));
    }
    NaiveDateTime::parse_from_str(&with_t, "%Y-%m-%dT%H:%M:%S%.f").ok().map(|t| t.and_utc())
}

#[cfg(test)]
mod tests {
    use chrono::{TimeZone, Timelike};

    use super::*;

    #[test]
    fn real_forms_parse_to_utc() {
        let t = |s| parse_okta_time(s).map(|d| (d.timestamp(), d.nanosecond() / 1_000_000));
        let base = Utc.with_ymd_and_hms(2022, 11, 22, 18, 48, 49).unwrap().timestamp();
        assert_eq!(t("2022-11-22T18:48:49.177Z"), Some((base, 177)));
        assert_eq!(t("2022-11-22 18:48:49.177"), Some((base, 177)));
        assert_eq!(t("2022-11-22 18:48:49.177000000"), Some((base, 177)));
        assert_eq!(t("2022-11-22T18:48:49.17Z"), Some((base, 170)));
        assert_eq!(t("2022-11-22T18:48:49Z"), Some((base, 0)));
        assert_eq!(t("2022-11-22T20:48:49.177+02:00"), Some((base, 177)));
        assert_eq!(t("2022-11-22 18:48:49"), Some((base, 0)));
    }

    #[test]
    fn junk_and_impossible_dates_are_none() {
        for s in ["redacted", "", "2017-09-31T22:23:07.777Z", "2022-13-01 00:00:00", "yesterday", "2022-11-22"] {
            assert_eq!(parse_okta_time(s), None, "{s}");
        }
    }
}
