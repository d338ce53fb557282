//! Where people sign in from: flagged countries, countries new to them, and travel faster
//! than an airliner. All read successful `user.session.start` events (failures too, for
//! flagged countries).

pub mod impossible_travel;
pub mod new_country;
pub mod suspicious_country;

use crate::investigate::detect::{SignIn, SignInOutcome};
use crate::investigate::signals::Signals;

/// The successful sign-ins, oldest first (undated last).
fn successes<'s>(signals: &'s Signals) -> impl Iterator<Item = &'s SignIn> + 's {
    signals.starts().iter().filter(|s| s.outcome == SignInOutcome::Success)
}

/// Great-circle distance in km (haversine, mean Earth radius).
pub fn distance_km(a: (f64, f64), b: (f64, f64)) -> f64 {
    let (la1, la2) = (a.0.to_radians(), b.0.to_radians());
    let (dla, dlo) = ((b.0 - a.0).to_radians(), (b.1 - a.1).to_radians());
    let h = (dla / 2.0).sin().powi(2) + la1.cos() * la2.cos() * (dlo / 2.0).sin().powi(2);
    2.0 * 6371.0 * h.sqrt().min(1.0).asin()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_york_to_singapore_is_about_15_300_km() {
        let d = distance_km((40.7506, -73.9972), (1.2897, 103.8501));
        assert!((15_200.0..15_400.0).contains(&d), "{d}");
        assert_eq!(distance_km((10.0, 10.0), (10.0, 10.0)), 0.0);
    }
}
