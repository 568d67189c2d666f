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
    let stdout = std::io::stdout();
    let mut out = BufWriter::with_capacity(64 * 1024, stdout.lock());
    // 0: done; 1: a finding (a pair failed, coverage too low); 2: an error.
    let code = match &cli.command {
        cli::Command::Split(args) => {
            if cmd::split::run(args, &mut out)? {
                0
            } else {
                2
            }
        }
        cli::Command::Align(args) => {
            if cmd::align::run(args)? {
                0
            } else {
                2
            }
        }
        cli::Command::Batch(args) => {
            if cmd::batch::run(args)? {
                0
            } else {
                1
            }
        }
        cli::Command::Check(args) => {
            if cmd::check::run(args)? {
                0
            } else {
                1
            }
        }
        cli::Command::Stream(args) => {
            if cmd::stream::run(args)? {
                0
            } else {
                1
            }
        }
        cli::Command::Eval(args) => {
            if cmd::eval::run(args)? {
                0
            } else {
                1
            }
        }
    };
    out.flush()?;
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
