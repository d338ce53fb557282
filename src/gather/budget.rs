//! How much memory a hunt may hold: the config file's `[hunt] memory_budget_mb`, else a
//! quarter of the machine's physical memory (`MemTotal` of `/proc/meminfo`), between
//! [`MIN_DEFAULT_MB`] and [`MAX_DEFAULT_MB`]; [`FALLBACK_MB`] where the machine's memory
//! cannot be read.

/// The default never goes below this (MB).
pub const MIN_DEFAULT_MB: u64 = 256;
/// Nor above this (MB): a hunt that needs more is asked for explicitly.
pub const MAX_DEFAULT_MB: u64 = 16 * 1024;
/// The default where the machine's memory is unknown (MB).
pub const FALLBACK_MB: u64 = 2048;

/// The bytes a hunt's classified events may take.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MemoryBudget {
    mb: u64,
}

impl MemoryBudget {
    /// A budget of `mb` megabytes (MiB).
    pub fn megabytes(mb: u64) -> MemoryBudget {
        MemoryBudget { mb }
    }

    /// The configured budget, else the machine's default.
    pub fn configured(mb: Option<u64>) -> MemoryBudget {
        mb.map_or_else(MemoryBudget::for_this_machine, MemoryBudget::megabytes)
    }

    /// A quarter of this machine's physical memory, bounded (see the module doc).
    pub fn for_this_machine() -> MemoryBudget {
        let meminfo = std::fs::read_to_string("/proc/meminfo").ok();
        MemoryBudget::megabytes(default_mb(meminfo.as_deref().and_then(mem_total_kb)))
    }

    /// The budget in megabytes.
    pub fn mb(&self) -> u64 {
        self.mb
    }

    /// The budget in bytes.
    pub fn bytes(&self) -> usize {
        usize::try_from(self.mb.saturating_mul(1024 * 1024)).unwrap_or(usize::MAX)
    }
}

/// The default for a machine of `total_kb` of memory (unknown: [`FALLBACK_MB`]).
fn default_mb(total_kb: Option<u64>) -> u64 {
    total_kb.map_or(FALLBACK_MB, |kb| (kb / 1024 / 4).clamp(MIN_DEFAULT_MB, MAX_DEFAULT_MB))
}

/// `MemTotal:  24570824 kB` of `/proc/meminfo`, in kB.
fn mem_total_kb(meminfo: &str) -> Option<u64> {
    let line = meminfo.lines().find_map(|l| l.strip_prefix("MemTotal:"))?;
    line.trim().strip_suffix("kB")?.trim().parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_is_a_quarter_of_the_machine_bounded() {
        let meminfo = "MemFree:  100 kB\nMemTotal:       24570824 kB\nBuffers: 1 kB\n";
        assert_eq!(mem_total_kb(meminfo), Some(24_570_824));
        assert_eq!(default_mb(mem_total_kb(meminfo)), 5998);
        assert_eq!(default_mb(Some(512 * 1024)), MIN_DEFAULT_MB);
        assert_eq!(default_mb(Some(512 * 1024 * 1024)), MAX_DEFAULT_MB);
        assert_eq!(default_mb(None), FALLBACK_MB);
        for junk in ["", "MemTotal: lots kB", "MemTotal: 12"] {
            assert_eq!(mem_total_kb(junk), None, "{junk}");
        }
        assert_eq!(MemoryBudget::configured(Some(3)).bytes(), 3 * 1024 * 1024);
        assert!(MemoryBudget::for_this_machine().mb() >= MIN_DEFAULT_MB);
    }
}
