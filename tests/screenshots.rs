//! The pictures in screenshots/ are drawn by the app's own code. This test fails when a
//! committed SVG no longer matches what the code draws, and when a PNG the README shows is
//! missing, does not decode, has the wrong size, or was not made from the committed SVG
//! (each PNG carries the SHA-256 of its SVG in a `tEXt` chunk). Regenerate them (the PNGs
//! with rsvg-convert from Debian's librsvg2-bin) with:
//!
//!     UPDATE_SCREENSHOTS=1 cargo test --test screenshots

mod common;

use std::io::Cursor;
use std::path::{Path, PathBuf};
use std::process::Command;

use sha2::{Digest, Sha256};

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
        (
            // The graph opens on the newest incident's victim; h goes to its group.
            "graph",
            ScreenSpec {
                keys: Some("h".into()),
                size: (120, 40),
                ..spec(ScreenView::Graph)
            },
        ),
        (
            "graph-high-contrast",
            ScreenSpec {
                keys: Some("h".into()),
                size: (120, 40),
                theme: ThemeName::HighContrast,
                ..spec(ScreenView::Graph)
            },
        ),
        (
            "graph-80x24",
            ScreenSpec {
                keys: Some("h".into()),
                size: (80, 24),
                ..spec(ScreenView::Graph)
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
            let made = std::fs::read(&png).unwrap();
            std::fs::write(&png, with_source(&made, &sha256(svg.as_bytes()))).unwrap();
        } else if std::fs::read_to_string(&path).ok().as_deref() != Some(svg.as_str()) {
            stale.push(name);
        }
    }
    assert!(
        stale.is_empty(),
        "screenshots out of date: {stale:?}; run `UPDATE_SCREENSHOTS=1 cargo test --test screenshots`"
    );
}

/// The keyword of the PNG text chunk that names the SVG a PNG was made from.
const SOURCE_KEYWORD: &str = "Source-SVG-SHA256";

fn sha256(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// `png` with a `tEXt` chunk naming the SVG's hash, right after the header chunk.
fn with_source(png: &[u8], hash: &str) -> Vec<u8> {
    // The 8-byte signature, then IHDR: length (4), type (4), 13 bytes of data, CRC (4).
    let after_header = 8 + 4 + 4 + 13 + 4;
    assert_eq!(
        &png[12..16],
        b"IHDR",
        "rsvg-convert wrote a PNG that starts with IHDR"
    );
    let mut data = SOURCE_KEYWORD.as_bytes().to_vec();
    data.push(0);
    data.extend_from_slice(hash.as_bytes());
    let mut chunk = (data.len() as u32).to_be_bytes().to_vec();
    let typed: Vec<u8> = b"tEXt".iter().chain(&data).copied().collect();
    chunk.extend_from_slice(&typed);
    chunk.extend_from_slice(&crc32fast::hash(&typed).to_be_bytes());
    let mut out = png[..after_header].to_vec();
    out.extend_from_slice(&chunk);
    out.extend_from_slice(&png[after_header..]);
    out
}

/// The `width` and `height` attributes of an SVG's root element.
fn svg_size(svg: &str) -> Option<(u32, u32)> {
    let root = &svg[svg.find("<svg")?..];
    let root = &root[..root.find('>')?];
    let attribute = |name: &str| -> Option<u32> {
        let start = root.find(&format!(" {name}=\""))? + name.len() + 3;
        root[start..].split('"').next()?.parse().ok()
    };
    Some((attribute("width")?, attribute("height")?))
}

/// Every PNG the README shows is there, decodes whole, is as large as its SVG, and was made
/// from the committed SVG (which the test above checks against the code): a PNG left stale
/// after its SVG was redrawn fails here.
#[test]
fn the_pngs_the_readme_shows_are_made_from_the_current_svgs() {
    if std::env::var_os("UPDATE_SCREENSHOTS").is_some_and(|v| v != "0") {
        eprintln!("skipped while the screenshots are redrawn; run the tests again to check them");
        return;
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(root.join("README.md")).expect("README.md");
    let shown: Vec<&str> = readme
        .split("](")
        .skip(1)
        .filter_map(|rest| rest.split(')').next())
        .filter(|target| target.starts_with("screenshots/") && target.ends_with(".png"))
        .collect();
    assert!(
        shown.len() >= 10,
        "the README shows the screenshots: {shown:?}"
    );
    let mut problems = Vec::new();
    for target in shown {
        let png_path = root.join(target);
        let svg_path = png_path.with_extension("svg");
        let Ok(png) = std::fs::read(&png_path) else {
            problems.push(format!("{target}: missing"));
            continue;
        };
        let Ok(svg) = std::fs::read_to_string(&svg_path) else {
            problems.push(format!("{target}: no SVG beside it"));
            continue;
        };
        let mut reader = match png::Decoder::new(Cursor::new(&png)).read_info() {
            Ok(reader) => reader,
            Err(error) => {
                problems.push(format!("{target}: does not decode: {error}"));
                continue;
            }
        };
        let info = reader.info();
        let size = (info.width, info.height);
        let source = info
            .uncompressed_latin1_text
            .iter()
            .find(|t| t.keyword == SOURCE_KEYWORD)
            .map(|t| t.text.clone());
        let mut pixels = vec![0; reader.output_buffer_size().unwrap_or(0)];
        if let Err(error) = reader.next_frame(&mut pixels) {
            problems.push(format!("{target}: its pixels do not decode: {error}"));
        }
        if svg_size(&svg) != Some(size) {
            problems.push(format!("{target}: {size:?}, its SVG {:?}", svg_size(&svg)));
        }
        if source.as_deref() != Some(sha256(svg.as_bytes()).as_str()) {
            problems.push(format!(
                "{target}: not made from the committed SVG ({source:?})"
            ));
        }
    }
    assert!(
        problems.is_empty(),
        "{problems:#?}\nrun `UPDATE_SCREENSHOTS=1 cargo test --test screenshots`"
    );
}
