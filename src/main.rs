use std::process::ExitCode;

fn main() -> ExitCode {
    incident_explorer::cli::main()
}

/// mimalloc; loads have it give freed memory back at once (`allocator.rs`).
#[global_allocator]
static ALLOCATOR: incident_explorer::allocator::Allocator = incident_explorer::allocator::Allocator;
