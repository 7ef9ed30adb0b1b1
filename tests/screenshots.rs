//! The pictures in screenshots/ are drawn by the app's own code. This test fails when a
//! committed SVG no longer matches what the code draws; regenerate them (and their PNGs,
//! with rsvg-convert from Debian's librsvg2-bin) with:
//!
//!     UPDATE_SCREENSHOTS=1 cargo test --test screenshots

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use incident_explorer::screenshot::{ScreenSpec, ScreenView, render};
use incident_explorer::theme::ThemeName;
use incident_explorer::ui::svg::buffer_to_svg;

fn spec(view: ScreenView) -> ScreenSpec {
    ScreenSpec {
        view,
        query: None,
        keys: None,
        tour: None,
        size: (120, 36),
        theme: ThemeName::Dark,
    }
}

fn shots() -> Vec<(&'static str, ScreenSpec)> {
    vec![
        (
            "incidents",
            ScreenSpec {
                query: Some("octo tempest".into()),
                ..spec(ScreenView::Incidents)
            },
        ),
        (
            "detail",
            ScreenSpec {
                query: Some("maxis".into()),
                keys: Some("<Enter>".into()),
                ..spec(ScreenView::Incidents)
            },
        ),
        (
            "relations",
            ScreenSpec {
                keys: Some("j<Enter>".into()),
                ..spec(ScreenView::Relations)
            },
        ),
        ("matrix", spec(ScreenView::Matrix)),
        ("third-parties", spec(ScreenView::ThirdParties)),
        (
            "timeline",
            ScreenSpec {
                keys: Some("jjjj".into()),
                ..spec(ScreenView::Timeline)
            },
        ),
        ("help", spec(ScreenView::Help)),
        (
            "help-filtered",
            ScreenSpec {
                keys: Some("?/pane".into()),
                ..spec(ScreenView::Matrix)
            },
        ),
        (
            "did-you-mean",
            ScreenSpec {
                keys: Some("/shinyhuntres".into()),
                ..spec(ScreenView::Incidents)
            },
        ),
        (
            "tour-high-contrast",
            ScreenSpec {
                tour: Some(("claims-vs-facts".into(), 3)),
                theme: ThemeName::HighContrast,
                ..spec(ScreenView::Incidents)
            },
        ),
        (
            "profile",
            ScreenSpec {
                keys: Some("jji".into()),
                ..spec(ScreenView::Relations)
            },
        ),
        (
            "tour-step",
            ScreenSpec {
                tour: Some(("claims-vs-facts".into(), 4)),
                size: (90, 26),
                ..spec(ScreenView::Incidents)
            },
        ),
        (
            "incidents-light",
            ScreenSpec {
                theme: ThemeName::Light,
                ..spec(ScreenView::Incidents)
            },
        ),
    ]
}

fn folder() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("screenshots")
}

#[test]
fn committed_screenshots_match_the_drawing_code() {
    let update = std::env::var_os("UPDATE_SCREENSHOTS").is_some_and(|v| v != "0");
    let mut stale = Vec::new();
    for (name, spec) in shots() {
        let buffer = render(common::bundled(), &spec).unwrap_or_else(|e| panic!("{name}: {e}"));
        let svg = buffer_to_svg(&buffer, spec.theme);
        let path = folder().join(format!("{name}.svg"));
        if update {
            std::fs::create_dir_all(folder()).unwrap();
            std::fs::write(&path, &svg).unwrap();
            let png = path.with_extension("png");
            match Command::new("rsvg-convert")
                .arg(&path)
                .arg("-o")
                .arg(&png)
                .status()
            {
                Ok(status) if status.success() => {}
                other => panic!(
                    "rsvg-convert could not make {}: {other:?} (apt-get install librsvg2-bin)",
                    png.display()
                ),
            }
        } else if std::fs::read_to_string(&path).ok().as_deref() != Some(svg.as_str()) {
            stale.push(name);
        }
    }
    assert!(
        stale.is_empty(),
        "screenshots out of date: {stale:?}; run `UPDATE_SCREENSHOTS=1 cargo test --test screenshots`"
    );
}
