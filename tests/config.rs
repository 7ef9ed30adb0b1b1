//! The configuration file: settings read, problems reported with line and column, keys
//! remapped by action name (and refused when they clash), and the remapped keys shown by
//! the help overlay and the status bar as they now are.

mod common;

use std::path::Path;
use std::process::Command;

use common::Harness;
use incident_explorer::app::Mode;
use incident_explorer::config::{Config, default_text, parse};
use incident_explorer::data::diagnostic::Diagnostic;
use incident_explorer::theme::ThemeName;

fn read(text: &str) -> Result<Config, Vec<Diagnostic>> {
    parse(
        text,
        "config.toml",
        Path::new("/home/me/.config/incident-explorer"),
    )
}

fn problems(text: &str) -> Vec<String> {
    match read(text) {
        Ok(_) => panic!("{text} should not load"),
        Err(problems) => problems.iter().map(|p| p.to_string()).collect(),
    }
}

#[test]
fn a_good_file_sets_theme_mouse_files_and_keys() {
    let config = read(
        r#"
theme = "high-contrast"
mouse = false
files = ["incidents.ron", "/srv/attack.ron"]

[keys]
copy = ["Y"]

"#,
    )
    .unwrap_or_else(|p| panic!("{p:?}"));
    assert_eq!(config.theme, Some(ThemeName::HighContrast));
    assert_eq!(config.mouse, Some(false));
    assert_eq!(
        config.files,
        vec![
            Path::new("/home/me/.config/incident-explorer/incidents.ron").to_path_buf(),
            Path::new("/srv/attack.ron").to_path_buf()
        ]
    );
    let keymap = config.keymap.expect("keys remapped");
    let mut h = Harness::new(100, 30);
    h.app.keymap = keymap;
    h.press("Y");
    assert!(
        h.app
            .take_effects()
            .iter()
            .any(|e| matches!(e, incident_explorer::app::Effect::Copy(_))),
        "Y copies"
    );
}

#[test]
fn an_empty_file_is_every_default() {
    let config = read("").expect("empty is fine");
    assert_eq!(config.theme, None);
    assert_eq!(config.mouse, None);
    assert!(config.files.is_empty());
    assert!(config.keymap.is_none());
}

#[test]
fn the_default_file_loads_and_uncommented_gives_the_default_keys() {
    let text = default_text();
    let config = read(&text).expect("the default as printed");
    assert!(config.keymap.is_none(), "everything is commented");
    // Uncommenting every setting must load too, with the keys as they are.
    let uncommented: String = text
        .lines()
        .map(|line| match line.strip_prefix("# ") {
            Some(setting) if setting.contains(" = ") => setting.to_string(),
            _ => line.to_string(),
        })
        .collect::<Vec<_>>()
        .join("\n");
    let config = read(&uncommented).unwrap_or_else(|p| {
        panic!(
            "{}",
            p.iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("\n")
        )
    });
    assert_eq!(config.theme, Some(ThemeName::Dark));
    let keymap = config.keymap.expect("every key listed");
    let mut h = Harness::new(100, 30);
    let default_help = {
        h.press("?");
        let screen = h.screen();
        h.press("<Esc>");
        screen
    };
    h.app.keymap = keymap;
    h.press("?");
    assert_eq!(h.screen(), default_help, "the same keys, the same help");
}

#[test]
fn a_syntax_error_names_file_line_column_and_what_was_expected() {
    let shown = problems("theme = \"dark\"\nmouse = \"yes\"\n");
    assert_eq!(shown.len(), 1);
    assert!(shown[0].contains("config.toml:2:9"), "{}", shown[0]);
    assert!(shown[0].contains("expected a boolean"), "{}", shown[0]);
    assert!(
        shown[0].contains("mouse = \"yes\""),
        "the line: {}",
        shown[0]
    );
    let shown = problems("[keys\ncopy = [\"Y\"]\n");
    assert!(shown[0].contains("config.toml:1:"), "{}", shown[0]);
    let shown = problems("thme = \"dark\"\n");
    assert!(shown[0].contains("config.toml:1:1"), "{}", shown[0]);
    assert!(shown[0].contains("expected one of `theme`"), "{}", shown[0]);
}

#[test]
fn an_unknown_theme_lists_the_themes() {
    let shown = problems("theme = \"solarized\"\n");
    assert!(shown[0].contains("config.toml:1:9"), "{}", shown[0]);
    assert!(
        shown[0].contains("dark, light, high-contrast, mono"),
        "{}",
        shown[0]
    );
}

#[test]
fn an_unknown_action_is_an_error_with_a_suggestion() {
    let shown = problems("[keys]\ncpy = [\"Y\"]\nzoom = [\"Z\"]\n");
    assert_eq!(shown.len(), 1, "{shown:?}");
    assert!(shown[0].contains("no action \"cpy\""), "{}", shown[0]);
    assert!(shown[0].contains("config.toml:2:1"), "{}", shown[0]);
    assert!(shown[0].contains("did you mean \"copy\""), "{}", shown[0]);
}

