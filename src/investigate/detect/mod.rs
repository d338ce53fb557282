//! The detections, one module per kind (or family of kinds). Each is a pure function of the
//! events, the known users and the thresholds.

pub mod evidence;
mod lockout;

use crate::investigate::{DetectionConfig, Directory, Finding};
use crate::okta::model::LogEvent;

/// A detection: events, known users and thresholds in, findings out.
pub type Detector = fn(&[LogEvent], &Directory, &DetectionConfig) -> Vec<Finding>;

/// Every detection the hunts run.
pub const DETECTORS: &[Detector] = &[lockout::detect];
