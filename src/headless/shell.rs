//! `oktui completions SHELL` and `oktui man`: generated from the one command-line definition
//! (`crate::cli`) by clap_complete and clap_mangen, so they never drift from the flags.

use std::io::Write;

use anyhow::{Context, Result};
use clap::CommandFactory;

use crate::cli::Cli;

/// Writes the completion script of `shell` for `oktui`.
pub fn completions(shell: clap_complete::Shell, out: &mut impl Write) -> Result<()> {
    let mut buffer = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "oktui", &mut buffer);
    out.write_all(&buffer).and_then(|()| out.flush()).context("cannot write the completion script")
}

/// Writes the manual page, `oktui(1)`, as roff.
pub fn man(out: &mut impl Write) -> Result<()> {
    let mut buffer = Vec::new();
    clap_mangen::Man::new(Cli::command()).render(&mut buffer).context("cannot render the manual page")?;
    out.write_all(&buffer).and_then(|()| out.flush()).context("cannot write the manual page")
}
