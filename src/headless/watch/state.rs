//! `watch --resume`: what a run of one profile had judged, kept in the data dir (0600 in
//! the 0700 `watch/`): the org, the newest `published` judged, and the findings printed
//! with their severity. A restart reads the log again from the window's length before that
//! time (so an attack under way when it stopped is judged whole: a tail cursor alone would
//! leave the window blind), and prints none of those findings again unless worse.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};

use crate::cli::WatchArgs;
use crate::config::{Paths, Profile};
use crate::files::{self, Limit};
use crate::investigate::live::raised::Raised;

/// The state files' directory in the data dir.
const DIR: &str = "watch";

/// A state file is at most this large (the findings remembered are bounded).
const MAX_SIZE: Limit = Limit { bytes: 64 * 1024 * 1024, words: "64 MiB" };

/// What a run had judged.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct WatchState {
    pub org: String,
    /// The newest `published` judged, ms since the epoch.
    pub newest_ms: Option<i64>,
    /// The findings printed, as the judge remembers them.
    pub raised: Vec<Raised>,
}

/// Where `--resume` keeps a profile's state.
#[derive(Debug, Clone)]
pub struct WatchResume {
    data_dir: PathBuf,
    path: PathBuf,
    org: String,
}

impl WatchResume {
    /// The state file of `profile`, when `--resume` asks for one.
    pub fn of(profile: &Profile, args: &WatchArgs) -> Result<Option<WatchResume>> {
        if !args.resume {
            return Ok(None);
        }
        let paths = Paths::discover().context("cannot find the data dir for --resume")?;
        Ok(Some(WatchResume::new(&paths.data_dir, &profile.name, profile.org_url.as_str())))
    }

    /// The state file of `profile` in `data_dir`, for `org`.
    pub fn new(data_dir: &Path, profile: &str, org: &str) -> WatchResume {
        let safe: String =
            profile.chars().map(|c| if c.is_ascii_alphanumeric() || c == '-' || c == '_' { c } else { '_' }).collect();
        let path = data_dir.join(DIR).join(format!("{safe}.json"));
        WatchResume { data_dir: data_dir.to_path_buf(), path, org: org.to_string() }
    }

    /// The state kept for this org; none (a fresh start, said on stderr) when there is no
    /// file, it cannot be read, or it is another org's.
    pub fn load(&self) -> Option<WatchState> {
        let text = files::read_text(&self.path, MAX_SIZE).ok()?;
        match serde_json::from_str::<WatchState>(&text) {
            Ok(state) if state.org == self.org => Some(state),
            Ok(_) => None,
            Err(e) => {
                eprintln!("note: {} is unreadable ({e}): starting afresh", self.path.display());
                None
            }
        }
    }

    /// Replaces the kept state.
    pub fn save(&self, newest_ms: Option<i64>, raised: impl Iterator<Item = Raised>) -> Result<()> {
        let state = WatchState { org: self.org.clone(), newest_ms, raised: raised.collect() };
        let text = serde_json::to_vec(&state)?;
        files::own_dir(&self.data_dir, Some(DIR))
            .and_then(|_| files::replace(&self.path, &text))
            .with_context(|| format!("cannot save watch's state to {}", self.path.display()))
    }
}