#[test]
fn a_bad_key_name_and_an_empty_list_are_errors_in_place() {
    let shown = problems("[keys]\ncopy = [\"Y\", \"Hyper-y\"]\nzoom = []\n");
    assert_eq!(shown.len(), 2, "{shown:?}");
    assert!(shown[0].contains("config.toml:2:14"), "{}", shown[0]);
    assert!(
        shown[0].contains("\"Hyper-y\" is not a key"),
        "{}",
        shown[0]
    );
    assert!(shown[1].contains("config.toml:3:8"), "{}", shown[1]);
}

#[test]
fn a_clash_names_the_key_the_other_action_and_where() {
    // r is the incident's groups; m is the matrix on the relations screen.
    let shown = problems("[keys]\ncopy = [\"Y\", \"r\"]\n");
    assert_eq!(shown.len(), 1, "{shown:?}");
    assert!(shown[0].contains("config.toml:2:14"), "{}", shown[0]);
    assert!(shown[0].contains("r already means groups"), "{}", shown[0]);
    let shown = problems("[keys]\ncopy = [\"m\"]\n");
    assert!(shown[0].contains("m already means matrix"), "{}", shown[0]);
    // Two actions given one key.
    let shown = problems("[keys]\ncopy = [\"Y\"]\ngroups = [\"Y\"]\n");
    assert!(!shown.is_empty());
    // Esc, Ctrl-C and Ctrl-Z are the grammar's.
    let shown = problems("[keys]\nquit = [\"Ctrl-C\"]\n");
    assert!(shown[0].contains("cannot be remapped"), "{}", shown[0]);
    // A swap is fine.
    read("[keys]\ncopy = [\"r\"]\ngroups = [\"y\"]\n").expect("a swap is no clash");
}

#[test]
fn help_and_the_status_bar_show_the_remapped_keys() {
    let config = read("[keys]\nhelp = [\"H\"]\nsearch = [\"S\"]\n").expect("no clash");
    let mut h = Harness::new(100, 30);
    h.app.keymap = config.keymap.expect("remapped");
    let status = h.screen().lines().last().unwrap_or_default().to_string();
    assert!(status.contains("H help"), "{status}");
    assert!(status.contains("S search"), "{status}");
    assert!(!status.contains("? help"), "{status}");
    h.press("?");
    assert!(!h.app.layers.iter().any(|_| true), "? no longer opens help");
    h.press("H/every key");
    let screen = h.screen();
    assert!(screen.contains("H/F1"), "help lists H with F1: {screen}");
    assert!(!screen.contains("?/F1"), "{screen}");
    h.press("<Esc><Esc>/");
    assert_ne!(h.app.mode(), Mode::Search, "/ no longer searches");
    h.press("S");
    assert_eq!(h.app.mode(), Mode::Search, "S does");
}

fn binary(args: &[&str], config_home: &Path) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_incident-explorer"))
        .args(args)
        .env("XDG_CONFIG_HOME", config_home)
        .env("HOME", config_home)
        .output()
        .expect("the binary runs")
}

#[test]
fn the_config_command_says_where_prints_a_default_and_checks() {
    let home = tempfile::tempdir().expect("a folder");
    let out = binary(&["config", "--path"], home.path());
    let expected = home.path().join("incident-explorer").join("config.toml");
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim(),
        expected.display().to_string()
    );
    let out = binary(&["config"], home.path());
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("the defaults apply"));
    let out = binary(&["config", "--default"], home.path());
    assert_eq!(String::from_utf8_lossy(&out.stdout), default_text());
    std::fs::create_dir_all(expected.parent().expect("a folder")).expect("made");
    std::fs::write(&expected, "[keys]\ncopy = [\"m\"]\n").expect("written");
    let out = binary(&["config"], home.path());
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("config.toml:2:9"), "{stderr}");
    // The app stops on it before it takes the terminal, with the same message.
    let out = binary(&[], home.path());
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(String::from_utf8_lossy(&out.stderr), stderr);
    // --config picks another file, which must exist.
    let other = home.path().join("other.toml");
    std::fs::write(&other, "theme = \"light\"\n").expect("written");
    let out = binary(
        &["config", "--config", other.to_str().expect("UTF-8")],
        home.path(),
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = binary(&["--config", "/no/such/config.toml"], home.path());
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("/no/such/config.toml"));
}

#[test]
fn messages_from_a_hostile_file_are_escaped() {
    let shown = problems("[keys]\n\"cpy\\u001b]0;owned\\u0007\" = [\"Y\"]\n");
    let printed = incident_explorer::report::escape_message(&shown[0]);
    assert!(!printed.contains('\u{1b}'), "{printed}");
}
