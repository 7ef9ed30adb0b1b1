//! The command line: open the app, check a file, generate synthetic data.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{CommandFactory, Parser, Subcommand};

use crate::data::{self, Diagnostic, Summary};
use crate::screenshot::{ScreenSpec, ScreenView};
use crate::theme::ThemeName;

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
    /// RON data files to open as one workspace instead of the bundled incidents.ron (the
    /// curated set beside imports: a group known in several files is one group).
    pub files: Vec<PathBuf>,

    /// Leave the mouse to the terminal, so a presenter can select and copy text.
    #[arg(long)]
    pub no_mouse: bool,

    /// Colour theme: dark (default), light, high-contrast (for projectors) or mono.
    #[arg(long, value_name = "NAME", value_parser = parse_theme)]
    pub theme: Option<ThemeName>,

    /// No colours at all (the mono theme); the NO_COLOR environment variable does the same.
    #[arg(long)]
    pub no_color: bool,

    /// Start the guided tour with this id (see the tours in the data; `T` lists them in the app).
    #[arg(long, value_name = "NAME")]
    pub tour: Option<String>,

    /// Read this configuration file instead of the one at the platform's place (see `config
    /// --path`).
    #[arg(long, value_name = "FILE", global = true)]
    pub config: Option<PathBuf>,

    /// What to do instead of opening the app.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The commands besides opening the app.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Validate a data file: print a summary, or every problem with its line and column.
    ///
    /// Exits with status 1 when a file has errors. With no FILE, checks the bundled data; with
    /// several, checks each and says what opening them as one workspace merges.
    Check {
        /// The RON data files to check.
        files: Vec<PathBuf>,
    },
    /// Draw a view headless, with the app's own drawing code, and write it as SVG.
    Screenshot {
        /// The RON data files, as one workspace (the bundled data when left out).
        files: Vec<PathBuf>,
        /// The view to draw.
        #[arg(long, value_enum, default_value_t = ScreenView::Incidents)]
        view: ScreenView,
        /// A search to type first.
        #[arg(long)]
        query: Option<String>,
        /// More keys to press, e.g. "jj<Enter>" (names in angle brackets: <Esc>, <Down>, …).
        #[arg(long)]
        keys: Option<String>,
        /// Show a step of this tour instead of a view.
        #[arg(long, value_name = "NAME")]
        tour: Option<String>,
        /// The tour step, from 1.
        #[arg(long, default_value_t = 1, requires = "tour")]
        step: usize,
        /// Terminal size, WIDTHxHEIGHT.
        #[arg(long, default_value = "120x40", value_parser = crate::screenshot::parse_size)]
        size: (u16, u16),
        /// Colour theme.
        #[arg(long, value_name = "NAME", value_parser = parse_theme)]
        theme: Option<ThemeName>,
        /// Where to write the SVG (`-` for standard output); a new file unless --force.
        #[arg(long, short)]
        out: PathBuf,
        /// Replace --out if it exists.
        #[arg(long)]
        force: bool,
    },
    /// Write a synthetic data set of N incidents, for benchmarks and stress tests.
    Generate {
        /// How many incidents to generate, from 1 to 10,000,000 (about 7.5 GB of RON).
        #[arg(value_parser = parse_count)]
        count: usize,
        #[command(flatten)]
        output: OutputArgs,
        /// Seed for the generator: the same seed gives the same file.
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
    /// Turn public threat-intelligence data into an incidents file (HIBP, MISP, STIX, VERIS).
    ///
    /// Every import reads its whole input first and reports every problem, naming the
    /// record; it writes nothing unless the result passes `check`. With --out, the file is
    /// written to a temporary file beside it and renamed, so it is never half-written.
    Import {
        /// The kind of input.
        #[command(subcommand)]
        source: ImportCommand,
    },
    /// Write incidents as JSON, CSV or Markdown: all of them, or a search and filters.
    ///
    /// Without --query, incidents keep the file's order; with it, the app's search decides
    /// which match and their order (best first). Filters narrow either.
    Export {
        /// The RON data files, as one workspace (the bundled data when left out).
        files: Vec<PathBuf>,
        /// The output format.
        #[arg(long, short, value_enum)]
        format: crate::export::Format,
        /// A search, as typed in the app (fuzzy, ignores case and accents, aliases count).
        #[arg(long, short)]
        query: Option<String>,
        /// Only incidents with a claim about this group (id, name or alias).
        #[arg(long, value_name = "GROUP")]
        group: Option<String>,
        /// Only incidents with a claim of this stance (with --group: a claim about that group).
        #[arg(long, value_name = "STANCE", value_parser = crate::export::parse_stance)]
        stance: Option<data::Stance>,
        /// Only incidents with a victim whose sector contains this text.
        #[arg(long)]
        sector: Option<String>,
        /// Only incidents with a victim in this country.
        #[arg(long)]
        country: Option<String>,
        /// Only incidents dated this year or later.
        #[arg(long, value_name = "YEAR")]
        since: Option<i32>,
        /// Only incidents dated this year or earlier.
        #[arg(long, value_name = "YEAR")]
        until: Option<i32>,
        #[command(flatten)]
        output: OutputArgs,
    },
    /// Print a shell completion script, generated from these very options.
    ///
    /// bash: `incident-explorer completions bash > ~/.local/share/bash-completion/completions/incident-explorer`;
    /// zsh: into a folder of `$fpath` as `_incident-explorer`; fish:
    /// `~/.config/fish/completions/incident-explorer.fish`.
    Completions {
        /// The shell to complete for.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Check the configuration file, or say where it is read from, or print a default one.
    ///
    /// With no option, reads the configuration (from --config or the platform's place) and
    /// says whether it is valid, listing every problem with its line and column.
    Config {
        /// Print where the configuration file is read from.
        #[arg(long, conflicts_with = "default")]
        path: bool,
        /// Print a configuration file with every setting at its default, commented.
        #[arg(long)]
        default: bool,
    },
    /// Print the manual page (roff), generated from these very options.
    ///
    /// `incident-explorer man > incident-explorer.1`, then `man ./incident-explorer.1`, or
    /// put it in a `man1` folder of `$MANPATH`.
    Man,
}

/// Where a command's output goes: `--out FILE`, a new file unless `--force`, or standard
/// output.
#[derive(Debug, clap::Args)]
pub struct OutputArgs {
    /// Where to write it: a new file (`-`, or left out: standard output).
    #[arg(long, short)]
    out: Option<PathBuf>,
    /// Replace --out if it exists (never one of the command's own inputs).
    #[arg(long)]
    force: bool,
}

impl OutputArgs {
    /// The destination these options name.
    pub fn destination(&self) -> data::write::Destination {
        data::write::Destination::new(self.out.as_deref(), self.force)
    }
}

/// The inputs `import` reads.
#[derive(Debug, Subcommand)]
pub enum ImportCommand {
    /// A Have I Been Pwned breach list (the v3 /breaches JSON) as a new incidents file.
    ///
    /// One incident per breach, no claims: HIBP says who was breached, not who did it.
    /// Sensitive, fabricated, spam-list and retired breaches are left out unless asked for.
    /// The output cites HIBP with its CC BY 4.0 credit; keep it wherever you show the data.
    Hibp {
        /// The breach list (JSON).
        file: PathBuf,
        #[command(flatten)]
        output: OutputArgs,
        /// Keep breaches HIBP flags as sensitive (adult sites and the like).
        #[arg(long)]
        include_sensitive: bool,
        /// Keep breaches HIBP believes fabricated.
        #[arg(long)]
        include_fabricated: bool,
        /// Keep spam lists.
        #[arg(long)]
        include_spam: bool,
        /// Keep breaches HIBP has retired.
        #[arg(long)]
        include_retired: bool,
    },
    /// Merge a MISP galaxy cluster file's aliases, origins and references into the groups
    /// of an existing data file.
    ///
    /// Groups match clusters by name or alias, ignoring case. Only the matching groups
    /// change (and a MISP source is added if the file has none); everything else in the file
    /// is kept byte for byte, comments included. Clusters that match no group are added
    /// only with --add or --add-all.
    #[command(name = "misp-galaxy")]
    MispGalaxy {
        /// The MISP galaxy cluster file (JSON), such as clusters/threat-actor.json.
        file: PathBuf,
        /// The data file to merge into; it is rewritten in place unless --out is given.
        #[arg(long, value_name = "DATA")]
        into: PathBuf,
        /// Write the merged file here instead, leaving --into as it is; a new file unless
        /// --force.
        #[arg(long, short)]
        out: Option<PathBuf>,
        /// Replace --out if it exists.
        #[arg(long)]
        force: bool,
        /// Also add this cluster (by name or synonym) as a new group; may be repeated.
        #[arg(long, value_name = "NAME")]
        add: Vec<String>,
        /// Add every cluster that matches no group as a new group.
        #[arg(long)]
        add_all: bool,
        /// Say what would change, and write nothing.
        #[arg(long)]
        dry_run: bool,
    },
    /// VERIS JSON (VERIS Community Database incidents) as a new incidents file.
    ///
    /// Takes files and folders of them (`.json` and `.JSON`); the mapping, and the traps
    /// it avoids, are in docs/veris-mapping.md. The output carries the VCDB's CC BY-SA 4.0
    /// credit on every incident.
    Veris {
        /// VERIS JSON files, or folders of them.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        #[command(flatten)]
        output: OutputArgs,
    },
    /// A STIX 2.1 bundle as a new incidents file: groups, organisations, incidents, claims.
    ///
    /// Relationships become claims whose stance follows their confidence, as
    /// docs/data-format.md describes ("Importing STIX").
    Stix {
        /// The STIX bundle (JSON).
        file: PathBuf,
        #[command(flatten)]
        output: OutputArgs,
    },
}

/// The most incidents `generate` writes: ten million is a 7.5 GB file and needs about as
/// much memory while it is made.
const MAX_GENERATED: usize = 10_000_000;

fn parse_count(text: &str) -> Result<usize, String> {
    let count: usize = text
        .trim()
        .replace(['_', ','], "")
        .parse()
        .map_err(|_| format!("{text:?} is not a whole number"))?;
    if (1..=MAX_GENERATED).contains(&count) {
        Ok(count)
    } else {
        Err(format!(
            "give a number from 1 to {MAX_GENERATED} (ten million incidents make a 7.5 GB file)"
        ))
    }
}

fn parse_theme(name: &str) -> Result<ThemeName, String> {
    ThemeName::parse(name).ok_or_else(|| {
        let names: Vec<&str> = ThemeName::ALL.iter().map(|t| t.name()).collect();
        format!("no theme \"{name}\"; choose one of: {}", names.join(", "))
    })
}

/// The theme to use: mono when asked for, or when NO_COLOR is set (https://no-color.org);
/// otherwise the one named, or dark.
pub fn chosen_theme(named: Option<ThemeName>, no_color: bool) -> ThemeName {
    let no_color_env = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    if no_color || no_color_env {
        ThemeName::Mono
    } else {
        named.unwrap_or_default()
    }
}

use crate::report::{self, escape_message};
use data::merge::{load_all as load, workspace_name};

/// Prints diagnostics, then failures, to stderr: buffered, since stderr itself is not and
/// a file with ten thousand problems would otherwise cost a system call per line.
fn print_diagnostics(diagnostics: &[Diagnostic], failures: &[data::LoadError]) {
    let mut err = std::io::BufWriter::with_capacity(1 << 16, std::io::stderr().lock());
    for diagnostic in diagnostics {
        let _ = writeln!(err, "{}\n", escape_message(&diagnostic.to_string()));
    }
    for failure in failures {
        let _ = writeln!(err, "{}", escape_message(&failure.to_string()));
    }
    let _ = err.flush();
}

fn check(files: &[PathBuf]) -> ExitCode {
    // A line on stderr shows how far a long check has got (only when it is a terminal).
    let progress = std::sync::Arc::new(data::progress::Progress::new());
    let opened = {
        let _line = data::progress::StderrProgress::start(
            format!("checking {}", data::progress::files_named(files)),
            std::sync::Arc::clone(&progress),
        );
        data::merge::open_with(files, &progress)
    };
    print_diagnostics(&opened.warnings, &opened.failures);
    let loaded = files.len().max(1) - opened.failures.len();
    if loaded == 0 {
        return ExitCode::FAILURE;
    }
    let warnings = match opened.warnings.len() {
        0 => String::new(),
        1 => ", 1 warning".to_string(),
        n => format!(", {n} warnings"),
    };
    if files.len() > 1 {
        for (path, part) in files.iter().zip(&opened.parts) {
            let state = if part.is_some() { "ok" } else { "has errors" };
            report::stdout(format_args!("{}: {state}", path.display()));
        }
        for note in &opened.notes {
            report::stdout(format_args!("merged: {note}"));
        }
        report::stdout(format_args!(
            "workspace of {loaded} file{}{warnings}\n{}",
            if loaded == 1 { "" } else { "s" },
            Summary::of(&opened.dataset)
        ));
    } else {
        report::stdout(format_args!(
            "{}: ok{warnings}\n{}",
            workspace_name(files),
            Summary::of(&opened.dataset)
        ));
    }
    if opened.failures.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

fn screenshot(files: &[PathBuf], spec: &ScreenSpec, out: &data::write::Destination) -> ExitCode {
    let inputs: Vec<&Path> = files.iter().map(PathBuf::as_path).collect();
    let result = out.check(&inputs).and_then(|()| {
        load(files)
            .map_err(|error| format!("error: {error}"))
            .and_then(|loaded| crate::screenshot::write_svg(loaded.dataset, spec, out))
    });
    match result {
        Ok(()) => {
            if let Some(path) = out.path() {
                report::stdout(format_args!("wrote {}", path.display()));
            }
            ExitCode::SUCCESS
        }
        Err(error) => {
            report::stderr(error);
            ExitCode::FAILURE
        }
    }
}

fn run_import(source: ImportCommand) -> ExitCode {
    use crate::import;
    match source {
        ImportCommand::Hibp {
            file,
            output,
            include_sensitive,
            include_fabricated,
            include_spam,
            include_retired,
        } => {
            let options = import::hibp::HibpOptions {
                include_sensitive,
                include_fabricated,
                include_spam,
                include_retired,
            };
            import::run_hibp(&file, &output.destination(), &options)
        }
        ImportCommand::MispGalaxy {
            file,
            into,
            out,
            force,
            add,
            add_all,
            dry_run,
        } => {
            let options = import::misp::MispOptions { add, add_all };
            let out = out.map(|out| data::write::Destination::new(Some(&out), force));
            import::run_misp(&file, &into, out.as_ref(), &options, dry_run)
        }
        ImportCommand::Stix { file, output } => import::run_stix(&file, &output.destination()),
        ImportCommand::Veris { files, output } => import::run_veris(&files, &output.destination()),
    }
}

/// The manual page, in roff: the program's synopsis, description and options, then one
/// section per command with its own (so `man` shows every command in one page, instead of
/// naming pages such as incident-explorer-check(1) that are not installed).
pub fn man_page(out: &mut dyn Write) -> std::io::Result<()> {
    let command = Cli::command();
    let man = clap_mangen::Man::new(command.clone());
    man.render_title(out)?;
    man.render_name_section(out)?;
    man.render_synopsis_section(out)?;
    man.render_description_section(out)?;
    man.render_options_section(out)?;
    for sub in command.get_subcommands() {
        write_command_section(out, sub, "incident-explorer")?;
    }
    man.render_version_section(out)
}

/// One command's section of the man page, and its own commands' after it (`import stix`):
/// clap_mangen's sections, their headings made sub-headings of the command's.
fn write_command_section(
    out: &mut dyn Write,
    command: &clap::Command,
    parent: &str,
) -> std::io::Result<()> {
    let name = format!("{parent} {}", command.get_name());
    let command = command.clone().bin_name(name.clone());
    let man = clap_mangen::Man::new(command.clone());
    let mut roff = Vec::new();
    man.render_synopsis_section(&mut roff)?;
    man.render_description_section(&mut roff)?;
    if command.get_arguments().next().is_some() {
        man.render_options_section(&mut roff)?;
    }
    writeln!(out, ".SH \"{}\"", name.to_uppercase())?;
    for line in String::from_utf8_lossy(&roff).lines() {
        match line.strip_prefix(".SH ") {
            Some("SYNOPSIS") => {}
            Some("DESCRIPTION") => writeln!(out, ".PP")?,
            Some("OPTIONS") => writeln!(out, ".SS Options")?,
            Some(heading) => writeln!(out, ".SS {heading}")?,
            None => writeln!(out, "{line}")?,
        }
    }
    for sub in command.get_subcommands() {
        write_command_section(out, sub, &name)?;
    }
    Ok(())
}

/// Writes generated text (completions, the man page) to standard output. It comes from the
/// program's own definitions, not from any input, so it goes out as generated; a closed pipe
/// is not an error.
fn print_generated(write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>) -> ExitCode {
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    match write(&mut out).and_then(|()| out.flush()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) if error.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(error) => {
            report::stderr(format_args!("error: could not write: {error}"));
            ExitCode::FAILURE
        }
    }
}

/// `config`: where the file is, a default one, or whether it is valid.
fn config_command(explicit: Option<&Path>, path: bool, default: bool) -> ExitCode {
    let location = explicit
        .map(Path::to_path_buf)
        .or_else(crate::config::default_path);
    if default {
        return print_generated(|out| out.write_all(crate::config::default_text().as_bytes()));
    }
    let Some(location) = location else {
        report::stderr("error: this system has no configuration folder; use --config FILE");
        return ExitCode::FAILURE;
    };
    if path {
        report::stdout(location.display());
        return ExitCode::SUCCESS;
    }
    match crate::config::load(explicit) {
        Ok(config) if config.path.is_none() => {
            report::stdout(format_args!(
                "no configuration file at {}: the defaults apply\n  = hint: `incident-explorer config --default > FILE` writes one to start from",
                location.display()
            ));
            ExitCode::SUCCESS
        }
        Ok(_) => {
            report::stdout(format_args!("{}: ok", location.display()));
            ExitCode::SUCCESS
        }
        Err(problems) => {
            print_diagnostics(&problems, &[]);
            ExitCode::FAILURE
        }
    }
}

/// Runs the command line; the binary's `main` is this function.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        // Help and the version go out as clap writes them; an error quotes the arguments,
        // so it is escaped like every other message.
        Err(error) if !error.use_stderr() => {
            let _ = error.print();
            return ExitCode::SUCCESS;
        }
        Err(error) => {
            report::stderr(error.render());
            return ExitCode::from(u8::try_from(error.exit_code()).unwrap_or(2));
        }
    };
    match cli.command {
        Some(Command::Check { files }) => check(&files),
        Some(Command::Screenshot {
            files,
            view,
            query,
            keys,
            tour,
            step,
            size,
            theme,
            out,
            force,
        }) => {
            let spec = ScreenSpec {
                view,
                query,
                keys,
                tour: tour.map(|t| (t, step)),
                size,
                theme: chosen_theme(theme, cli.no_color),
            };
            screenshot(
                &files,
                &spec,
                &data::write::Destination::new(Some(&out), force),
            )
        }
        Some(Command::Generate {
            count,
            output,
            seed,
        }) => crate::generate::run(count, &output.destination(), seed),
        Some(Command::Import { source }) => run_import(source),
        Some(Command::Completions { shell }) => print_generated(|out| {
            clap_complete::generate(shell, &mut Cli::command(), "incident-explorer", out);
            Ok(())
        }),
        Some(Command::Config { path, default }) => {
            config_command(cli.config.as_deref(), path, default)
        }
        Some(Command::Man) => print_generated(|out| man_page(out)),
        Some(Command::Export {
            files,
            format,
            query,
            group,
            stance,
            sector,
            country,
            since,
            until,
            output,
        }) => {
            let filter = crate::export::IncidentFilter {
                group: None,
                stance,
                sector,
                country,
                since,
                until,
            };
            crate::export::run(
                &files,
                format,
                query.as_deref(),
                group.as_deref(),
                filter,
                &output.destination(),
            )
        }
        None => {
            let config = match crate::config::load(cli.config.as_deref()) {
                Ok(config) => config,
                Err(problems) => {
                    print_diagnostics(&problems, &[]);
                    return ExitCode::FAILURE;
                }
            };
            let options = crate::tui::RunOptions {
                mouse: !cli.no_mouse && config.mouse.unwrap_or(true),
                theme: chosen_theme(cli.theme.or(config.theme), cli.no_color),
                tour: cli.tour.clone(),
                keymap: config.keymap.unwrap_or_else(crate::app::Keymap::shared),
                hyperlinks: config.hyperlinks.unwrap_or(true)
                    && crate::ui::hyperlinks::terminal_takes_links(),
            };
            let files = if cli.files.is_empty() {
                config.files
            } else {
                cli.files
            };
            crate::tui::run(&files, &options)
        }
    }
}
