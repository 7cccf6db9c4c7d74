//! `linkflow-devserver`: command line.
//!
//! ```text
//! linkflow-devserver [--host 127.0.0.1] [--port 8787] [--app-key demo-key]
//!     [--app-secret demo-secret] [--token-ttl-secs 7200] [--seed N]
//!     [--seed-events-per-contact 3] [--group-cap 100] [--www DIR] [--pkg DIR]
//!     [--latency-ms MS] [--fail-rate 0..1] [--fail-status 503] [--retry-after-secs S]
//!     [--drop-rate 0..1] [--stall-ms MS] [--fault-paths /a,/b]
//!     [--corrupt truncate|nonjson|wrongtype|guide] [--corrupt-rate 0..1]
//! ```
//!
//! Prints `listening on http://HOST:PORT` (the bound port) when ready; exits 0 on
//! SIGINT/SIGTERM, 2 on a bad command line, 1 when it cannot bind.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use linkflow_devserver::{serve, Config};

const USAGE: &str = "\
linkflow-devserver: local stand-in for the Linkflow Open API and the tracker collector

Options (value as `--flag VALUE` or `--flag=VALUE`):
  --host HOST                   address to bind (default 127.0.0.1)
  --port PORT                   port (default 8787; 0 picks a free one)
  --app-key KEY                 app key GET /token accepts (default demo-key)
  --app-secret SECRET           app secret (default demo-secret)
  --token-ttl-secs S            token lifetime (default 7200)
  --seed N                      N synthetic contacts (deterministic; default 0)
  --seed-events-per-contact K   events per seeded contact (default 3)
  --group-cap N                 most groups POST /v2/groups allows (default 100)
  --www DIR                     serve DIR at / (index.html)
  --pkg DIR                     serve DIR at /pkg/
  --latency-ms MS               delay every request (not /__admin)
  --fail-rate R                 answer --fail-status with probability R (0..1)
  --fail-status CODE            status of injected failures (default 503)
  --retry-after-secs S          Retry-After sent with injected failures
  --drop-rate R                 close the connection unanswered with probability R
  --stall-ms MS                 extra delay before answering (a stall)
  --fault-paths P1,P2           path prefixes faults apply to (default all)
  --corrupt MODE                break 2xx answer bodies: truncate, nonjson, wrongtype, guide
  --corrupt-rate R              probability of breaking an answer (0..1, default 1)
  -h, --help                    this text
";

fn parse_num<T: std::str::FromStr>(flag: &str, v: &str) -> Result<T, String> {
    v.parse::<T>().map_err(|_| format!("{flag}: invalid value {v:?}"))
}

fn parse_rate(flag: &str, v: &str) -> Result<f64, String> {
    let r: f64 = parse_num(flag, v)?;
    if (0.0..=1.0).contains(&r) {
        Ok(r)
    } else {
        Err(format!("{flag}: must be between 0 and 1"))
    }
}

