//! Questions on the terminal: one line of answer each, read from standard input; secrets are
//! read from the terminal with echo off (`rpassword`) and never written back.

use std::io::{BufRead, Write};

use anyhow::{bail, Context, Result};

use crate::secret::Secret;

/// Asks questions on stdout and reads answers from stdin.
pub struct Prompt<R: BufRead, W: Write> {
    input: R,
    out: W,
}

impl<R: BufRead, W: Write> Prompt<R, W> {
    /// Questions to `out`, answers from `input`.
    pub fn new(input: R, out: W) -> Self {
        Prompt { input, out }
    }

    /// Writes a line of text (a heading, a verdict, a fix).
    pub fn say(&mut self, text: &str) -> Result<()> {
        writeln!(self.out, "{text}").context("cannot write to the terminal")
    }

    /// Asks `question`; an empty answer takes `default` when there is one. Surrounding
    /// whitespace is dropped.
    pub fn ask(&mut self, question: &str, default: Option<&str>) -> Result<String> {
        loop {
            match default {
                Some(d) if !d.is_empty() => write!(self.out, "{question} [{d}]: "),
                _ => write!(self.out, "{question}: "),
            }
            .and_then(|()| self.out.flush())
            .context("cannot write to the terminal")?;
            let mut line = String::new();
            let read = self.input.read_line(&mut line).context("cannot read the answer")?;
            if read == 0 {
                bail!("the input ended before oktui init was done; nothing was written");
            }
            let answer = line.trim();
            match (answer.is_empty(), default) {
                (false, _) => return Ok(answer.to_string()),
                (true, Some(d)) => return Ok(d.to_string()),
                (true, None) => self.say("  an answer is needed here")?,
            }
        }
    }

    /// Asks a yes/no question.
    pub fn confirm(&mut self, question: &str, default: bool) -> Result<bool> {
        let hint = if default { "Y/n" } else { "y/N" };
        loop {
            let answer = self.ask(&format!("{question} ({hint})"), Some(""))?;
            match answer.to_ascii_lowercase().as_str() {
                "" => return Ok(default),
                "y" | "yes" => return Ok(true),
                "n" | "no" => return Ok(false),
                _ => self.say("  answer y or n")?,
            }
        }
    }

    /// Lists `options` numbered from 1 and returns the index chosen.
    pub fn choose(&mut self, question: &str, options: &[&str], default: usize) -> Result<usize> {
        self.say(question)?;
        for (i, option) in options.iter().enumerate() {
            self.say(&format!("  {}) {option}", i + 1))?;
        }
        let default_text = (default + 1).to_string();
        loop {
            let answer = self.ask("Choice", Some(&default_text))?;
            match answer.parse::<usize>() {
                Ok(n) if (1..=options.len()).contains(&n) => return Ok(n - 1),
                _ => self.say(&format!("  answer a number from 1 to {}", options.len()))?,
            }
        }
    }

    /// Reads a secret from the terminal with echo off; nothing of it is shown.
    pub fn secret(&mut self, question: &str) -> Result<Secret> {
        self.out.flush().context("cannot write to the terminal")?;
        let value = rpassword::prompt_password(format!("{question} (input hidden): "))
            .context("cannot read a hidden answer from the terminal")?;
        Ok(Secret::new(value))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn prompt(input: &str) -> Prompt<&[u8], Vec<u8>> {
        Prompt::new(input.as_bytes(), Vec::new())
    }

    #[test]
    fn answers_defaults_and_retries() {
        let mut p = prompt("  acme \n\nmaybe\n\nx\n3\n2\n");
        assert_eq!(p.ask("Name", None).unwrap(), "acme");
        assert_eq!(p.ask("Name", Some("dflt")).unwrap(), "dflt");
        assert!(p.confirm("Sure", true).unwrap());
        assert_eq!(p.choose("Which", &["a", "b"], 0).unwrap(), 1);
        let shown = String::from_utf8(p.out).unwrap();
        assert!(
            shown.contains("Name [dflt]: ") && shown.contains("answer y or n") && shown.contains("  2) b"),
            "{shown}"
        );
        assert!(shown.contains("answer a number from 1 to 2"), "{shown}");
    }

    #[test]
    fn the_end_of_input_stops_the_questions() {
        let mut p = prompt("");
        let e = p.ask("Org URL", None).unwrap_err();
        assert!(e.to_string().contains("nothing was written"), "{e}");
    }
}
