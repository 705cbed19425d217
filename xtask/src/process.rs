//! Running commands: echo them, fail with a clear message, and count test results.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

/// A failed task, shown to the person running it.
pub type Result<T = ()> = std::result::Result<T, String>;

/// Runs `cmd` with inherited output; an unsuccessful exit is an error naming the command.
pub fn run(cmd: &mut Command) -> Result {
    eprintln!("+ {}", show(cmd));
    let status = cmd
        .status()
        .map_err(|e| format!("could not start `{}`: {e}", show(cmd)))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("`{}` failed ({status})", show(cmd)))
    }
}

/// Runs `cmd` and returns its trimmed stdout if it starts and succeeds.
pub fn output(cmd: &mut Command) -> Option<String> {
    let out = cmd.stderr(Stdio::null()).output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_owned())
}

/// Totals of the `test result:` lines seen so far.
#[derive(Debug, Default, Clone, Copy)]
pub struct Tally {
    /// Tests that passed.
    pub passed: u64,
    /// Tests that failed.
    pub failed: u64,
    /// Tests that were ignored.
    pub ignored: u64,
}

impl Tally {
    /// Runs a test command, streaming its output and adding up every libtest-style
    /// `test result: ok. N passed; M failed; K ignored` line (cargo test and
    /// wasm-bindgen-test-runner both print them). Returns how many tests this command ran.
    pub fn run_tests(&mut self, cmd: &mut Command) -> Result<u64> {
        eprintln!("+ {}", show(cmd));
        let mut child = cmd
            .stdout(Stdio::piped())
            .spawn()
            .map_err(|e| format!("could not start `{}`: {e}", show(cmd)))?;
        let stdout = child.stdout.take().expect("stdout is piped");
        let mut ran = 0;
        for line in BufReader::new(stdout).lines() {
            let line = line.map_err(|e| format!("reading test output: {e}"))?;
            println!("{line}");
            if let Some(t) = parse_result_line(&line) {
                self.passed += t.passed;
                self.failed += t.failed;
                self.ignored += t.ignored;
                ran += t.passed + t.failed;
            }
        }
        let status = child
            .wait()
            .map_err(|e| format!("waiting for tests: {e}"))?;
        if !status.success() {
            return Err(format!("`{}` failed ({status})", show(cmd)));
        }
        Ok(ran)
    }
}

fn parse_result_line(line: &str) -> Option<Tally> {
    let rest = line.trim().strip_prefix("test result: ")?;
    let mut t = Tally::default();
    for part in rest.split([';', '.']) {
        let mut words = part.split_whitespace();
        let (Some(n), Some(what)) = (words.next(), words.next()) else {
            continue;
        };
        let Ok(n) = n.parse::<u64>() else { continue };
        match what {
            "passed" => t.passed = n,
            "failed" => t.failed = n,
            "ignored" => t.ignored = n,
            _ => {}
        }
    }
    Some(t)
}

/// The command line as a person would type it.
pub fn show(cmd: &Command) -> String {
    let mut s = cmd.get_program().to_string_lossy().into_owned();
    for a in cmd.get_args() {
        s.push(' ');
        s.push_str(&a.to_string_lossy());
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_libtest_summaries() {
        let t = parse_result_line(
            "test result: ok. 12 passed; 1 failed; 2 ignored; 0 measured; 0 filtered out; finished in 0.1s",
        )
        .unwrap();
        assert_eq!((t.passed, t.failed, t.ignored), (12, 1, 2));
        assert!(parse_result_line("running 3 tests").is_none());
    }
}
