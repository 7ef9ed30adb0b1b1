use std::process::ExitCode;

fn main() -> ExitCode {
    incident_explorer::allocator::give_freed_memory_back_at_once();
    incident_explorer::cli::main()
}

/// mimalloc, tuned in `allocator.rs`.
#[global_allocator]
static ALLOCATOR: incident_explorer::allocator::Allocator = incident_explorer::allocator::Allocator;
