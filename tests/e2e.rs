#[path = "e2e/pty.rs"]
mod pty;

use pty::Term;

#[test]
fn explore() {
    let mut term = Term::spawn(&[], 80, 24);
    term.wait_for("Search");
    eprintln!("{}", term.text());
    eprintln!("raw mode: {}", pty::is_raw(&term.termios()));
    term.send("/");
    term.send("octo tempest");
    term.wait_for("via alias");
    eprintln!("{}", term.text());
    term.send("\r");
    std::thread::sleep(std::time::Duration::from_millis(300));
    eprintln!("{}", term.text());
    term.send("\r");
    std::thread::sleep(std::time::Duration::from_millis(300));
    eprintln!("{}", term.text());
    term.send("2");
    std::thread::sleep(std::time::Duration::from_millis(300));
    eprintln!("{}", term.text());
    term.send("?");
    std::thread::sleep(std::time::Duration::from_millis(300));
    eprintln!("{}", term.text());
    term.send("\x1b");
    std::thread::sleep(std::time::Duration::from_millis(300));
    term.resize(120, 40);
    std::thread::sleep(std::time::Duration::from_millis(300));
    eprintln!("{}", term.text());
    term.resize(40, 10);
    std::thread::sleep(std::time::Duration::from_millis(300));
    eprintln!("{}", term.text());
    term.send("q");
    let done = term.finish();
    eprintln!("{:?} raw={}", done.status, pty::is_raw(&done.termios));
    eprintln!(
        "{}",
        pty::escaped(&done.raw[done.raw.len().saturating_sub(300)..])
    );
    eprintln!("{}", pty::escaped(&done.raw[..300]));
}
