//! The parts of a System Log event as the fast readers borrow them from a page's text: one
//! set of shapes for the tail's compact reader ([`super::compact`]) and the hunt's reader
//! (`investigate::event::page`). Each part reads only the keys a reader needs and skips
//! the rest unread; a value of an unexpected type fails the part, and the reader then
//! reads the whole event through the lenient [`crate::okta::model::LogEvent`] model.

use std::fmt;

use serde::de::{self, Deserializer, Visitor};
use serde::Deserialize;

use super::text::Text;

/// An actor or a target: who or what, by id, type, login and name.
#[derive(Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct PartyShape<'a> {
    #[serde(borrow)]
    pub id: Option<Text<'a>>,
    #[serde(borrow, rename = "type")]
    pub kind: Option<Text<'a>>,
    #[serde(borrow)]
    pub alternate_id: Option<Text<'a>>,
    #[serde(borrow)]
    pub display_name: Option<Text<'a>>,
}

/// `geographicalContext`: city, country and coordinates.
#[derive(Deserialize)]
pub(crate) struct GeoShape<'a> {
    #[serde(borrow)]
    pub city: Option<Text<'a>>,
    #[serde(borrow)]
    pub country: Option<Text<'a>>,
    pub geolocation: Option<LatLon>,
}

/// `geolocation`: latitude and longitude, each as Okta may write it.
#[derive(Deserialize)]
pub(crate) struct LatLon {
    lat: Option<Coordinate>,
    lon: Option<Coordinate>,
}

impl LatLon {
    /// As [`crate::okta::model::Geolocation::lat_lon`] reads it.
    pub fn lat_lon(&self) -> Option<(f64, f64)> {
        Some((self.lat.as_ref()?.0?, self.lon.as_ref()?.0?))
    }
}

/// A coordinate as [`crate::okta::model::Scalar::as_f64`] reads it: a number, or a string
/// that parses as one; a boolean reads as nothing.
struct Coordinate(Option<f64>);

struct CoordinateVisitor;

impl Visitor<'_> for CoordinateVisitor {
    type Value = Coordinate;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a number, a string or a boolean")
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Coordinate, E> {
        Ok(Coordinate(Some(v)))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Coordinate, E> {
        Ok(Coordinate(Some(v as f64)))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Coordinate, E> {
        Ok(Coordinate(Some(v as f64)))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Coordinate, E> {
        Ok(Coordinate(v.trim().parse().ok()))
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Coordinate, E> {
        Ok(Coordinate(None))
    }
}

impl<'de> Deserialize<'de> for Coordinate {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(CoordinateVisitor)
    }
}

/// One hop of an `ipChain`: its IP and where it is.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct HopShape<'a> {
    #[serde(borrow)]
    pub ip: Option<Text<'a>>,
    #[serde(borrow)]
    pub geographical_context: Option<GeoShape<'a>>,
}

/// `outcome`: the result and its reason.
#[derive(Deserialize)]
pub(crate) struct OutcomeShape<'a> {
    #[serde(borrow)]
    pub result: Option<Text<'a>>,
    #[serde(borrow)]
    pub reason: Option<Text<'a>>,
}

/// `authenticationContext`: the session the event belongs to.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct AuthShape<'a> {
    #[serde(borrow)]
    pub external_session_id: Option<Text<'a>>,
    #[serde(borrow)]
    pub root_session_id: Option<Text<'a>>,
}
