//! The `shinkei` command line: `train`, `validate` and `memory`.

mod cli;

use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches};

use cli::{Cli, Command};

fn main() -> ExitCode {
    // The matches stay available so that `train` can tell options given on
    // the command line from defaults.
    let matches = Cli::command().get_matches();
    let cli = Cli::from_arg_matches(&matches).unwrap_or_else(|error| error.exit());
    let result = match cli.command {
        Command::Train(args) => {
            let train_matches = matches
                .subcommand_matches("train")
                .expect("the parsed command is train");
            cli::train::run(&args, train_matches)
        }
        Command::Validate(args) => cli::validate::run(&args),
        Command::Memory(args) => cli::memory::run(&args),
    };
    match result {
        Ok(code) => code,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}
