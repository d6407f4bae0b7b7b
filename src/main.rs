//! The `briefwright` binary: all the work is in the library; see `cli`.

/// Rendering allocates many small short-lived values (template contexts, shaped words, page
/// items); mimalloc serves them measurably faster than the system allocator.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    briefwright::cli::run()
}
