//! The command line: open the app, check a file, generate synthetic data.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::data::{self, Diagnostic, LoadError, Loaded, Summary};

/// Explore cyber-security incidents: who was breached, through whom, what was taken, and
/// who claims or is suspected of it, with every claim's source.
///
/// With no command, opens the explorer on FILE, or on the bundled data set when no FILE is
/// given. Inside the app, press `?` for every key.
#[derive(Debug, Parser)]
#[command(
    name = "incident-explorer",
    version,
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    /// A RON data file to open instead of the bundled incidents.ron.
    pub file: Option<PathBuf>,

    /// Leave the mouse to the terminal, so a presenter can select and copy text.
    #[arg(long)]
    pub no_mouse: bool,

    /// What to do instead of opening the app.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The commands besides opening the app.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Validate a data file: print a summary, or every problem with its line and column.
    ///
    /// Exits with status 1 when the file has errors. With no FILE, checks the bundled data.
    Check {
        /// The RON data file to check.
        file: Option<PathBuf>,
    },
    /// Write a synthetic data set of N incidents, for benchmarks and stress tests.
    Generate {
        /// How many incidents to generate.
        count: usize,
        /// Where to write it (standard output when left out).
        #[arg(long, short)]
        out: Option<PathBuf>,
        /// Seed for the generator: the same seed gives the same file.
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
}

/// Loads FILE, or the bundled data when there is none.
pub fn load(file: Option<&Path>) -> Result<Loaded, LoadError> {
    match file {
        Some(path) => data::load_file(path),
        None => data::load_bundled(),
    }
}

fn print_diagnostics(diagnostics: &[Diagnostic]) {
    let mut err = std::io::stderr().lock();
    for diagnostic in diagnostics {
        let _ = writeln!(err, "{diagnostic}\n");
    }
}

fn check(file: Option<&Path>) -> ExitCode {
    match load(file) {
        Ok(loaded) => {
            print_diagnostics(&loaded.warnings);
            let name = file.map_or_else(
                || data::load::BUNDLED_NAME.to_string(),
                |p| p.display().to_string(),
            );
            let warnings = match loaded.warnings.len() {
                0 => String::new(),
                1 => ", 1 warning".to_string(),
                n => format!(", {n} warnings"),
            };
            println!("{name}: ok{warnings}");
            println!("{}", Summary::of(&loaded.dataset));
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("{error}");
            ExitCode::FAILURE
        }
    }
}

/// Runs the command line; the binary's `main` is this function.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Some(Command::Check { file }) => check(file.as_deref()),
        Some(Command::Generate { count, out, seed }) => {
            crate::generate::run(count, out.as_deref(), seed)
        }
        None => crate::tui::run(cli.file.as_deref(), !cli.no_mouse),
    }
}
