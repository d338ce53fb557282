//! Where people sign in from: flagged countries, countries new to them, and travel faster
//! than an airliner. All read successful `user.session.start` events (failures too, for
//! flagged countries).

pub mod impossible_travel;
pub mod new_country;
pub mod suspicious_country;

use crate::investigate::detect::{Outcome, SignIn};
use crate::investigate::signals::Signals;
use crate::okta::model::LogEvent;

/// The successful sign-ins, oldest first (undated last).
fn successes<'s>(signals: &'s Signals) -> impl Iterator<Item = &'s SignIn> + 's {
    signals.starts().iter().filter(|s| s.outcome == Outcome::Success)
}

/// The coordinates of the client IP, from `client.geographicalContext`, else the IP chain;
/// `None` when missing, out of range, or the `0, 0` placeholder.
pub fn geolocation(event: &LogEvent) -> Option<(f64, f64)> {
    let client = event.client.as_ref().and_then(|c| c.geographical_context.as_ref());
    let chain = event.ip_chain().filter_map(|hop| hop.geographical_context.as_ref());
    client.into_iter().chain(chain).filter_map(|g| g.geolocation.as_ref()?.lat_lon()).find(|&(lat, lon)| {
        lat.is_finite() && lon.is_finite() && lat.abs() <= 90.0 && lon.abs() <= 180.0 && (lat, lon) != (0.0, 0.0)
    })
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
