//! The configuration file: TOML at the platform's configuration folder
//! (`$XDG_CONFIG_HOME/incident-explorer/config.toml` on Linux), or the file `--config` names.
//! Theme, mouse, the data files to open by default, and keys remapped by action name. A file
//! that is wrong in any way stops the app with every problem, each with its line and column,
//! as the data diagnostics show them.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Deserialize;
use toml::Spanned;

use crate::app::keymap::Keymap;
use crate::app::keymap::remap::{self, Remap};
use crate::data::diagnostic::{Diagnostic, Location, Severity};
use crate::theme::ThemeName;

/// What the configuration file asks for; everything left out keeps its default.
#[derive(Debug, Default)]
pub struct Config {
    /// The file it was read from, if one was.
    pub path: Option<PathBuf>,
    /// The colour theme (the command line's `--theme` and `--no-color` win).
    pub theme: Option<ThemeName>,
    /// Mouse capture at launch (`--no-mouse` wins).
    pub mouse: Option<bool>,
    /// Data files to open when the command line names none.
    pub files: Vec<PathBuf>,
    /// Source addresses as OSC 8 hyperlinks (on unless the file says false).
    pub hyperlinks: Option<bool>,
    /// The keys, when any are remapped.
    pub keymap: Option<Arc<Keymap>>,
}

/// The file as written: every field optional, no other field allowed.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    theme: Option<Spanned<String>>,
    mouse: Option<bool>,
    hyperlinks: Option<bool>,
    files: Option<Vec<Spanned<String>>>,
    #[serde(default)]
    keys: BTreeMap<Spanned<String>, Spanned<Vec<Spanned<String>>>>,
}

/// Where the configuration file is looked for when `--config` does not say: the platform's
/// configuration folder, as the `directories` crate knows it.
pub fn default_path() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "incident-explorer")
        .map(|dirs| dirs.config_dir().join("config.toml"))
}

/// The hint under every problem: where every setting is described.
const HINT: &str = "`incident-explorer config --default` prints every setting with its default";

/// Reads the configuration: the file `explicit` names (it must exist), else the default
/// file if there is one, else the defaults. Every problem comes back as diagnostics, ready
/// to print.
pub fn load(explicit: Option<&Path>) -> Result<Config, Vec<Diagnostic>> {
    let path = match explicit {
        Some(path) => path.to_path_buf(),
        None => match default_path() {
            Some(path) if std::fs::symlink_metadata(&path).is_ok() => path,
            _ => return Ok(Config::default()),
        },
    };
    let shown = crate::data::clean::shown_path(&path);
    let fail = |message: String, hint: &str| {
        vec![Diagnostic {
            severity: Severity::Error,
            file: shown.clone(),
            location: None,
            message,
            hint: hint.to_string(),
        }]
    };
    // Only a regular file is read: a FIFO or a device would block or never end.
    match std::fs::metadata(&path) {
        Ok(meta) if meta.is_file() => {}
        Ok(_) => {
            return Err(fail(
                "the configuration is not a regular file".to_string(),
                "give --config a TOML file",
            ));
        }
        Err(error) => {
            return Err(fail(
                format!("cannot read the configuration: {error}"),
                "check the path given to --config, or leave it out for the defaults",
            ));
        }
    }
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(error) => {
            return Err(fail(
                format!("cannot read the configuration: {error}"),
                "the file must be UTF-8 TOML",
            ));
        }
    };
    let folder = path.parent().unwrap_or(Path::new("."));
    let mut config = parse(&text, &shown, folder)?;
    config.path = Some(path);
    Ok(config)
}

/// Parses a configuration file's text; `file` names it in messages and relative data paths
/// are taken from `folder`.
pub fn parse(text: &str, file: &str, folder: &Path) -> Result<Config, Vec<Diagnostic>> {
    let at = |span: std::ops::Range<usize>, message: String, hint: &str| Diagnostic {
        severity: Severity::Error,
        file: file.to_string(),
        location: Some(Location::from_span(text, span)),
        message,
        hint: hint.to_string(),
    };
    let raw: Raw = toml::from_str(text).map_err(|error| {
        let message = error.message().trim().replace('\n', "; ");
        vec![match error.span() {
            Some(span) => at(span, message, HINT),
            None => Diagnostic {
                severity: Severity::Error,
                file: file.to_string(),
                location: None,
                message,
                hint: HINT.to_string(),
            },
        }]
    })?;
    let mut problems = Vec::new();
    let mut config = Config {
        mouse: raw.mouse,
        hyperlinks: raw.hyperlinks,
        ..Config::default()
    };
    if let Some(theme) = &raw.theme {
        match ThemeName::parse(theme.get_ref()) {
            Some(name) => config.theme = Some(name),
            None => {
                let names: Vec<&str> = ThemeName::ALL.iter().map(|t| t.name()).collect();
                problems.push(at(
                    theme.span(),
                    format!("no theme \"{}\"", theme.get_ref()),
                    &format!("choose one of: {}", names.join(", ")),
                ));
            }
        }
    }
    for file in raw.files.iter().flatten() {
        let name = file.get_ref();
        if name.trim().is_empty() {
            problems.push(at(
                file.span(),
                "an empty file name".to_string(),
                "name a RON data file, or leave `files` out for the bundled data",
            ));
            continue;
        }
        config.files.push(resolve(name, folder));
    }
    let mut remaps = Vec::new();
    // Where each remap and each of its keys is in the file, for the clashes found later.
    let mut places: Vec<Vec<std::ops::Range<usize>>> = Vec::new();
    for (name, keys) in &raw.keys {
        let Some(action) = remap::action_named(name.get_ref()) else {
            let known: Vec<&str> = remap::names().iter().map(|(n, _)| *n).collect();
            let suggestion = strsim_closest(name.get_ref(), &known);
            problems.push(at(
                name.span(),
                format!("no action \"{}\" to remap", name.get_ref()),
                &match suggestion {
                    Some(close) => {
                        format!("did you mean \"{close}\"? (`config --default` lists every action)")
                    }
                    None => "`incident-explorer config --default` lists every action".to_string(),
                },
            ));
            continue;
        };
        if keys.get_ref().is_empty() {
            problems.push(at(
                keys.span(),
                format!("no keys for \"{}\"", name.get_ref()),
                "give at least one key, such as [\"y\"]; leave the line out to keep the default",
            ));
            continue;
        }
        let mut parsed = Vec::new();
        let mut spans = Vec::new();
        for key in keys.get_ref() {
            match remap::parse_key(key.get_ref()) {
                Ok(event) => {
                    parsed.push(event);
                    spans.push(key.span());
                }
                Err(message) => problems.push(at(key.span(), message, HINT)),
            }
        }
        if parsed.len() == keys.get_ref().len() {
            remaps.push(Remap {
                action,
                keys: parsed,
            });
            places.push(spans);
        }
    }
    if !remaps.is_empty() {
        match remap::remapped(&remaps) {
            Ok(keymap) => config.keymap = Some(Arc::new(keymap)),
            Err(clashes) => {
                for clash in clashes {
                    let span = places
                        .get(clash.remap)
                        .and_then(|spans| spans.get(clash.key))
                        .cloned()
                        .unwrap_or(0..0);
                    problems.push(at(
                        span,
                        clash.message,
                        "choose a key nothing else uses there, or remap the other action too",
                    ));
                }
            }
        }
    }
    if problems.is_empty() {
        Ok(config)
    } else {
        Err(problems)
    }
}

