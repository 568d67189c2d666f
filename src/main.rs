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
    let ok = match &cli.command {
        cli::Command::Split(args) => cmd::split::run(args, &mut out)?,
        cli::Command::Align(args) => cmd::align::run(args, &mut out)?,
    };
    out.flush()?;
    Ok(if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(2)
    })
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
