//! The `ende` binary: parse flags, call the library, map errors to exit codes
//! (0 success, 1 a finding such as a failed pair, 2 an error; a closed pipe is quiet success).

mod cli;
mod cmd;

use std::io::{BufWriter, Write};
use std::process::ExitCode;

use clap::Parser;

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|e| {
        e.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

fn run(cli: cli::Cli) -> anyhow::Result<ExitCode> {
    // 0: done; 1: a finding (a pair failed, coverage too low); 2: an error. `ok == false`
    // from split or align means a file could not be read; from the others, a finding.
    let (ok, failing) = match &cli.command {
        cli::Command::Split(args) => {
            // Locked only here: `batch -o -` writes standard output from a worker thread,
            // which would wait forever on a lock this thread held.
            let stdout = std::io::stdout();
            let mut out = BufWriter::with_capacity(64 * 1024, stdout.lock());
            let ok = cmd::split::run(args, &mut out)?;
            out.flush()?;
            (ok, 2)
        }
        cli::Command::Align(args) => (cmd::align::run(args)?, 2),
        cli::Command::Batch(args) => (cmd::batch::run(args)?, 1),
        cli::Command::Check(args) => (cmd::check::run(args)?, 1),
        cli::Command::Stream(args) => (cmd::stream::run(args)?, 1),
        cli::Command::Eval(args) => (cmd::eval::run(args)?, 1),
        cli::Command::Pair(args) => (cmd::pair::run(args)?, 1),
    };
    let code = if ok { 0 } else { failing };
    Ok(ExitCode::from(code))
}

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(err) if is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("ende: {err:#}");
            ExitCode::from(2)
        }
    }
}