/// Parses the command line (without the program name). `Ok(None)` means `--help`.
fn parse_args(args: impl IntoIterator<Item = String>) -> Result<Option<Config>, String> {
    let mut c = Config::default();
    let mut it = args.into_iter();
    while let Some(arg) = it.next() {
        if arg == "-h" || arg == "--help" {
            return Ok(None);
        }
        let (flag, inline) = match arg.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f.to_string(), Some(v.to_string())),
            _ => (arg.clone(), None),
        };
        if !flag.starts_with("--") {
            return Err(format!("unexpected argument {arg:?}"));
        }
        let mut value = || inline.clone().or_else(|| it.next()).ok_or_else(|| format!("{flag} needs a value"));
        match flag.as_str() {
            "--host" => c.host = value()?,
            "--port" => c.port = parse_num(&flag, &value()?)?,
            "--app-key" => c.app_key = value()?,
            "--app-secret" => c.app_secret = value()?,
            "--token-ttl-secs" => c.token_ttl_secs = parse_num(&flag, &value()?)?,
            "--seed" => c.seed = parse_num(&flag, &value()?)?,
            "--seed-events-per-contact" => c.seed_events_per_contact = parse_num(&flag, &value()?)?,
            "--group-cap" => c.group_cap = parse_num(&flag, &value()?)?,
            "--www" => c.www = Some(PathBuf::from(value()?)),
            "--pkg" => c.pkg = Some(PathBuf::from(value()?)),
            "--latency-ms" => c.faults.latency_ms = parse_num(&flag, &value()?)?,
            "--fail-rate" => c.faults.fail_rate = parse_rate(&flag, &value()?)?,
            "--fail-status" => {
                let s: u16 = parse_num(&flag, &value()?)?;
                if !(400..=599).contains(&s) {
                    return Err(format!("{flag}: must be 400..599"));
                }
                c.faults.fail_status = s;
            }
            "--retry-after-secs" => c.faults.retry_after_secs = Some(parse_num(&flag, &value()?)?),
            "--drop-rate" => c.faults.drop_rate = parse_rate(&flag, &value()?)?,
            "--stall-ms" => c.faults.stall_ms = parse_num(&flag, &value()?)?,
            "--fault-paths" => {
                let v = value()?;
                let list: Vec<String> = v.split(',').map(str::trim).filter(|s| !s.is_empty()).map(str::to_string).collect();
                c.faults.paths = if list.is_empty() { None } else { Some(list) };
            }
            "--corrupt" => {
                let v = value()?;
                let how = linkflow_devserver::faults::Corrupt::parse(&v)
                    .ok_or_else(|| format!("{flag}: one of truncate, nonjson, wrongtype, guide"))?;
                c.faults.corrupt = Some(how);
            }
            "--corrupt-rate" => c.faults.corrupt_rate = parse_rate(&flag, &value()?)?,
            _ => return Err(format!("unknown option {flag}")),
        }
    }
    Ok(Some(c))
}

async fn wait_for_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => {}
                    _ = term.recv() => {}
                }
            }
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}

#[tokio::main]
async fn main() -> ExitCode {
    let config = match parse_args(std::env::args().skip(1)) {
        Ok(Some(c)) => c,
        Ok(None) => {
            print!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(e) => {
            eprintln!("linkflow-devserver: {e}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let server = match serve(config).await {
        Ok(s) => s,
        Err(e) => {
            eprintln!("linkflow-devserver: cannot start: {e}");
            return ExitCode::from(1);
        }
    };
    {
        let mut out = std::io::stdout().lock();
        let _ = writeln!(out, "listening on {}", server.url());
        let _ = out.flush();
    }
    wait_for_signal().await;
    server.shutdown().await;
    ExitCode::SUCCESS
}

#[cfg(test)]
mod tests {
    use super::parse_args;

    fn args(s: &str) -> Vec<String> {
        s.split_whitespace().map(str::to_string).collect()
    }

    #[test]
    fn defaults_and_flags() {
        let c = parse_args(args("")).unwrap().unwrap();
        assert_eq!((c.host.as_str(), c.port, c.app_key.as_str(), c.token_ttl_secs), ("127.0.0.1", 8787, "demo-key", 7200));
        let c = parse_args(args("--port=0 --seed 10 --fail-rate 0.5 --retry-after-secs 2 --www ./www")).unwrap().unwrap();
        assert_eq!(c.port, 0);
        assert_eq!(c.seed, 10);
        assert_eq!(c.faults.fail_rate, 0.5);
        assert_eq!(c.faults.retry_after_secs, Some(2));
        assert!(c.www.is_some());
        assert!(parse_args(args("--fail-rate 2")).is_err());
        let c = parse_args(args("--corrupt guide --corrupt-rate=0.25")).unwrap().unwrap();
        assert_eq!(c.faults.corrupt, Some(linkflow_devserver::faults::Corrupt::Guide));
        assert_eq!(c.faults.corrupt_rate, 0.25);
        assert!(parse_args(args("--corrupt bogus")).is_err());
        assert!(parse_args(args("--bogus")).is_err());
        assert!(parse_args(args("--port")).is_err());
        assert!(parse_args(args("--help")).unwrap().is_none());
    }
}
