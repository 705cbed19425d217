//! `tosspayments-server`: the companion server as a process. Configured from the environment
//! (`tosspayments-server --help` lists every variable; see also the `config` module); stops on
//! Ctrl-C and on SIGTERM (what container runtimes send), finishing the requests in flight.

use std::process::ExitCode;

use tosspayments_server::config::{Config, HELP};

#[tokio::main]
async fn main() -> ExitCode {
    if let Some(arg) = std::env::args().nth(1) {
        match arg.as_str() {
            "-h" | "--help" => {
                print!("{HELP}");
                return ExitCode::SUCCESS;
            }
            "-V" | "--version" => {
                println!("tosspayments-server {}", env!("CARGO_PKG_VERSION"));
                return ExitCode::SUCCESS;
            }
            other => {
                eprintln!(
                    "tosspayments-server: unknown argument {other}: the server is configured from the environment\n\n{HELP}"
                );
                return ExitCode::from(2);
            }
        }
    }
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "info,tower_http=info,sqlx=warn".into()),
        )
        .init();
    let config = match Config::from_env() {
        Ok(c) => c,
        Err(e) => {
            eprintln!("tosspayments-server: {e}");
            return ExitCode::from(2);
        }
    };
    let bind = config.bind.clone();
    let api_base = config.api_base.clone();
    // The binary sells the demo catalog; a storefront mounting the router passes its own.
    let state = match config
        .into_state(std::sync::Arc::new(
            tosspayments_server::catalog::DemoCatalog,
        ))
        .await
    {
        Ok(s) => s,
        Err(e) => {
            eprintln!("tosspayments-server: {e}");
            return ExitCode::FAILURE;
        }
    };
    let listener = match tokio::net::TcpListener::bind(&bind).await {
        Ok(l) => l,
        Err(e) => {
            eprintln!("tosspayments-server: cannot listen on {bind}: {e}");
            return ExitCode::FAILURE;
        }
    };
    tosspayments_server::spawn_background(&state);
    let addr = listener.local_addr().map(|a| a.to_string()).unwrap_or(bind);
    println!("tosspayments-server listening on http://{addr} (Toss API: {api_base})");
    let app = tosspayments_server::router(state);
    // The peer address keys the rate limits (`limits`).
    let app = app.into_make_service_with_connect_info::<std::net::SocketAddr>();
    let listener = tosspayments_server::without_delay(listener);
    let served = axum::serve(listener, app)
        .with_graceful_shutdown(shutdown_signal())
        .await;
    match served {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("tosspayments-server: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Ctrl-C, or SIGTERM on Unix.
async fn shutdown_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
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
    tracing::info!("shutting down: finishing the requests in flight");
}
