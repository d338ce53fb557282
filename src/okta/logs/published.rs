//! `published` in milliseconds, read without a parser for the form Okta always sends
//! (`2026-11-30T10:00:00.123Z`); every other form goes through [`parse_okta_time`], so the
//! result is the same either way.

use chrono::{DateTime, NaiveDate, Utc};

use crate::okta::model::parse_okta_time;

/// `published` as milliseconds since the epoch; `None` for junk or an impossible date.
pub fn published_millis(text: &str) -> Option<i64> {
    okta_form_millis(text).or_else(|| parse_okta_time(text).map(|t| t.timestamp_millis()))
}

/// `published` as a time, exactly as [`parse_okta_time`] reads it (to the nanosecond of a
/// finer fraction).
pub fn published_at(text: &str) -> Option<DateTime<Utc>> {
    okta_form_millis(text).and_then(DateTime::from_timestamp_millis).or_else(|| parse_okta_time(text))
}

/// Reads exactly `YYYY-MM-DDTHH:MM:SS.mmmZ`; `None` for anything else (left to the general
/// parser), including a leap second, which chrono's calendar check refuses here.
fn okta_form_millis(text: &str) -> Option<i64> {
    let b = text.as_bytes();
    if b.len() != 24
        || [(4, b'-'), (7, b'-'), (10, b'T'), (13, b':'), (16, b':'), (19, b'.'), (23, b'Z')]
            .iter()
            .any(|&(at, sep)| b[at] != sep)
    {
        return None;
    }
    let number = |from: usize, to: usize| {
        b[from..to].iter().try_fold(0u32, |n, d| d.is_ascii_digit().then(|| n * 10 + u32::from(d - b'0')))
    };
    let year = i32::try_from(number(0, 4)?).ok()?;
    let date = NaiveDate::from_ymd_opt(year, number(5, 7)?, number(8, 10)?)?;
    let time = date.and_hms_milli_opt(number(11, 13)?, number(14, 16)?, number(17, 19)?, number(20, 23)?)?;
    Some(time.and_utc().timestamp_millis())
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn general(text: &str) -> Option<i64> {
        parse_okta_time(text).map(|t| t.timestamp_millis())
    }

    #[test]
    fn the_okta_form_is_read_directly_and_others_fall_back() {
        assert_eq!(okta_form_millis("2022-11-22T18:48:49.177Z"), Some(1_669_142_929_177));
        for other in ["2022-11-22 18:48:49.177", "2022-11-22T18:48:49Z", "2022-11-22T20:48:49.177+02:00"] {
            assert_eq!(okta_form_millis(other), None, "{other}");
            assert_eq!(published_millis(other), general(other), "{other}");
            assert!(published_millis(other).is_some(), "{other}");
        }
        for junk in ["2017-09-31T22:23:07.777Z", "2016-12-31T23:59:60.000Z", "2022-11-22T24:00:00.000Z", "redacted"] {
            assert_eq!(published_millis(junk), general(junk), "{junk}");
        }
    }

    proptest! {
        /// Any text of the Okta form's shape, possible date or not, reads as the general
        /// parser reads it.
        #[test]
        fn the_fast_form_agrees_with_the_general_parser(
            digits in proptest::collection::vec(0u8..10, 17),
            swap in proptest::option::of((0usize..24, proptest::char::range(' ', '~'))),
        ) {
            let d: Vec<char> = digits.iter().map(|d| char::from(b'0' + d)).collect();
            let mut text: String = format!(
                "{}{}{}{}-{}{}-{}{}T{}{}:{}{}:{}{}.{}{}{}Z",
                d[0], d[1], d[2], d[3], d[4], d[5], d[6], d[7], d[8], d[9], d[10], d[11], d[12], d[13], d[14], d[15], d[16]
            );
            if let Some((at, c)) = swap {
                text.replace_range(at..at + 1, &c.to_string());
            }
            prop_assert_eq!(published_millis(&text), general(&text), "{}", text);
            prop_assert_eq!(published_at(&text), parse_okta_time(&text), "{}", text);
        }

        /// Real-looking timestamps of any date read the same both ways.
        #[test]
        fn plausible_timestamps_agree(ms in -2_000_000_000_000i64..5_000_000_000_000) {
            let text = chrono::DateTime::from_timestamp_millis(ms)
                .map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true))
                .unwrap_or_default();
            prop_assert_eq!(published_millis(&text), Some(ms));
            prop_assert_eq!(okta_form_millis(&text), general(&text));
        }
    }
}
