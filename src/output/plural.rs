//! Counted nouns in what oktui says ("1 finding", "2 findings"): the one helper for plurals,
//! so no message reads "1 findings" or "exported 1 rows".

/// `n` and the noun, plural unless `n` is 1: `count(1, "IP")` is `1 IP`, `count(3, "IP")`
/// is `3 IPs`. For a noun whose plural is not `noun` + `s`, see [`count_as`].
pub fn count(n: usize, noun: &str) -> String {
    format!("{n} {}", noun_for(n, noun))
}

/// `n` and the singular or the given plural: `count_as(2, "match", "matches")`.
pub fn count_as(n: usize, singular: &str, plural: &str) -> String {
    format!("{n} {}", if n == 1 { singular } else { plural })
}

/// The noun alone, for when the number is written apart: `noun_for(1, "row")` is `row`.
pub fn noun_for(n: usize, noun: &str) -> String {
    if n == 1 {
        noun.to_string()
    } else {
        format!("{noun}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_is_singular_and_every_other_count_plural() {
        assert_eq!(count(1, "finding"), "1 finding");
        assert_eq!(count(0, "finding"), "0 findings");
        assert_eq!(count(2, "IP"), "2 IPs");
        assert_eq!(count_as(1, "match", "matches"), "1 match");
        assert_eq!(count_as(5, "match", "matches"), "5 matches");
        assert_eq!(noun_for(1, "row"), "row");
    }
}
