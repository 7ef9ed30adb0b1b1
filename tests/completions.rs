//! `completions` and `man` print scripts and a manual page generated from the command-line
//! definitions: every shell's script and the man page name every command, and the man page
//! every option of each.

use std::process::Command;

use clap::CommandFactory;
use incident_explorer::cli::Cli;

fn run(args: &[&str]) -> String {
    let output = Command::new(env!("CARGO_BIN_EXE_incident-explorer"))
        .args(args)
        .output()
        .expect("the binary runs");
    assert!(
        output.status.success(),
        "{args:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(output.stderr.is_empty(), "{args:?} wrote to stderr");
    String::from_utf8(output.stdout).expect("UTF-8")
}

/// Every command's name, with its parents' (`import stix`), from the definitions themselves:
/// a command added later is checked without touching this test.
fn commands() -> Vec<Vec<String>> {
    fn walk(command: &clap::Command, path: &[String], out: &mut Vec<Vec<String>>) {
        for sub in command.get_subcommands() {
            let mut here = path.to_vec();
            here.push(sub.get_name().to_string());
            out.push(here.clone());
            walk(sub, &here, out);
        }
    }
    let mut out = Vec::new();
    walk(&Cli::command(), &[], &mut out);
    out
}

#[test]
fn the_commands_include_what_the_readme_documents() {
    let names: Vec<String> = commands().iter().map(|c| c.join(" ")).collect();
    for expected in [
        "check",
        "screenshot",
        "generate",
        "import",
        "import hibp",
        "import misp-galaxy",
        "import stix",
        "import veris",
        "export",
        "completions",
        "man",
    ] {
        assert!(
            names.iter().any(|n| n == expected),
            "{expected} in {names:?}"
        );
    }
}

#[test]
fn every_shells_completions_name_every_command() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let script = run(&["completions", shell]);
        assert!(script.len() > 500, "{shell}: {script}");
        for command in commands() {
            let name = command.last().expect("a name");
            assert!(
                script.contains(name.as_str()),
                "{shell} completions lack {command:?}"
            );
        }
        // Options complete too, and the theme's values are offered by name.
        assert!(script.contains("no-mouse"), "{shell}: --no-mouse");
    }
}

#[test]
fn the_bash_script_completes_the_subcommands_of_import() {
    let script = run(&["completions", "bash"]);
    let import = script
        .lines()
        .find(|line| line.contains("opts=") && line.contains("hibp"))
        .expect("a line offering import's commands");
    for name in ["hibp", "misp-galaxy", "stix", "veris"] {
        assert!(import.contains(name), "{import}");
    }
}

#[test]
fn an_unknown_shell_is_refused_with_the_known_ones() {
    let output = Command::new(env!("CARGO_BIN_EXE_incident-explorer"))
        .args(["completions", "nushell"])
        .output()
        .expect("the binary runs");
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("bash, elvish, fish, powershell, zsh"),
        "{stderr}"
    );
    assert!(output.stdout.is_empty());
}

#[test]
fn the_man_page_has_a_section_for_every_command_with_its_options() {
    let page = run(&["man"]);
    assert!(
        page.contains(".TH incident-explorer 1"),
        "a man page header"
    );
    for section in ["NAME", "SYNOPSIS", "DESCRIPTION", "OPTIONS", "VERSION"] {
        assert!(page.contains(&format!(".SH {section}\n")), "{section}");
    }
    let mut sections = page.split("\n.SH ").skip(1);
    for command in commands() {
        let heading = format!("\"INCIDENT-EXPLORER {}\"", command.join(" ").to_uppercase());
        let body = sections
            .find(|s| s.starts_with(&heading))
            .unwrap_or_else(|| panic!("no section {heading} (in order)"));
        // The command's own options are in its section (roff escapes every dash).
        let mut definition = Cli::command();
        for name in &command {
            definition = definition.find_subcommand(name).expect("a command").clone();
        }
        for argument in definition.get_arguments() {
            if let Some(long) = argument.get_long() {
                let roff = format!("\\-\\-{}", long.replace('-', "\\-"));
                assert!(body.contains(&roff), "{heading} lacks --{long}");
            }
        }
    }
    // No reference to per-command pages, which are not installed.
    assert!(!page.contains("incident\\-explorer\\-check(1)"));
}

#[test]
fn the_man_page_reads_as_a_manual() {
    // Only where man itself is installed: its formatter must accept the page whole.
    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = dir.path().join("incident-explorer.1");
    std::fs::write(&path, run(&["man"])).expect("written");
    let Ok(output) = Command::new("man")
        .arg("-l")
        .arg(&path)
        .env("MANWIDTH", "80")
        .env("MANPAGER", "cat")
        .env("PAGER", "cat")
        .output()
    else {
        eprintln!("skipped: no man command here");
        return;
    };
    if !output.status.success() {
        eprintln!(
            "skipped: man could not run ({})",
            String::from_utf8_lossy(&output.stderr)
        );
        return;
    }
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(text.contains("INCIDENT-EXPLORER IMPORT STIX"), "{text}");
    assert!(text.contains("--include-sensitive"), "{text}");
}
