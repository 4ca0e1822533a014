//! External commands: each is printed before it runs, as a shell line.

use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};

/// A command line, its working directory and extra environment variables.
#[derive(Clone, Debug)]
pub struct Cmd {
    program: String,
    args: Vec<String>,
    dir: Option<PathBuf>,
    envs: Vec<(String, String)>,
}

impl Cmd {
    /// Starts a command line with `program`, found through `PATH`.
    pub fn new(program: &str) -> Self {
        Cmd {
            program: program.to_string(),
            args: Vec::new(),
            dir: None,
            envs: Vec::new(),
        }
    }

    /// Appends arguments.
    pub fn args<I, S>(mut self, args: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        self.args
            .extend(args.into_iter().map(|arg| arg.as_ref().to_string()));
        self
    }

    /// Runs the command in `dir` instead of the current directory.
    pub fn dir(mut self, dir: &Path) -> Self {
        self.dir = Some(dir.to_path_buf());
        self
    }

    /// Sets an environment variable for the command.
    pub fn env(mut self, key: &str, value: &str) -> Self {
        self.envs.push((key.to_string(), value.to_string()));
        self
    }

    /// Returns the command as a shell line, with the directory change if there is one.
    pub fn display(&self) -> String {
        let mut words = Vec::new();
        for (key, value) in &self.envs {
            words.push(format!("{key}={}", quote(value)));
        }
        words.push(quote(&self.program));
        words.extend(self.args.iter().map(|arg| quote(arg)));
        let line = words.join(" ");
        match &self.dir {
            Some(dir) => format!("cd {} && {line}", quote(&dir.display().to_string())),
            None => line,
        }
    }

    /// Builds the `std::process::Command` to spawn, with standard streams inherited.
    pub fn command(&self) -> Command {
        let mut command = Command::new(&self.program);
        command.args(&self.args);
        if let Some(dir) = &self.dir {
            command.current_dir(dir);
        }
        for (key, value) in &self.envs {
            command.env(key, value);
        }
        command
    }

    /// Prints the command line, runs it with inherited output and fails
    /// unless it exits with status 0.
    pub fn run(&self) -> Result<(), String> {
        announce(&self.display());
        let status = self
            .command()
            .status()
            .map_err(|error| self.spawn_error(&error))?;
        self.check(status)
    }

    /// Prints the command line, runs it with its standard output captured and
    /// returns that output if it exits with status 0. Returns `None` if the
    /// program is missing or fails, which is what an availability check needs.
    pub fn probe(&self) -> Option<String> {
        announce(&self.display());
        let output = self
            .command()
            .stdin(Stdio::null())
            .stderr(Stdio::null())
            .output()
            .ok()?;
        if output.status.success() {
            Some(String::from_utf8_lossy(&output.stdout).into_owned())
        } else {
            None
        }
    }

    /// Returns the error message for a command that could not be started.
    pub fn spawn_error(&self, error: &std::io::Error) -> String {
        format!("could not start `{}`: {error}", self.program)
    }

    /// Fails unless `status` is success, naming the command and its status.
    pub fn check(&self, status: ExitStatus) -> Result<(), String> {
        if status.success() {
            Ok(())
        } else {
            Err(format!(
                "`{}` failed ({})",
                self.display(),
                describe(status)
            ))
        }
    }
}

/// Prints a command line before it runs.
pub fn announce(line: &str) {
    println!("$ {line}");
}

/// Describes an exit status in words: exit code or signal.
pub fn describe(status: ExitStatus) -> String {
    match status.code() {
        Some(code) => format!("exit code {code}"),
        None => format!("terminated by a signal: {status}"),
    }
}

fn quote(word: &str) -> String {
    let plain = !word.is_empty()
        && word
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./=:,+@%".contains(c));
    if plain {
        word.to_string()
    } else {
        format!("'{}'", word.replace('\'', r"'\''"))
    }
}