/// The closest name by edit distance, when it is close enough to be a typo.
fn strsim_closest<'a>(name: &str, known: &[&'a str]) -> Option<&'a str> {
    known
        .iter()
        .map(|k| (strsim::levenshtein(name, k), *k))
        .filter(|(distance, _)| *distance <= 2)
        .min()
        .map(|(_, k)| k)
}

/// A data file named in the configuration: `~/` is the home folder, and a relative path
/// is taken from the configuration file's folder (not wherever the app is started).
fn resolve(name: &str, folder: &Path) -> PathBuf {
    if let Some(rest) = name.strip_prefix("~/")
        && let Some(dirs) = directories::BaseDirs::new()
    {
        return dirs.home_dir().join(rest);
    }
    let path = Path::new(name);
    if path.is_absolute() {
        path.to_path_buf()
    } else {
        folder.join(path)
    }
}

/// A TOML string for a key name.
fn quoted(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The configuration file with every setting at its default, commented out: what
/// `config --default` prints, to save as the configuration file and edit.
pub fn default_text() -> String {
    let mut text = String::from(
        "# incident-explorer configuration (TOML). Every setting is optional: uncomment and\n\
         # change what you want. `incident-explorer config --path` says where this file is read.\n\
         \n\
         # Colour theme: dark, light, high-contrast (for projectors) or mono. --theme, --no-color\n\
         # and NO_COLOR win over it.\n\
         # theme = \"dark\"\n\
         \n\
         # Capture the mouse (wheel and clicks in the app); false leaves it to the terminal to\n\
         # select text, as --no-mouse does. M switches it in the app.\n\
         # mouse = true\n\
         \n\
         # Source addresses in the detail pane as hyperlinks (OSC 8) that the terminal opens on\n\
         # a click; false writes them as plain text. Off by itself on the Linux console.\n\
         # hyperlinks = true\n\
         \n\
         # Data files to open when the command line names none (the bundled data otherwise).\n\
         # Relative paths are taken from this file's folder; ~/ is your home folder.\n\
         # files = [\"~/incidents.ron\", \"~/attack.ron\"]\n\
         \n\
         # Keys, by action: each list replaces the action's keys on every screen and overlay\n\
         # (the search line keeps its letters; Esc, Ctrl-C, Ctrl-Z and F1 keep their meaning).\n\
         # A key that would mean two things where it is pressed is refused, naming both.\n\
         # Keys: a character (\"y\", \"G\"), or Enter, Space, Tab, Shift-Tab, Backspace, Del,\n\
         # Home, End, PgUp, PgDn, Up, Down, Left, Right, F2..F12, with Ctrl-, Alt- or Shift-.\n\
         [keys]\n",
    );
    let standard = Keymap::standard();
    for (name, action) in remap::names() {
        let binding = crate::app::keymap::Mode::ALL
            .into_iter()
            .flat_map(|mode| standard.bindings(mode))
            .find(|b| b.action == action && b.keys.iter().any(|&k| !remap::is_fixed(k)));
        let Some(binding) = binding else { continue };
        let keys: Vec<String> = binding
            .keys
            .iter()
            .filter(|&&k| !remap::is_fixed(k))
            .map(|&k| quoted(&crate::app::keymap::key_label(k)))
            .collect();
        let line = format!("# {name} = [{}]", keys.join(", "));
        text.push_str(&format!("{line:<40} # {}\n", binding.description));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_resolved_file_is_relative_to_the_configuration() {
        assert_eq!(
            resolve("data/a.ron", Path::new("/etc/ie")),
            PathBuf::from("/etc/ie/data/a.ron")
        );
        assert_eq!(
            resolve("/srv/a.ron", Path::new("/etc/ie")),
            PathBuf::from("/srv/a.ron")
        );
    }
}
