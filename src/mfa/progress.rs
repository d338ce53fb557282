//! What a running sweep reports: its phase, counts, requests per second and an ETA.

use std::time::Duration;

/// The step a sweep is at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    /// Reading the System Log for users changed since the last sweep.
    Changes,
    /// Listing the scope's users.
    Listing,
    /// Learning who holds an admin role.
    Admins,
    /// Reading each user's factors.
    Factors,
    /// Done.
    Done,
}

impl Phase {
    /// A word for the progress line.
    pub fn label(self) -> &'static str {
        match self {
            Phase::Changes => "reading the System Log",
            Phase::Listing => "listing users",
            Phase::Admins => "learning admins",
            Phase::Factors => "reading factors",
            Phase::Done => "done",
        }
    }
}

/// A snapshot of a sweep's progress.
#[derive(Debug, Clone, PartialEq)]
pub struct Progress {
    pub phase: Phase,
    /// Users listed in the scope (all statuses).
    pub listed: usize,
    /// Factor reads this run has to make.
    pub total: usize,
    /// Factor reads answered so far (403s and 404s included).
    pub done: usize,
    /// 403s so far (class unknown).
    pub forbidden: usize,
    /// 404s so far (deleted mid-sweep).
    pub deleted: usize,
    /// Time spent reading factors.
    pub elapsed: Duration,
}

impl Progress {
    /// A progress at the start of `phase`.
    pub fn start(phase: Phase) -> Progress {
        Progress { phase, listed: 0, total: 0, done: 0, forbidden: 0, deleted: 0, elapsed: Duration::ZERO }
    }

    /// Factor reads per second so far.
    pub fn rate(&self) -> f64 {
        let secs = self.elapsed.as_secs_f64();
        if secs > 0.0 {
            self.done as f64 / secs
        } else {
            0.0
        }
    }

    /// Time left at the current rate; `None` before the rate is known.
    pub fn eta(&self) -> Option<Duration> {
        let rate = self.rate();
        (rate > 0.0).then(|| Duration::from_secs_f64(self.total.saturating_sub(self.done) as f64 / rate))
    }

    /// Share done, 0.0–1.0 (1.0 when nothing is left to read).
    pub fn ratio(&self) -> f64 {
        if self.total == 0 {
            1.0
        } else {
            (self.done as f64 / self.total as f64).min(1.0)
        }
    }

    /// One line: `reading factors 120/400 (30%) · 38.5 req/s · ETA 7s · 2 unknown (403)`.
    pub fn line(&self) -> String {
        let mut s = format!("{} {}/{} ({:.0}%)", self.phase.label(), self.done, self.total, self.ratio() * 100.0);
        if self.phase == Phase::Factors {
            s.push_str(&format!(" · {:.1} req/s", self.rate()));
            if let Some(eta) = self.eta() {
                s.push_str(&format!(" · ETA {}s", eta.as_secs()));
            }
        }
        if self.forbidden > 0 {
            s.push_str(&format!(" · {} unknown (403)", self.forbidden));
        }
        if self.deleted > 0 {
            s.push_str(&format!(" · {} deleted (404)", self.deleted));
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rate_eta_and_line() {
        let p = Progress { total: 100, done: 25, elapsed: Duration::from_secs(5), ..Progress::start(Phase::Factors) };
        assert_eq!(p.rate(), 5.0);
        assert_eq!(p.eta(), Some(Duration::from_secs(15)));
        assert_eq!(p.line(), "reading factors 25/100 (25%) · 5.0 req/s · ETA 15s");
        assert_eq!(Progress::start(Phase::Listing).eta(), None);
        assert_eq!(Progress::start(Phase::Listing).ratio(), 1.0);
    }
}
